"""A deal read back from the JSON ``termsheet parse --json`` and ``render --format json`` write.

The inverse of ``reporting.present.jsonio.deal_to_dict``: each key is turned back into
the model's field by the field's type (dates from ISO strings, enums from their values,
lists into tuples, nested objects into their dataclasses). Keys the writer adds
beside the model (``schema_version``, ``tool_version``, ``checks_passed``, a check's
``difference``) are read or skipped; a key the model lacks is ignored, one it needs
and a value of the wrong type are a ``FilingError`` naming the file and the key.

A JSON file is as untrusted as a filing: it is read within the filing size limit and
only as data. ``reporting.pipeline.load_deal_json`` checks the figures again
(``validate``), so a saved "passed" never stands in for a check.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

from reporting.errors import FilingError
from reporting.model.deal import Deal
from reporting.read.ingest import read_bounded
from reporting.read.text_bounds import Clipper

SCHEMA_VERSION = 1  # what reporting.present.jsonio writes


class _Wrong(ValueError):
    """A value that does not fit its field; ``where`` is the path of keys to it."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def read_deal_json(path: str | Path) -> Deal:
    """The deal saved in ``path``, its checks as saved; FilingError (one line) when it is not one."""
    data = read_bounded(path, "a deal JSON file")
    return deal_from_json(data, str(path))


def deal_from_json(text: str | bytes, name: str = "<deal JSON>") -> Deal:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise FilingError(name, f"is not JSON ({_short(error)})") from None
    return deal_from_dict(document, name)


def deal_from_dict(document: Any, name: str = "<deal JSON>") -> Deal:
    if not isinstance(document, dict) or "issuer" not in document or "source" not in document:
        raise FilingError(name, "is not a deal's JSON (as `termsheet parse --json` writes)")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise FilingError(name, f"deal JSON schema version {version!r}; this termsheet reads version {SCHEMA_VERSION}")
    try:
        deal = _build(Deal, document, "deal")
    except (_Wrong, RecursionError) as error:
        raise FilingError(name, f"is not a deal's JSON ({_short(error)})") from None
    bounds = Clipper()  # the same length limits as a filing's text: a JSON file may be as hostile
    deal = bounds.clip(deal)
    cuts = bounds.warnings()
    return dataclasses.replace(deal, warnings=deal.warnings + cuts) if cuts else deal


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


Builder = Callable[[Any, str], Any]  # (plain JSON value, where it is) -> the model's value


@functools.cache
def _builder(kind: Any) -> Builder:
    """How a value of type ``kind`` is built from plain JSON, worked out once per type (a deal holds
    thousands of values of a dozen types)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        inner = [_builder(o) for o in options if o is not type(None)]
        optional = type(None) in options
        one = inner[0] if len(inner) == 1 else partial(_first_fit, tuple(inner))  # a derived figure: float | date
        return lambda value, where: None if value is None and optional else one(value, where)
    if origin is tuple:
        item, *rest = typing.get_args(kind)
        if rest != [Ellipsis]:
            raise TypeError(f"fixed-length tuples are not in the model: {kind!r}")
        if dataclasses.is_dataclass(item) and "field" in {f.name for f in dataclasses.fields(item)}:
            return partial(_keyed, _builder(item))  # provenance and derived figures: an object keyed by field
        return partial(_tuple, _builder(item))
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = tuple(
            (
                f.name,
                _builder(hints[f.name]),
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            )
            for f in dataclasses.fields(kind)
        )
        return partial(_dataclass, kind, fields)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return partial(_enum, kind)
    scalar = {date: _date, bool: _bool, float: _float, int: _int, str: _str}.get(kind)
    if scalar is None:
        raise TypeError(f"no reader for {kind!r}")
    return scalar


def _build(kind: Any, value: Any, where: str) -> Any:
    """``value`` (plain JSON) as an instance of the type ``kind``; _Wrong when it does not fit."""
    return _builder(kind)(value, where)


def _tuple(item: Builder, value: Any, where: str) -> tuple:
    if not isinstance(value, list):
        raise _Wrong(where, "expected a list")
    return tuple(item(v, f"{where}[{i}]") for i, v in enumerate(value))


def _first_fit(options: tuple[Builder, ...], value: Any, where: str) -> Any:
    """The value as the first of the union's types it fits (an ISO date before a number)."""
    problems = []
    for build in options:
        try:
            return build(value, where)
        except _Wrong as error:
            problems.append(str(error))
    raise _Wrong(where, "; ".join(problems))


def _keyed(item: Builder, value: Any, where: str) -> tuple:
    """``{"wac": {...}, ...}`` (jsonio writes these by field) as the model's tuple of entries with that field."""
    if not isinstance(value, dict):
        raise _Wrong(where, "expected an object keyed by field")
    entries = []
    for field, entry in value.items():
        if not isinstance(entry, dict):
            raise _Wrong(f"{where}.{field}", "expected an object")
        plain = {k: v for k, v in entry.items() if k != "derived"}  # the writer's mark, not a field
        entries.append(item({**plain, "field": field}, f"{where}.{field}"))
    return tuple(entries)


def _dataclass(kind: type, fields: tuple[tuple[str, Builder, bool], ...], value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise _Wrong(where, "expected an object")
    arguments = {}
    for name, build, required in fields:
        if name in value:
            arguments[name] = build(value[name], f"{where}.{name}")
        elif required:
            raise _Wrong(f"{where}.{name}", "missing")
    return kind(**arguments)


def _enum(kind: type[Enum], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise _Wrong(where, f"{str(value)[:40]!r} is not one of {', '.join(m.value for m in kind)}") from None


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise _Wrong(where, "expected an ISO date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Wrong(where, f"{value[:40]!r} is not an ISO date") from None


def _float(value: Any, where: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):  # json reads NaN and Infinity; no filing states them
            raise _Wrong(where, f"{value} is not a figure")
        return value  # an int stays an int, as the parser left it (a float field may hold one)
    raise _Wrong(where, _expected("float", value))


def _int(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Wrong(where, _expected("int", value))


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _Wrong(where, _expected("bool", value))


def _str(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    raise _Wrong(where, _expected("str", value))


def _expected(kind: str, value: Any) -> str:
    return f"expected {kind}, found {type(value).__name__}"
