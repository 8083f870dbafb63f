"""Batch: the deal pipeline mapped over many filings, in worker processes, resumably.

``run`` finds the filings and runs ``pipeline.render_filing`` for each in a pool of
workers; ``manifest`` remembers what was rendered from what, so an unchanged filing is
skipped; ``progress`` reports on the terminal. The index page is the deliver stage's.
"""
