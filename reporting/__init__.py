"""termsheet: CMSI 8-K mortgage-pool filings to standardized collateral summaries.

Importing the package is cheap: the parse path uses only the standard library;
pandas, matplotlib and WeasyPrint are imported by the stages that need them.
"""

__version__ = "0.2.0"
