"""The rows of the filing's stratification tables that a sentence names, and a sentence correcting a
figure of one (``RowCorrection``, read by ``corrections`` and put in its row by ``read.row_corrections``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# A row's label found in a sentence word for word, however the sentence spaces it or writes its range
# ("6.001% - 6.500%", "6.001% to 6.500%", "$150,000 through $199,999"): a word holds its hyphens ("2-family";
# "Series 2004-3" names no row "2004"), and a label of common words is never looked for.
_LABEL_WORD = re.compile(r"[\w$%.,'/()&]+(?:-[\w$%.,'/()&]+)*")
_RANGE_WORDS = frozenset({"to", "through", "thru"})
_GENERIC_LABELS = frozenset({"other", "others", "total", "totals", "none", "all", "unknown", "n/a", "not available"})
_LONGEST_LABEL = 120  # characters: a longer one is no label a sentence names


def _label_words(text: str) -> list[tuple[str, int, int]]:
    """The words of a label or a sentence, as labels are compared, with where each stands."""
    words = []
    for match in _LABEL_WORD.finditer(text):
        written = match.group(0)
        word = written.lstrip("'(").rstrip(".,')")
        if word and word.lower() not in _RANGE_WORDS:
            start = match.start() + len(written) - len(written.lstrip("'("))
            words.append((word.lower(), start, start + len(word)))
    return words


@dataclass(frozen=True)
class RowLabels:
    """The row labels of the filing's stratification tables, found in a sentence by ``named``."""

    labels: tuple[str, ...] = ()

    @functools.cached_property
    def tree(self) -> dict:
        """The labels word by word, each word a branch and "" where a label ends: made for the first
        sentence that corrects a figure, never for a filing that has none."""
        tree: dict = {}
        for label in self.labels:
            text = " ".join(label.split())
            if not 3 <= len(text) <= _LONGEST_LABEL or text.lower() in _GENERIC_LABELS:
                continue
            node = tree
            for word, _, _ in _label_words(text):
                node = node.setdefault(word, {})
            if node is not tree:
                node.setdefault("", text)
        return tree

    def named(self, sentence: str) -> list[tuple[str, tuple[int, int]]]:
        """The labels the sentence names, each once, with where; never one inside another ("Virginia" in
        "West Virginia"). Each label's words are followed from each word: linear in the sentence."""
        words = _label_words(sentence) if self.tree else []
        found: dict[str, tuple[int, int]] = {}
        for first in range(len(words)):
            node = self.tree
            for last in range(first, len(words)):
                if (node := node.get(words[last][0])) is None:
                    break
                if (label := node.get("")) is not None and label not in found:
                    found[label] = (words[first][1], words[last][2])
        named, reach = [], -1
        for label, (start, end) in sorted(found.items(), key=lambda item: (item[1][0], -item[1][1])):
            if end > reach:
                named.append((label, (start, end)))
                reach = end
        return named


@dataclass(frozen=True)
class RowCorrection:
    """A sentence correcting a figure of a table's row (``_row_correction``), for ``read.row_corrections``."""

    words: str  # the sentence, its spaces collapsed: what a doubt quotes
    lines: tuple[int, ...]
    title: str | None  # the table's name as the sentence gives it
    rows: tuple[str, ...]  # the rows it names, as the tables label them
    pool: str | None  # the pool of the section it stands in, else one it names ("pool II")
    column: str | None  # "count", "balance" or "share"; None where its words and figures do not tell
    new: str | None  # the figure it gives, as written; None where it gives none, or none that can be told
    old: str | None  # the figure it says was wrong, as written
    total: bool = False  # it names no row but the table's Total line ("the total aggregate principal balance")
    restated: bool = False  # it says the table is reprinted corrected, naming no row or figure of it
