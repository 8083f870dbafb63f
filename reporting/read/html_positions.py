"""Text an HTML page places piece by piece ("position:absolute; top:120px; left:312px"), as converters from
PDF and some word processors write a printed page: each line's words and figures in elements of their own,
in any order. Written one after another, each piece stood on a line of its own and no table had a row; a
browser shows them where they are placed, and so does this: the pieces whose tops are level are one line,
each set at the column its left edge puts it, as a text filing sets its columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The length units a style places an element in, in CSS pixels.
_PIXELS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "": 1.0}
_ABSOLUTE = re.compile(r"(?:^|;)\s*position\s*:\s*absolute\b", re.I)
_EDGE = re.compile(r"(?:^|;)\s*(top|left)\s*:\s*(-?\d{1,6}(?:\.\d+)?)\s*(px|pt|pc|in|cm|mm)?\s*(?=;|$)", re.I)
LEVEL = 3.0  # pixels: tops this close are one line (a figure's baseline set a pixel or two off its label's)
DEFAULT_CHARACTER = 7.0  # pixels a character takes where no line holds two pieces to measure it by
WIDEST_LINE = 400  # characters: columns a page's widest line is set in at most
MOST_BLANK_LINES = 3  # between two lines, however far apart the page sets them


@dataclass(frozen=True, slots=True)
class Placed:
    """A piece of text and where its element is placed: its top and left edges, in pixels."""

    top: float
    left: float
    text: str


def position_of(style: str) -> tuple[float, float] | None:
    """The top and left edges an element's style places it at, absolutely; None where it does not."""
    if not _ABSOLUTE.search(style):
        return None
    edges = {name.lower(): float(value) * _PIXELS[unit.lower()] for name, value, unit in _EDGE.findall(style)}
    return (edges["top"], edges["left"]) if {"top", "left"} <= edges.keys() else None


def lay_out_placed(pieces: list[Placed]) -> str:
    """The pieces as the page shows them: a line of each level of tops, top to bottom, each piece at the column its
    left edge puts it, two spaces at least after the piece before it; blank lines where the page leaves space."""
    lines = _lines(pieces)
    if not lines:
        return ""
    width = _character_width(lines)
    margin = min(piece.left for line in lines for piece in line)
    step = _line_step(lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        if index:
            gap = round((line[0].top - lines[index - 1][0].top) / step) - 1 if step else 0
            out += [""] * max(0, min(gap, MOST_BLANK_LINES))
        out.append(_set_line(line, width, margin))
    return "\n".join(out)


def _lines(pieces: list[Placed]) -> list[list[Placed]]:
    """The pieces in lines: those whose tops are level, each line left to right, the lines top to bottom."""
    lines: list[list[Placed]] = []
    for piece in sorted(pieces, key=lambda p: (p.top, p.left)):
        if lines and piece.top - lines[-1][0].top <= LEVEL:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [sorted(line, key=lambda p: p.left) for line in lines]


def _character_width(lines: list[list[Placed]]) -> float:
    """Pixels a character takes: as little as keeps every line's pieces two spaces apart at least, where a line
    holds two or more; never so little that the widest line takes more than ``WIDEST_LINE`` columns."""
    gaps = [
        (after.left - before.left) / (len(before.text) + 2)
        for line in lines
        for before, after in zip(line, line[1:])
        if after.left > before.left
    ]
    widest = max(piece.left for line in lines for piece in line) - min(piece.left for line in lines for piece in line)
    return max(min(gaps, default=DEFAULT_CHARACTER), widest / WIDEST_LINE, 0.1)


def _line_step(lines: list[list[Placed]]) -> float:
    """The distance between one line's top and the next's where no blank line parts them: the page's line spacing,
    the shortest of the usual steps (the lower quartile: a page double-spaced in places steps twice as far there)."""
    steps = sorted(b[0].top - a[0].top for a, b in zip(lines, lines[1:]))
    return steps[len(steps) // 4] if steps else 0.0


def _set_line(line: list[Placed], width: float, margin: float) -> str:
    parts: list[str] = []
    length = 0  # of the line so far: the parts are joined once, however many pieces a line holds
    for piece in line:
        column = round((piece.left - margin) / width)
        column = max(column, length + 2) if parts else column
        parts += [" " * (column - length), piece.text]
        length = column + len(piece.text)
    return "".join(parts)
