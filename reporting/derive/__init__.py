"""Derive: a validated deal -> the figures reports show (pure; pandas where a table is worked on).

``metrics`` is the one catalogue of pool figures (label, unit, bound, how computed,
which checks mark it); ``summary`` builds a deal's summary model, ``diff`` and
``key_changes`` compare two deals, ``shelf`` a deal with the deals before it,
``whole_deal`` the deal figures the pools prove, ``geography`` the state shares,
``buckets`` lines up two tables' rows, ``wording`` how filing titles read.
"""
