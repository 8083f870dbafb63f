"""The deal (`termsheet parse --json`) and the deal diff (`termsheet diff --format json`) as JSON.

Names follow the model's fields; dates are ISO strings, enums their values, and
a fact the filing does not state is null. A fact holder's ``provenance`` becomes
an object keyed by field name (``{"wac": {"source_lines": [...], ...}}``), and so
does a pool's ``derived`` (each entry ``"derived": true``, beside the stated field
it stands in for, which stays null).
``reporting/schema/deal.schema.json`` describes the result and the tests hold the
output to it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from reporting import __version__
from reporting.model.deal import OMITTED_WHEN_NONE, Check, Deal, DerivedFigure, Pool, Provenance

if TYPE_CHECKING:
    from reporting.model.diff import DealDiff

SCHEMA_VERSION = 1


def _by_field(value: tuple[Provenance, ...] | tuple[DerivedFigure, ...], **extra: Any) -> dict[str, Any]:
    return {p.field: {**{k: v for k, v in plain(p).items() if k != "field"}, **extra} for p in value}


def _fields(value: Any) -> dict[str, Any]:
    data = {
        f.name: plain(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if not (f.metadata == OMITTED_WHEN_NONE and getattr(value, f.name) is None)
    }
    if "provenance" in data:
        data["provenance"] = _by_field(value.provenance)
    if isinstance(value, Pool):
        data["derived"] = _by_field(value.derived, derived=True)
    return data


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates and tuples as JSON's own types; a non-finite number as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None  # no figure is infinite: such a value is not known, and strict JSON has no word for it
    if isinstance(value, Check):
        data = _fields(value)
        data["difference"] = plain(round(value.difference, 9))
        data["compares"] = value.compares  # its kind's words (``check_kinds``), for a reader of the JSON alone
        return data
    if dataclasses.is_dataclass(value):
        return _fields(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def deal_to_dict(deal: Deal) -> dict[str, Any]:
    data = {"schema_version": SCHEMA_VERSION, "tool_version": __version__}
    data.update(plain(deal))
    data["verdict"] = deal.verdict.value
    data["verdict_reason"] = deal.verdict_reason
    data["checks_passed"] = deal.checks_passed
    data["checks_not_run"] = len(deal.not_run)
    data["preliminary_note"] = deal.preliminary_note  # a collateral term sheet's one line; null for another kind
    return data


def deal_to_json(deal: Deal) -> str:
    return strict_json(deal_to_dict(deal))


def diff_to_dict(diff: DealDiff) -> dict[str, Any]:
    """The diff's dataclasses as plain data, plus whether anything changed materially."""
    data = {"schema_version": SCHEMA_VERSION, "tool_version": __version__}
    data.update(plain(diff))
    data["material"] = bool(diff.key_changes)
    return data


def diff_to_json(diff: DealDiff) -> str:
    return strict_json(diff_to_dict(diff))


def strict_json(data: Any) -> str:
    """JSON every parser accepts: no NaN or Infinity (``plain`` has made them null; this proves it)."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
