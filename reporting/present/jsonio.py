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
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from reporting import __version__
from reporting.model.deal import Check, Deal, DerivedFigure, Pool, Provenance

if TYPE_CHECKING:
    from reporting.model.diff import DealDiff

SCHEMA_VERSION = 1


def _by_field(value: tuple[Provenance, ...] | tuple[DerivedFigure, ...], **extra: Any) -> dict[str, Any]:
    return {p.field: {**{k: v for k, v in _plain(p).items() if k != "field"}, **extra} for p in value}


def _fields(value: Any) -> dict[str, Any]:
    data = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if "provenance" in data:
        data["provenance"] = _by_field(value.provenance)
    if isinstance(value, Pool):
        data["derived"] = _by_field(value.derived, derived=True)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Check):
        data = _fields(value)
        data["difference"] = round(value.difference, 9)
        return data
    if dataclasses.is_dataclass(value):
        return _fields(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def deal_to_dict(deal: Deal) -> dict[str, Any]:
    data = {"schema_version": SCHEMA_VERSION, "tool_version": __version__}
    data.update(_plain(deal))
    data["verdict"] = deal.verdict.value
    data["verdict_reason"] = deal.verdict_reason
    data["checks_passed"] = deal.checks_passed
    return data


def deal_to_json(deal: Deal) -> str:
    return json.dumps(deal_to_dict(deal), indent=2, ensure_ascii=False)


def diff_to_dict(diff: DealDiff) -> dict[str, Any]:
    """The diff's dataclasses as plain data, plus whether anything changed materially."""
    data = {"schema_version": SCHEMA_VERSION, "tool_version": __version__}
    data.update(_plain(diff))
    data["material"] = bool(diff.key_changes)
    return data


def diff_to_json(diff: DealDiff) -> str:
    return json.dumps(diff_to_dict(diff), indent=2, ensure_ascii=False)
