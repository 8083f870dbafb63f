"""Validate: the reconciliations a filing's own figures allow, recorded on the deal as checks."""

from reporting.validate.reconcile import validate

__all__ = ["validate"]
