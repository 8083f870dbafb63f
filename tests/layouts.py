"""Test filings laid out from the bundled samples: the same facts, written another way.

Each function takes a sample's text and returns a copy laid out differently, the way
other CMSI filings are: rows set tight or loose, labels wrapped with the figures on
their first or their last line, dashes for zeros, page breaks (with page numbers,
running heads, footnotes and repeated headers) inside tables and sentences, section
headings for pools, SGML table tags, an EDGAR or HTML envelope. The parser's own code
is not used here: the tables are found by the samples' plain structure (a column rule,
rows, a Total line), so a test that lays a sample out and parses it tests the parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")

_RULE = re.compile(r"^[\s-]*-{3,}[\s-]*$")
_FIGURE = re.compile(r"^\$?[\d,]+(?:\.\d+)?%?$|^\$$")
RUNNING_HEAD = "                      CMSI REMIC Pass-Through Certificates"


# --- the samples' tables ------------------------------------------------------------------


@dataclass
class Row:
    label: str
    figures: str  # the line from the label column's end: the figures where they stand


@dataclass
class Table:
    rule: int  # the column rule's line (0-based)
    total: int  # the Total line
    label_width: int  # where the first column of figures starts
    rows: list[Row] = field(default_factory=list)


def sample_tables(lines: list[str]) -> list[Table]:
    """The tables of a sample: the rows between the column rule and the Total line."""
    found = []
    for total, line in enumerate(lines):
        if not line.lstrip().startswith("Total"):
            continue
        rules = [i for i in range(total - 1, max(0, total - 80), -1) if _RULE.match(lines[i])]
        stacked = [rules[0]] + [i for i in rules[1:] if rules[0] - i < 6]
        columns = max(stacked, key=lambda i: len(re.findall(r"-{2,}", lines[i])))
        starts = [m.start() for m in re.finditer(r"-{2,}", lines[columns])]
        width = next(s for s in starts if s >= 10)
        table = Table(rules[0], total, width)
        for line in lines[rules[0] + 1 : total]:
            if not line.strip():
                continue
            if line[width:].strip():
                table.rows.append(Row(line[:width].strip(), line[width:]))
            else:
                table.rows[-1].label += " " + line.strip()  # the samples wrap with the figures on the first line
        found.append(table)
    return found


def _wrap(label: str, width: int, after: str = "") -> list[str]:
    """The label over two lines, split after the word ``after`` or else nearest its middle, both fitting."""
    words = label.split()
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    fitting = [s for s in splits if max(len(s[0]), len(s[1])) <= width - 2]
    chosen = [s for s in fitting if after and s[0].split()[-1] == after]
    return list(chosen[0] if chosen else min(fitting, key=lambda s: abs(len(s[0]) - len(s[1]))))


def wrappable(text: str) -> list[str]:
    """Labels of several words: each may be laid out over two lines."""
    return [r.label for t in sample_tables(text.split("\n")) for r in t.rows if len(r.label.split()) > 1]


@dataclass(frozen=True)
class TableLayout:
    spacing: str = "as is"  # "tight" (no blank lines between rows), "loose" (a blank line after each row) or "as is"
    figures_on: str = "first"  # a wrapped label's figures on its "first" or its "last" line
    wrapped: frozenset[str] = frozenset()  # labels to wrap (a label too long for its column always wraps)
    wrap_after: str = ""  # wrap right after this word where a label has it (else near the middle)
    dashes: bool = False  # zeros written as dashes
    breaks: frozenset[tuple[int, int]] = frozenset()  # (table, row): a page breaks before that row
    repeat_header: bool = False  # the column header printed again after a page break in a table
    sgml_tags: bool = False  # <TABLE>, <CAPTION>, <S>, <C> around each table
    head: str | None = RUNNING_HEAD  # the running head a page break in a table starts the next page with


def lay_out_tables(text: str, layout: TableLayout) -> str:
    lines = text.split("\n")
    tables = sample_tables(lines)
    out: list[str] = []
    position = 0
    for number, table in enumerate(tables):
        header_top = _header_top(lines, table.rule)
        out += lines[position:header_top]
        tagged = layout.sgml_tags and "<" not in "".join(lines[max(0, header_top - 8) : header_top])
        if tagged:
            out += ["<TABLE>", "<CAPTION>"]
        out += lines[header_top : table.rule + 1]
        if tagged:
            out.append("<S>                              <C>                      <C>")
        header = lines[header_top : table.rule + 1]
        for index, row in enumerate(table.rows):
            if (number, index) in layout.breaks and index > 0:
                out += page_break(head=layout.head, repeat=header if layout.repeat_header else None)
            out += _row_lines(row, table.label_width, layout)
            if layout.spacing == "loose" or (layout.spacing == "as is" and _spaced(lines, table)):
                out.append("")
        if layout.spacing != "tight" and out[-1]:
            out.append("")
        position = table.total
        if tagged:
            end = next(i for i in range(table.total, len(lines)) if "=" in lines[i] or not lines[i].strip())
            out += [*lines[table.total : end + 1], "</TABLE>"]
            position = end + 1
    out += lines[position:]
    return "\n".join(out)


_SMALL_WORDS = frozenset("a an and as at by for from in of on or per the to with".split())


def title_case_titles(text: str) -> str:
    """Each table's title in Title Case ("Years of Origination of Mortgage Loans"), as other filings
    set them: the lines in capitals, one run of words, at most eight lines above a column rule."""
    lines = text.split("\n")
    body = next(i for i, line in enumerate(lines) if line.startswith("Item"))  # past the cover page
    rules = [i for i, line in enumerate(lines) if i > body and _RULE.match(line)]
    for i in range(body, len(lines)):
        title = lines[i].strip()
        above_a_rule = any(0 < rule - i <= 8 for rule in rules)
        if above_a_rule and len(title.split()) >= 2 and title.isupper() and "  " not in title:
            words = [w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in title.split()]
            lines[i] = lines[i][: len(lines[i]) - len(lines[i].lstrip())] + " ".join(words)
    return "\n".join(lines)


def _header_top(lines: list[str], rule: int) -> int:
    i = rule
    while i > 0 and lines[i - 1].strip() and "<" not in lines[i - 1]:
        i -= 1
    return i


def _spaced(lines: list[str], table: Table) -> bool:
    return any(not line.strip() for line in lines[table.rule + 2 : table.total - 2])


def _row_lines(row: Row, width: int, layout: TableLayout) -> list[str]:
    figures = _dashed(row.figures) if layout.dashes else row.figures
    if row.label not in layout.wrapped and len(row.label) <= width - 2:
        return [row.label.ljust(width) + figures]
    first, second = _wrap(row.label, width, layout.wrap_after)
    if layout.figures_on == "first":
        return [first.ljust(width) + figures, second]
    return [first, second.ljust(width) + figures]


def _dashed(figures: str) -> str:
    """Zero figures as dashes, each where its figure stood."""
    return re.sub(r"(?<=\s)(?:\$\s*)?0(?:\.00)?%?(?=\s|$)", lambda m: " " * (len(m.group(0)) - 1) + "-", figures)


# --- page breaks --------------------------------------------------------------------------


def page_break(
    number: int | None = 7, head: str | None = RUNNING_HEAD, repeat: list[str] | None = None, notes: bool = False
) -> list[str]:
    """The lines a printed page break puts into the text: footnotes, page number, <PAGE>, running head."""
    lines: list[str] = []
    if notes:
        lines += ["", "-----------", "", "9     Such figures are as of the cut-off date.", ""]
    if number is not None:
        lines.append(f"{number:>40}")
    lines.append("<PAGE>")
    if head is not None:
        lines.append(head)
    if repeat:
        lines += ["", "                       (continued)", "", *repeat]
    return lines


def with_running_heads(text: str, head: str = RUNNING_HEAD) -> str:
    """Every page of the filing starts with the same running head, and ends with its page number."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        if line.strip() == "<PAGE>" and (i + 1 == len(lines) or lines[i + 1] != head):
            out += [f"{page:>40}", line, head]
            page += 1
        else:
            out.append(line)
    return "\n".join(out)


def prose_lines(text: str) -> list[int]:
    """Lines (0-based) inside the item's paragraphs after which a sentence could be broken by a page."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Item"))
    end = next(i for i, line in enumerate(lines) if line.strip() == "SIGNATURES")
    found = []
    tables = sample_tables(lines)
    inside = {i for t in tables for i in range(t.rule - 12, t.total + 4)}
    for i in range(start + 1, end - 1):
        this, following = lines[i], lines[i + 1]
        if i in inside or not this.strip() or not following.strip():
            continue
        if this.strip().isupper() or following.strip().isupper() or "<" in this or "<" in following:
            continue
        if len(this.strip()) < 50 or _RULE.match(this) or re.match(r"^\s*\d\s", following):
            continue  # a heading, a rule, a footnote
        found.append(i)
    return found


def break_sentences(
    text: str, after: list[int], notes: bool = False, number: bool = True, head: str | None = None
) -> str:
    """A page breaks after each of the given lines (0-based), in the middle of its paragraph.

    With a running ``head``, give every other page of the filing the same head (``with_running_heads``):
    a running head is what recurs at the top of the pages.
    """
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i in after:
            out += page_break(number=30 + i if number else None, head=head, notes=notes)
    return "\n".join(out)


# --- envelopes ----------------------------------------------------------------------------


def sgml_submission(text: str, form_type: str = "8-K") -> str:
    """An EDGAR full submission: SGML header, the 8-K and an unrelated graphic document."""
    return (
        "<SEC-DOCUMENT>0000950123-04-005678.txt : 20040507\n"
        "<SEC-HEADER>0000950123-04-005678.hdr.sgml : 20040507\n"
        f"ACCESSION NUMBER:\t\t0000950123-04-005678\nCONFORMED SUBMISSION TYPE:\t{form_type}\n"
        "FILER:\n\tCOMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\t\t\tCITICORP MORTGAGE SECURITIES INC\n"
        "</SEC-HEADER>\n"
        f"<DOCUMENT>\n<TYPE>{form_type}\n<SEQUENCE>1\n<FILENAME>y97231e8vk.txt\n<DESCRIPTION>FORM 8-K\n<TEXT>\n"
        f"{text}\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>GRAPHIC\n<SEQUENCE>2\n<TEXT>\nbegin 644 logo.gif\nM1TE&.#EA\nend\n</TEXT>\n</DOCUMENT>\n"
        "</SEC-DOCUMENT>\n"
    )


def html_page(text: str) -> str:
    return f"<html><head><title>8-K</title></head><body><pre>{html.escape(text)}</pre></body></html>"


def envelope(text: str, kind: str) -> str:
    return {"plain": text, "sgml": sgml_submission(text), "html": html_page(text)}[kind]


# --- one filing for each class of problem of issue 12 -------------------------------------

_PARAGRAPHS_END = "<PAGE>\n\n\n      The following tables set forth information"


def two_pool_term_sheet(text: str = TERM_SHEET) -> str:
    """A term sheet with two pools, each a section under its heading: its facts, then its run of tables.

    Both pools are the 2004-3 pool; an ALL MORTGAGE LOANS section states the sums.
    """
    start = text.index("     On May 27, 2004, CMSI")
    end = text.index("                                   SIGNATURES")
    body = text[start:end]
    sections = [f"\n                             POOL {name} MORTGAGE LOANS\n\n{body}" for name in ("I", "II")]
    whole = (
        "\n                               ALL MORTGAGE LOANS\n\n"
        "     The total number of mortgage loans as of May 1, 2004 was 2,450. The mortgage\n"
        "loans have an aggregate scheduled principal balance as of May 1, 2004 of\n"
        "$1,239,601,556.74.\n\n<PAGE>\n\n"
    )
    return text[:start] + "".join(sections) + whole + text[end:]


def tight_dwellings(text: str = TERM_SHEET) -> str:
    """The dwelling table with no blank lines between its rows: each wrapped label's figures on its first line."""
    return lay_out_tables(text, TableLayout(spacing="tight"))


def dollar_continuations(text: str = TERM_SHEET) -> str:
    """The loan-size table with each "$X through $Y" label wrapped after "through", figures on the first line."""
    labels = frozenset(label for label in wrappable(text) if " through $" in label)
    return lay_out_tables(text, TableLayout(wrapped=labels, wrap_after="through"))


def with_dashes(text: str = TERM_SHEET) -> str:
    return lay_out_tables(text, TableLayout(dashes=True))


def arabic_pools(text: str = DETAILED) -> str:
    """Pools named "Pool 1", "Group 2", "group 3" in place of pool I, II, III."""
    for roman, word, number in (("III", "group", "3"), ("II", "Group", "2"), ("I", "Pool", "1")):
        text = re.sub(rf"\b[Pp]ool(\s+){roman}\b", rf"{word}\g<1>{number}", text)
    return text


# 2004-8's sentences of its pools' counts and rates, and a table of its pools that may stand in their place
# ("{count}": pool I's count, as written).
POOLS_COUNTS_AND_RATES = """\
     The total numbers of the pool I mortgage loans, the pool II mortgage loans,
the pool III mortgage loans and all mortgage loans as of October 1, 2004 were
663, 154, 153 and 970,respectively. The weighted average interest rates of the
pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans
and all mortgage loans (before deduction of the servicing fee) as of October 1,
2004 were 6.132%, 5.486%, 5.716% and 5.962%, respectively. The weighted average"""
A_TABLE_OF_THE_POOLS = """\
     The following table sets forth certain information regarding the pools as
of October 1, 2004:

                  Number of      Aggregate Scheduled      Weighted Average
Pool              Loans          Principal Balance        Interest Rate
----              ---------      -------------------      ----------------
Pool I               {count}           $335,095,817.07             6.132%
Pool II              154             77,943,340.57             5.486%
Pool III             153             80,602,219.93             5.716%
All Loans            970           $493,641,377.57             5.962%

"""


def lettered_pools(text: str = DETAILED, letters: str = "ABC") -> str:
    """Pools named "pool A", "Pool B", "POOL C" (``letters`` in place of I, II, III), the pool word as written."""
    for roman, letter in zip(("III", "II", "I"), reversed(letters)):
        text = re.sub(rf"\b((?i:pool|loan\s+group|group)s?\s+){roman}\b", rf"\g<1>{letter}", text)
    return text


def amended(text: str = DETAILED) -> str:
    """The 2004-8 description as an 8-K/A whose explanatory note quotes the figure it corrects."""
    text = text.replace(
        "                                    FORM 8-K\n", "                                   FORM 8-K/A\n", 1
    )
    text = text.replace(
        "                                 CURRENT REPORT\n",
        "                                CURRENT REPORT\n                                (Amendment No. 1)\n",
        1,
    )
    note = (
        "     EXPLANATORY NOTE: This Amendment No. 1 amends the Current Report on Form\n"
        "8-K filed on October 28, 2004. The aggregate initial principal balance of the\n"
        "class B-6 certificates as of October 1, 2004 was misstated as $704,547.57 in\n"
        "that report. The report is restated in full below.\n\n"
    )
    anchor = " DETAILED DESCRIPTION OF THE MORTGAGE LOAN POOL"
    return text.replace(anchor, note + anchor, 1)


def split_seniors(text: str = DETAILED) -> str:
    """Class A split into senior classes IA-1, IIA-1, IIIA-1 and A-PO, each with class A's subordination level."""
    seniors = (
        ("IA-1", "326,000,000.00"),
        ("IIA-1", "75,000,000.00"),
        ("IIIA-1", "78,000,000.00"),
        ("A-PO", "2,546,830.00"),
    )
    balances = "".join(
        f"     The aggregate initial principal balance of the class {name} certificates as of\n"
        f"October 1, 2004 was ${balance}.\n\n"
        for name, balance in seniors
    )
    levels = "".join(f"     The class {name} subordination level is 2.450067623897%.*\n\n" for name, _ in seniors)
    text = text.replace(
        "     The aggregate initial principal balance of the class A certificates as of\n"
        "October 1, 2004 was $481,546,830.00.\n\n",
        balances,
    )
    return text.replace("     The class A subordination level is 2.450067623897%.*\n\n", levels)


def cut_inside_heading(text: str = DETAILED) -> str:
    """The detailed description cut off inside its heading, as a truncated download is."""
    return text[: text.index("DETAILED DESCRIPTION OF THE MORTGAGE") + len("DETAILED DESCRIPTION OF THE MORTG")]


def cut_after_cover(text: str = DETAILED) -> str:
    """Only the cover survives: the text ends before the item that says which kind of filing it is."""
    return text[: text.index("Item 2.01.")]


# --- the wording and layout of 1997-1999 filings -----------------------------------------------------

_NINETIES_WORDS = (  # the 2004 words, then the 1990s filings' for them
    ("aggregate scheduled principal balance", "aggregate Adjusted Balance"),
    ("mortgage loan pool", "Mortgage Pool"),
    ("mortgage loans", "Mortgage Loans"),
    ("mortgaged properties", "Mortgaged Properties"),
    ("class A certificates", "Class A CitiCertificates"),
    ("class B-", "Class B-"),
    ("pool I", "Pool I"),
    ("weighted average interest rate", "weighted average Mortgage Interest Rate"),
    ("loan-to-value ratio", "Loan-to-Value Ratio"),
)
_NINETIES_COUNT = (  # the term sheet's count as the 1990s state it
    "The total number of mortgage loans as of May 1, 2004 was 1,225.",
    'As of May 1, 2004 (the "Cut-off Date"), the Mortgage Pool consisted of 1,225 Mortgage Loans.',
)


def _phrase(words: str) -> re.Pattern[str]:
    """The words wherever the filing breaks their lines."""
    return re.compile(r"\s+".join(re.escape(word) for word in words.split()))


def nineties(text: str) -> str:
    """A sample as a 1997-1999 filing writes it, with the same facts: "Date of Report:" at the margin,
    "Mortgage Loans", "Adjusted Balance", "CitiCertificates" and "per cent" in the prose, the pool's count
    "consisted of", and every line starting "-" escaped "- -" as EDGAR then did."""
    text = re.sub(r"^\s+Date of Report:\s+", "Date of Report:  ", text, count=1, flags=re.M)
    start = text.index("\nItem ")
    end = text.index("The following tables set forth") if "The following tables set forth" in text else len(text)
    prose = _phrase(_NINETIES_COUNT[0]).sub(_NINETIES_COUNT[1], text[start:end])
    prose = re.sub(r"(\d)%", r"\1 per cent", prose)
    for old, new in _NINETIES_WORDS:
        prose = _phrase(old).sub(new, prose)
    text = text[:start] + prose + text[end:]
    return "\n".join("- " + line if line.startswith("-") else line for line in text.split("\n"))


def replaced_once(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (however the filing wraps its lines) written as ``new``, once."""
    pattern = re.compile(r"\s+".join(map(re.escape, old.split())))
    assert len(pattern.findall(text)) == 1, old
    return pattern.sub(new, text)
