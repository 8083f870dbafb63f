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
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from reporting.errors import FilingError
from reporting.model.deal import Deal
from reporting.read.ingest import read_bounded

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
        return _build(Deal, document, "deal")
    except (_Wrong, RecursionError) as error:
        raise FilingError(name, f"is not a deal's JSON ({_short(error)})") from None


def _short(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(kind: Any, value: Any, where: str) -> Any:
    """``value`` (plain JSON) as an instance of the type ``kind``; _Wrong when it does not fit."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None:
            if type(None) in options:
                return None
            raise _Wrong(where, "missing")
        (only,) = [o for o in options if o is not type(None)]  # the model has no other unions
        return _build(only, value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise _Wrong(where, "expected a list")
        item, *rest = typing.get_args(kind)
        if rest != [Ellipsis]:
            raise _Wrong(where, "fixed-length tuples are not in the model")
        return tuple(_build(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, value, where)
    return _scalar(kind, value, where)


def _dataclass(kind: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise _Wrong(where, "expected an object")
    hints = _hints(kind)
    arguments = {}
    for field in dataclasses.fields(kind):
        if field.name in value:
            arguments[field.name] = _build(hints[field.name], value[field.name], f"{where}.{field.name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise _Wrong(f"{where}.{field.name}", "missing")
    return kind(**arguments)


def _scalar(kind: Any, value: Any, where: str) -> Any:
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            raise _Wrong(where, f"{str(value)[:40]!r} is not one of {', '.join(m.value for m in kind)}") from None
    if kind is date:
        if not isinstance(value, str):
            raise _Wrong(where, "expected an ISO date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Wrong(where, f"{value[:40]!r} is not an ISO date") from None
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):  # json reads NaN and Infinity; no filing states them
                raise _Wrong(where, f"{value} is not a figure")
            return value  # an int stays an int, as the parser left it (a float field may hold one)
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is str:
        if isinstance(value, str):
            return value
    else:
        raise _Wrong(where, f"no reader for {kind!r}")
    raise _Wrong(where, f"expected {kind.__name__}, found {type(value).__name__}")
