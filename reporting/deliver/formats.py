"""The output formats: one registry for deals and diffs.

Each ``Format`` is one entry: the name given to ``--format``, what it is, what it
needs, and how its files are made from a deal's render (``DealRender``) or a
diff's (``DiffRender``). The command line's choices, the batch, the manifest and
the index all read this list, so a new format is one entry here (and its maker).

A maker returns ``OutputFile``s: the bytes and the end of the file name
("-summary.pdf" after the deal's stem, ".pdf" after the diff's). Only
``reporting.deliver.write`` writes them. Makers import the heavy libraries they
need when they run, so reading this registry stays cheap (``termsheet parse``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import EmailMessage

    from reporting.deliver.mail import EmailOptions
    from reporting.present.email import EmailReport
    from reporting.present.renders import DealRender, DiffRender, ShelfRender


@dataclass(frozen=True)
class OutputFile:
    kind: str  # what the manifest and the index call it: "pdf", "email", "email-preview", ...
    suffix: str  # the end of the file name, after the stem
    data: bytes | str


@dataclass(frozen=True)
class Job:
    """What a maker gets: the render, the file-name stem, and the email's headers."""

    render: DealRender | DiffRender | ShelfRender
    stem: str
    email: EmailOptions


Maker = Callable[[Job], list[OutputFile]]


@dataclass(frozen=True)
class Format:
    name: str
    description: str  # for --help and the README
    needs: str  # what making it takes, so a user knows why it is slow or missing
    deal: Maker | None  # how a deal's files are made; None: not for deals
    diff: Maker | None
    deal_default: bool = False  # made when --format is not given
    diff_default: bool = False
    link: str = ""  # the index's link text for each kind of file it writes
    shelf: Maker | None = None  # the shelf history's files (OUT/shelf.*); None: not for the shelf
    shelf_default: bool = False
    # Modules it needs that a plain install does not bring (an optional extra), and how to get them.
    requires: tuple[str, ...] = ()
    install: str = ""
    # Data for a spreadsheet: a batch that writes it also writes the shelf's data files (OUT/shelf.csv, shelf.xlsx).
    feeds_shelf: bool = False
    # The heavy modules its maker imports. A batch imports them once, before its workers fork, so the
    # workers share them; one left out here costs each worker its own import, nothing more.
    imports: tuple[str, ...] = ()

    def missing(self) -> str | None:
        """ "the parquet format needs pyarrow: pip install 'termsheet[parquet]'", or None when it can be made."""
        from importlib.util import find_spec

        absent = [module for module in self.requires if find_spec(module) is None]
        if not absent:
            return None
        return f"the {self.name} format needs {', '.join(absent)}: {self.install}"


class MissingDependency(RuntimeError):
    """A format whose optional library is not installed (one line: what and how to install it)."""


# --- the makers ----------------------------------------------------------------------

# The PDF's name after the stem: a deal's summary, or a diff.
PDF_SUFFIX = {"deal": "-summary.pdf", "diff": ".pdf", "shelf": ".pdf"}


def _pdf(subject: str) -> Maker:
    return lambda job: [OutputFile("pdf", PDF_SUFFIX[subject], job.render.pdf)]


def _html(suffix: str) -> Maker:
    return lambda job: [OutputFile("html", suffix, job.render.html)]


def email_for(job: Job, subject: str) -> tuple[EmailReport, EmailMessage]:
    """The report's email: its content and the MIME message (the PDF attached when the options ask)."""
    from reporting.deliver.mail import Attachment, email_message

    attach = job.email.attach_pdf
    report = job.render.email(pdf_attached=attach)
    attachments = [Attachment(f"{job.stem}{PDF_SUFFIX[subject]}", job.render.pdf)] if attach else []
    message = email_message(report, job.email.sender, job.email.recipients, attachments, job.render.generated_at)
    return report, message


def _email(subject: str, eml_suffix: str, preview_suffix: str) -> Maker:
    """The .eml (a draft without recipients) and its body as an HTML page to preview in a browser."""

    def make(job: Job) -> list[OutputFile]:
        from email.policy import default

        report, message = email_for(job, subject)
        return [
            OutputFile("email", eml_suffix, message.as_bytes(policy=default)),
            OutputFile("email-preview", preview_suffix, report.preview_html),
        ]

    return make


def _json(suffix: str) -> Maker:
    return lambda job: [OutputFile("json", suffix, job.render.json)]


def _xlsx(suffix: str) -> Maker:
    return lambda job: [OutputFile("xlsx", suffix, job.render.xlsx)]


def _csv(job: Job) -> list[OutputFile]:
    return [OutputFile("csv", LONG_TABLE_SUFFIX, job.render.csv)]


def _parquet(job: Job) -> list[OutputFile]:
    return [OutputFile("parquet", "-long.parquet", job.render.parquet)]


# The heavy modules behind the makers: the summary model (pandas), and a page's charts and templates.
_SUMMARY = ("reporting.derive.summary",)
_PAGE = (*_SUMMARY, "reporting.present.charts", "reporting.present.templating")

# A deal's long table (reporting/present/long_table.py): the batch builds the shelf files from these.
LONG_TABLE_SUFFIX = "-long.csv"
PARQUET_EXTRA = "pip install 'termsheet[parquet]'"

FORMATS: tuple[Format, ...] = (
    Format("pdf", "the report as a paged PDF (Letter or A4)", "WeasyPrint", _pdf("deal"), _pdf("diff"), True, True, "PDF",
           shelf=_pdf("shelf"), shelf_default=True, imports=(*_PAGE, "reporting.present.weasyprint_import")),
    Format("html", "the report as one self-contained HTML page", "Jinja, matplotlib",
           _html("-summary.html"), _html(".html"), True, True, "HTML", shelf=_html(".html"), shelf_default=True,
           imports=_PAGE),
    Format("json", "the parsed deal (the diff) as JSON, documented by a JSON Schema", "the standard library",
           _json("-deal.json"), _json(".json"), False, True, "JSON"),
    Format("email", "an .eml message (a draft without --to) and its HTML preview",
           "Jinja, matplotlib, css-inline; WeasyPrint with --attach-pdf",
           _email("deal", "-summary.eml", "-email.html"), _email("diff", ".eml", "-email.html"), link="Email",
           imports=_PAGE),
    # The key changes in the terminal alone (printed whatever the formats): a quick look writes nothing.
    Format("text", "the key changes in the terminal only; writes no file", "the standard library", None, lambda job: []),
    Format("xlsx", "an Excel workbook: summary, each table with live % formulas and a chart, matrix, classes, checks",
           "XlsxWriter", _xlsx("-summary.xlsx"), _xlsx(".xlsx"), link="Excel", feeds_shelf=True, shelf=_xlsx(".xlsx"),
           imports=(*_SUMMARY, "xlsxwriter")),
    Format("csv", "the long table: one row per table bucket, pool figure, class and check, to pivot",
           "pandas", _csv, None, link="CSV", feeds_shelf=True, imports=_SUMMARY),
    Format("parquet", "the long table as Parquet", f"pyarrow, an optional extra ({PARQUET_EXTRA})",
           _parquet, None, link="Parquet", requires=("pyarrow",), install=PARQUET_EXTRA, feeds_shelf=True,
           imports=_SUMMARY),
)  # fmt: skip
BY_NAME = {f.name: f for f in FORMATS}
# The index's link text for each kind of file written.
LINK_TEXT = {f.name: f.link for f in FORMATS} | {"email-preview": "Email preview"}


def names(subject: str) -> tuple[str, ...]:
    """The formats a deal ("deal"), a diff ("diff") or the shelf history ("shelf") can be written in."""
    return tuple(f.name for f in FORMATS if getattr(f, subject) is not None)


def defaults(subject: str) -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS if getattr(f, f"{subject}_default"))


def parse_formats(text: str, subject: str) -> tuple[str, ...]:
    """ "pdf,html" -> ("pdf", "html"); ValueError naming the unknown ones and the choices."""
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    known = names(subject)
    if not chosen:
        raise ValueError(f"no format given; choose from {', '.join(known)}")
    for name in chosen:
        if name not in known:
            raise ValueError(f"unknown format {name!r}; choose from {', '.join(known)}")
        if problem := BY_NAME[name].missing():
            raise ValueError(problem)
    return chosen


def imports_for(formats: Sequence[str]) -> tuple[str, ...]:
    """The heavy modules the makers of ``formats`` import, each once, in order."""
    return tuple(dict.fromkeys(module for name in formats if name in BY_NAME for module in BY_NAME[name].imports))


def wants_shelf(formats: Sequence[str]) -> bool:
    """Whether a batch writing ``formats`` also writes the shelf files."""
    return any(BY_NAME[name].feeds_shelf for name in formats if name in BY_NAME)


def make_files(subject: str, formats: Sequence[str], job: Job) -> list[OutputFile]:
    """Every file of the formats asked. Renders keep what they made: an email attaches the PDF already laid out."""
    unknown = [f for f in formats if f not in names(subject)]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)} (use {', '.join(names(subject))})")
    files: list[OutputFile] = []
    for name in formats:
        if problem := BY_NAME[name].missing():
            raise MissingDependency(problem)
        maker: Maker = getattr(BY_NAME[name], subject)
        files += maker(job)
    return files
