"""Templating: the one Jinja environment every report is written with.

The summary, the diff, the emails and the index all render through ``environment``:
templates from ``reporting/templates/``, autoescape on (filing text is always text, never
markup), undefined names an error, and the number filters from
``reporting.formatting``, so every output writes a figure the same way.
``render_page`` fills in what every page of the base layout needs.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from reporting import __version__, fonts
from reporting import formatting as fmt
from reporting.derive.wording import subject_heading, title_case
from reporting.model.deal import kind_label
from reporting.model.summary import WIDE_MATRIX_COLUMNS

PAPERS = {"letter": "letter", "a4": "A4"}


# The templates are package data: reporting/templates/, in the checkout and installed alike.
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # filing text is untrusted: it is always text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        dollars=fmt.dollars,
        millions=fmt.millions,
        count=fmt.count,
        percent=fmt.percent,
        share_cell=fmt.share_cell,  # a matrix's figure: "<0.005%" where the filing gives only a bound
        marks_meaning=fmt.marks_meaning,
        class_share=fmt.class_share,
        amount=fmt.amount,
        notional=fmt.notional,
        subordination=fmt.subordination,
        rate=fmt.rate,
        months=fmt.months,
        pp=fmt.points,
        bp=fmt.basis_points,
        iso_date=fmt.iso_date,
        long_date=fmt.long_date,
        figure=fmt.figure,  # any figure by its unit and bound: the one writer
        side_figure=fmt.side_figure,  # one side of a diff's figure: "None" where its filing says there is none
        check_figure=fmt.check_figure,
        check_stated=fmt.check_stated,  # a check's figures as stated: "approx. $312.4mm" where approximate
        check_found=fmt.check_found,
        check_within=fmt.check_within,  # what a passed check's gap is within: its allowance, or its tolerance
        check_gap=fmt.check_gap,
        stated_gap=fmt.stated_gap,
        sentence_end=fmt.sentence_end,  # a phrase as a sentence ends it: its full stop, unless it has one
        sentence_start=fmt.sentence_start,  # never Jinja's capitalize, which lowers the rest: "wa original term"
        stated_found=fmt.stated_found,  # a check's two figures: "stated X, found Y"
        failure_texts=fmt.failure_texts,  # what is said beside a figure for its failed checks
        lines=fmt.lines_text,  # where in the filing a figure stands: "lines 64-68"
        title_case=title_case,
        subject_heading=subject_heading,
        # The deal diff: a figure and its change in the metric's own unit (bp for rates, pp for shares).
        change=fmt.change_by_unit,
        change_between=fmt.change_between,  # a diff's change between its two figures: "+11.9 bp"
        relative_between=fmt.relative_between,  # and relative to the old one: "+85.0%"
        pp_between=fmt.points_between,
        pp_within=fmt.points_within,  # a matrix cell's change, "~" where a side gives the cell only as "<0.005%"
        changes_meaning=fmt.changes_meaning,
        months_between=fmt.months_between,  # dates: "+1 mo", "same"
        relative=fmt.relative,
        percentile=fmt.percentile,
        kind_label=kind_label,  # a filing's kind in words: "Collateral term sheet", as every format names it
        median=fmt.median,
        median_figure=fmt.median_figure,  # the shelf page's median, its note ("of the stated caps") set under it
        median_note=fmt.median_note,  # the shelf's median: of bounds "15% (of the stated caps)", of counts maybe between two  # the shelf history: a deal's percentile rank in its window
    )
    env.globals.update(
        MISSING=fmt.MISSING,
        NOT_PRINCIPAL=fmt.NOT_PRINCIPAL,
        # The marks beside a figure (formatting.FAILED_MARK): one set for every format.
        FAILED_MARK=fmt.FAILED_MARK,
        WIDE_MATRIX_COLUMNS=WIDE_MATRIX_COLUMNS,  # a matrix wider than this is set smaller (model/summary.py)
        DOUBT_MARK=fmt.DOUBT_MARK,
        DERIVED_MARK=fmt.DERIVED_MARK,  # a whole-deal figure derived from the pools (the email), and what it means
        DERIVED_MEANING=fmt.DERIVED_MEANING,
        ABOUT=fmt.ABOUT,  # the mark before a figure stated as approximate: "approx." (macros.html.j2, about_kept)
        tool_version=__version__,
        # Our own constant, not filing text: its quotes must reach the CSS as quotes.
        FONT_STACK=markupsafe.Markup(fonts.css_stack()),
        font_faces=fonts.font_faces,
    )
    return env


def render_page(
    template: str, medium: str = "html", paper: str = "letter", generated_at: datetime | None = None, **context: Any
) -> str:
    """One page of the base layout as HTML; ``medium`` is "html" or "pdf" (which adds paged CSS)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r} (use {', '.join(PAPERS)})")
    moment = generated_at or datetime.now(UTC)
    return (
        environment()
        .get_template(template)
        .render(medium=medium, page_size=PAPERS[paper], generated_at=moment.strftime("%Y-%m-%d %H:%M UTC"), **context)
    )
