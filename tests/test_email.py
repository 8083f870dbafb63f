"""The email summary: a well-formed MIME message whose HTML a mail client shows as intended,
whose images all resolve, whose text part holds the filing's key figures, under Gmail's clip size."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from reading import assert_mail_safe, bar_rows, heat_rows, html_of, message_of, state_list, subject_of, tags_of, text_of
from shared_renders import FIXED_TIME

from reporting import formatting as fmt
from reporting.cli import build_parser, main
from reporting.deliver.files import deal_stem
from reporting.deliver.mail import EmailOptions
from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present import pdf as engine
from reporting.present.email import BODY_LIMIT, email_images, png_size
from reporting.validate.reconcile import validate

SAMPLES = ("term_sheet", "detailed")


@pytest.fixture(scope="module")
def emailed(sample_reports) -> dict[str, dict[str, Path]]:
    """Each sample's .eml and its HTML preview, as render_deal writes them (rendered once per run)."""
    files = {}
    for key, series in (("term_sheet", "2004-3"), ("detailed", "2004-8")):
        written = sample_reports.summary(series)
        files[key] = {"eml": written["summary.eml"], "html": written["email.html"]}
    return files


# --- files and MIME layout ---------------------------------------------------------------


@pytest.mark.parametrize("key", SAMPLES)
def test_writes_the_eml_and_its_preview_into_the_deal_folder(tmp_path, key, request):
    deal = request.getfixturevalue(key)
    names = sorted(p.name for p in render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME))
    stem = deal_stem(deal.series, deal.source.path)
    assert names == [f"{stem}-email.html", f"{stem}-summary.eml"]
    assert sorted(p.name for p in (tmp_path / stem).iterdir()) == names  # in the deal's folder, and nothing else


@pytest.mark.parametrize("key", SAMPLES)
def test_message_has_the_standard_library_layout(emailed, key):
    message = message_of(emailed[key]["eml"])
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert images, "every sample has at least one chart"
    for image in images:
        assert image.get_content_type() == "image/png"
        assert image["Content-ID"].startswith("<") and image["Content-ID"].endswith(">")
        assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("key", SAMPLES)
def test_every_cid_resolves_to_an_image_and_every_image_is_used(emailed, key):
    message = message_of(emailed[key]["eml"])
    html = html_of(message)
    referenced = re.findall(r"""cid:([^"'\s)>]+)""", html)
    attached = [part["Content-ID"].strip("<>") for part in message.walk() if part.get_content_maintype() == "image"]
    assert referenced and len(set(attached)) == len(attached)
    assert sorted(set(referenced)) == sorted(attached)
    img_sources = [attrs["src"] for tag, attrs in tags_of(html) if tag == "img"]
    assert sorted(src.removeprefix("cid:") for src in img_sources) == sorted(attached)


def test_one_pool_term_sheet_shows_map_ltv_and_fico_charts(emailed):
    message = message_of(emailed["term_sheet"]["eml"])
    cids = [part["Content-ID"] for part in message.walk() if part.get_content_maintype() == "image"]
    assert [c.strip("<").split(".")[0] for c in cids] == ["states-map"]
    assert len(bar_rows(html_of(message), "strat")) == 6  # the LTV table (table-5), as bars
    assert heat_rows(html_of(message))  # the FICO x LTV heatmap, as a shaded table


def test_the_fico_ltv_heatmap_is_a_table_of_the_filings_figures(emailed, term_sheet: Deal):
    """Drawn as a picture, the heatmap's figures were 6 px high on a phone. As a table they are text, its longer
    labels (the LTV ranges) down the side, so that the six FICO buckets and the total fit a phone's width."""
    rows = heat_rows(html_of(message_of(emailed["term_sheet"]["eml"])))
    (matrix,) = term_sheet.matrices
    assert rows[0] == ["Loan-to-value ratio", *matrix.row_labels, "Total"]
    assert rows[0][1:3] == ["620 and less", "620 to 649"]
    assert [row[0] for row in rows[1:]] == [*matrix.col_labels, "Total"]
    # Each figure with its "%", as the PDF and the HTML write the matrix (the email's dropped it, and only its
    # caption said what the figures were).
    assert rows[1] == ["65.00% and below", "0.36%", "1.78%", "6.02%", "15.23%", "22.31%", "0.92%", "46.63%"]  # column 1
    for c, row in enumerate(rows[1:-1]):
        assert row[1:] == [f"{matrix.cells[r][c]:.2f}%" for r in range(len(matrix.row_labels))] + [
            f"{matrix.col_totals[c]:.2f}%"
        ]
    assert rows[-1] == ["Total", *(f"{v:.2f}%" for v in matrix.row_totals), "100.00%"]


def test_the_ltv_chart_is_a_table_of_bars_with_the_filings_shares(emailed, term_sheet: Deal):
    """Drawn as a picture, the LTV chart's labels and figures were 7 px high on a phone. As bars in a table (the top
    states' markup) they are text: each bucket of the filing's table with its share of the balance, as the PDF's
    table writes it ("65.00% and below", $289,011,601 of $619,800,778: 46.63%)."""
    message = message_of(emailed["term_sheet"]["eml"])
    (table,) = (t for t in term_sheet.tables if t.kind == "ltv")
    shown = bar_rows(html_of(message), "strat")
    assert shown == [(row.label, fmt.percent(row.balance / table.total.balance * 100)) for row in table.rows]
    assert shown[0] == ("65.00% and below", "46.63%") and shown[-1] == ("90.001% - 95.000%", "0.12%")
    assert not [p for p in message.walk() if str(p["Content-ID"]).startswith("<table-5.")]  # no picture of it


def test_every_share_of_the_map_is_listed_under_it(emailed, term_sheet: Deal):
    """The map's shares were 5 px high on a phone. The map now writes none (as the PDF's), and under it every state
    with loans is listed with its share, largest first, as the top states and the PDF's table write it."""
    html = html_of(message_of(emailed["term_sheet"]["eml"]))
    (table,) = (t for t in term_sheet.tables if t.kind == "geography")
    total = table.total.balance
    listed = state_list(html)
    assert len(listed) == len(table.rows) == 39  # 38 states and DC
    expected = sorted(table.rows, key=lambda row: -row.balance)
    assert listed[0] == "CA 47.91%" and listed[1] == "NY 12.26%"  # California $296,923,131 of $619,800,778
    assert [item.split()[1] for item in listed] == [fmt.percent(row.balance / total * 100) for row in expected]
    assert bar_rows(html, "state")[:2] == [("California", "47.91%"), ("New York", "12.26%")]  # the top states too


def test_a_heatmap_figure_under_a_bound_stays_in_its_cell_when_turned(tmp_path):
    """The filing's "*" ("* Less than 0.005%") in row 620 to 649, column 80.001%-85.000%, is shown in the turned
    table's row 80.001%-85.000%, column 620 to 649, as the bound; the 0.00 the filing states beside it stays 0.00."""
    from test_matrix_cells import _read, _with_stars

    deal = _read(_with_stars("*  Less than 0.005%"))
    (eml,) = (p for p in render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME) if p.suffix == ".eml")
    html = html_of(message_of(eml))
    rows = {row[0]: row[1:] for row in heat_rows(html)}
    # each figure with its "%", as the PDF and the HTML write it (it was dropped)
    assert rows["80.001%-85.000%"] == ["0.02%", "<0.005%", "0.07%", "0.07%", "0.03%", "0.00%", "0.19%"]
    assert rows["85.001%-90.000%"] == ["0.00%", "0.00%", "0.38%", "0.06%", "0.11%", "<0.005%", "0.55%"]
    assert "a share above 0% and under 0.005%" in html


@pytest.mark.parametrize(
    ("key", "shown", "named"),
    [
        ("term_sheet", "matrix-0", "the FICO x LTV matrix"),  # its heatmap is one of the email's charts, as a table
        ("detailed", "capital", "the capital structure chart"),
    ],
)
def test_the_footer_says_only_what_the_email_leaves_out(emailed, key, shown, named):
    message = message_of(emailed[key]["eml"])
    cids = [
        part["Content-ID"].strip("<").split(".")[0] for part in message.walk() if part.get_content_maintype() == "image"
    ]
    heatmap = ["matrix-0"] if heat_rows(html_of(message)) else []
    assert shown in cids + heatmap  # the email shows that chart...
    html = " ".join(re.sub(r"<[^>]+>", " ", html_of(message)).split())
    # The email carries no PDF unless asked (--attach-pdf): a forwarded message must not send its reader to one.
    (footer,) = re.findall(r"The PDF summary \(not attached to this email\) also holds [^.]*\.", html)
    assert named not in footer  # ...so the footer does not send the reader to the PDF for it
    assert footer.endswith(" and every reconciliation check.")


@pytest.mark.parametrize(
    ("key", "named"), [("term_sheet", "the FICO x LTV matrix"), ("detailed", "the capital structure chart")]
)
def test_the_footer_names_a_chart_the_email_leaves_out(request, key, named):
    from reporting.present.email import BODY_TEMPLATE, generated_stamp, headline, render_body

    summary = summarise(request.getfixturevalue(key))
    html = render_body(
        BODY_TEMPLATE, (), summary=summary, headline=headline(summary), pdf_attached=False,
        generated_at=generated_stamp(), top_states=5,
    )  # fmt: skip
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    (footer,) = re.findall(r"The PDF summary \(not attached to this email\) also holds [^.]*\.", words)
    assert named in footer  # no chart in the email: the PDF holds it


def test_subject_gives_size_loans_and_wac(emailed, term_sheet: Deal):
    message = message_of(emailed["term_sheet"]["eml"])
    # a term sheet's figures are preliminary, said in the subject (Dec 4): tests/test_preliminary.py
    assert subject_of(message) == "CMSI 2004-3 preliminary collateral summary: $619.8mm, 1,225 loans, WAC 5.843%"
    whole = term_sheet.whole_deal
    assert fmt.millions(whole.aggregate_balance) in message["Subject"]


def test_draft_has_no_recipients(emailed):
    message = message_of(emailed["detailed"]["eml"])
    assert message["To"] is None and message["From"] is None
    assert message["X-Unsent"] == "1"
    assert message["Date"] and message["Message-ID"]


# --- text part ---------------------------------------------------------------------------


def test_text_part_holds_the_term_sheets_key_figures(emailed, term_sheet: Deal):
    text = text_of(message_of(emailed["term_sheet"]["eml"]))
    for figure in ("$619,800,778", "1,225", "5.843%", "357.95 mo", "47.91%", "53 of 53 reconciliation checks passed"):
        assert figure in text
    whole = term_sheet.whole_deal
    assert fmt.dollars(whole.aggregate_balance) in text and fmt.rate(whole.wac) in text
    assert "California" in text and "New York" in text


def test_text_part_holds_every_pool_of_the_detailed_description(emailed, detailed: Deal):
    text = text_of(message_of(emailed["detailed"]["eml"]))
    assert "$493,641,378" in text and "970" in text and "5.962%" in text
    for pool in detailed.pools:
        assert pool.label in text
        assert fmt.dollars(pool.aggregate_balance) in text
        assert fmt.count(pool.loan_count) in text
        assert fmt.rate(pool.wac) in text


# --- HTML a mail client can show --------------------------------------------------------


@pytest.mark.parametrize("key", SAMPLES)
def test_html_is_inlined_table_layout_without_anything_clients_drop(emailed, key):
    assert_mail_safe(html_of(message_of(emailed[key]["eml"])))


@pytest.mark.parametrize("key", SAMPLES)
def test_images_have_size_and_alt_matching_the_png(emailed, key):
    message = message_of(emailed[key]["eml"])
    pngs = {p["Content-ID"].strip("<>"): p.get_content() for p in message.walk() if p.get_content_maintype() == "image"}
    for tag, attrs in tags_of(html_of(message)):
        if tag != "img":
            continue
        assert len(attrs["alt"].strip()) > 20
        width, height = int(attrs["width"]), int(attrs["height"])
        pixel_width, pixel_height = png_size(pngs[attrs["src"].removeprefix("cid:")])
        assert width <= 600 and pixel_width >= 2 * width - 2  # sharp on high-density screens
        assert abs(height / width - pixel_height / pixel_width) < 0.01


def test_key_metrics_panel_per_pool(emailed, detailed: Deal):
    html = html_of(message_of(emailed["detailed"]["eml"]))
    for pool in detailed.pools:
        assert pool.label in html
        assert fmt.dollars(pool.aggregate_balance) in html
    assert html.count("Aggregate balance") == len(detailed.pools)


def test_the_capital_structure_has_the_reports_precision_in_both_parts(emailed, detailed: Deal):
    # The email printed class B-4's share as 0.20% and its level as 0.25% where the report prints
    # 0.200% and 0.2501%: two precisions of one figure, forwarded side by side.
    message = message_of(emailed["detailed"]["eml"])
    html, text = html_of(message), text_of(message)
    b4 = next(c for c in detailed.classes if c.name == "B-4")
    share = b4.initial_balance / detailed.whole_deal.aggregate_balance * 100
    assert (f"{share:.3f}%", f"{b4.subordination_level:.4f}%") == ("0.200%", "0.2501%")
    for part in (html, text):
        assert f"{share:.3f}%" in part and f"{b4.subordination_level:.4f}%" in part


@pytest.mark.parametrize("key", SAMPLES)
def test_html_body_stays_under_gmails_clip_size(emailed, key):
    size = len(html_of(message_of(emailed[key]["eml"])).encode("utf-8"))
    assert size < BODY_LIMIT


def test_the_widest_deals_html_body_stays_under_gmails_clip_size(tmp_path):
    # Three pools and a 12-column matrix: 106.2 KB when every cell and span named its own font and size, so
    # Gmail hid the rest of the message (the data quality and the source) behind a link.
    from wide_deal import wide_deal

    deal = wide_deal()
    eml, _ = render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME)
    html = html_of(message_of(eml))
    assert_mail_safe(html)
    assert [p.name for p in deal.pools[:3]] == ["I", "II", "III"] and "cmsi-wide-deal.txt" in html
    assert len(html.encode("utf-8")) < BODY_LIMIT


@pytest.mark.parametrize("key", SAMPLES)
def test_preview_is_the_same_body_with_images_as_data_uris(emailed, key):
    message = message_of(emailed[key]["eml"])
    preview = emailed[key]["html"].read_text()
    pngs = {p["Content-ID"].strip("<>"): p.get_content() for p in message.walk() if p.get_content_maintype() == "image"}
    assert len(re.findall(r'src="data:image/png;base64,', preview)) == len(pngs)
    same = re.sub(r'src="data:image/png;base64,[^"]*"', 'src=""', preview)
    assert same.rstrip() == re.sub(r'src="cid:[^"]*"', 'src=""', html_of(message)).rstrip()


def test_charts_are_deterministic(term_sheet: Deal):
    summary = summarise(term_sheet)
    assert [i.cid for i in email_images(summary)] == [i.cid for i in email_images(summary)]


def test_filing_text_never_becomes_markup_or_a_header(tmp_path, detailed: Deal):
    evil = "<script>alert(1)</script><img src=http://x>"
    deal = dataclasses.replace(detailed, series="2004-8\r\nBcc: victim@example.com", trustee=evil)
    eml, preview = render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME)
    message = message_of(eml)
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    for html in (html_of(message), preview.read_text()):
        assert "<script" not in html and "&lt;script&gt;" in html
        assert not [attrs for tag, attrs in tags_of(html) if tag == "img" and "http" in (attrs.get("src") or "")]


# --- the command line --------------------------------------------------------------------


def test_render_attach_pdf_from_and_to(tmp_path, detailed_path: Path, capsys):
    args = ["render", str(detailed_path), "--format", "email", "--out", str(tmp_path), "--attach-pdf"]
    args += ["--to", "a@example.com,b@example.com", "--from", "Desk <desk@example.com>"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.search(r"cmsi-2004-8-summary\.eml .*HTML body \d+\.\d KB, under the 102 KB", out)
    message = message_of(tmp_path / "cmsi-2004-8" / "cmsi-2004-8-summary.eml")
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "cmsi-2004-8-summary.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert message["To"] == "a@example.com, b@example.com"
    assert message["From"] == "Desk <desk@example.com>" and message["X-Unsent"] is None
    assert "The PDF summary (attached) also holds" in html_of(message) and "not attached" not in html_of(message)


def test_the_attached_pdf_is_the_pdf_written_beside_it(tmp_path, detailed: Deal, monkeypatch):
    layouts = []
    lay_out_pdf = engine.html_to_pdf

    def counted(*args, **kwargs):
        layouts.append(args)
        return lay_out_pdf(*args, **kwargs)

    monkeypatch.setattr(engine, "html_to_pdf", counted)
    options = EmailOptions(attach_pdf=True)
    written = render_deal(detailed, tmp_path, ("email", "pdf"), email=options)  # email asked first
    assert len(layouts) == 1, "the PDF was laid out a second time for the attachment"
    pdf = next(p for p in written if p.suffix == ".pdf")
    eml = next(p for p in written if p.suffix == ".eml")
    attachment = message_of(eml).get_payload()[1]
    assert attachment.get_content() == pdf.read_bytes()


def test_bad_address_is_one_line_and_writes_nothing(tmp_path, term_sheet_path: Path, capsys):
    code = main(["render", str(term_sheet_path), "--format", "email", "--out", str(tmp_path), "--to", "not an address"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and error.startswith("termsheet: error: --to") and "\n" not in error
    assert not any(tmp_path.iterdir())


def test_demo_makes_email_too():
    assert "email" in build_parser().parse_args(["demo"]).format


def test_failed_check_is_flagged_beside_its_figure_in_both_parts(tmp_path, detailed: Deal):
    pool_one = detailed.pool("I")
    broken = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=tuple(broken if p.name == "I" else p for p in detailed.pools)))
    failed = [c for c in deal.checks if not c.passed]
    eml, _ = render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME)
    message = message_of(eml)
    html, text = html_of(message), text_of(message)
    whole_balance = re.escape(fmt.dollars(deal.whole_deal.aggregate_balance))
    mark = re.escape(fmt.FAILED_MARK)  # in its red disc, as the PDF marks it
    assert re.search(
        rf"{whole_balance}<span[^>]*><b class=\"mark\"[^>]*>{mark}</b> does not reconcile: pools add up to the deal balance",
        html,
    )
    assert f"{len(failed)} reconciliation checks failed" in html
    assert re.search(rf"{whole_balance} \(!\)", text)
    assert f"{len(deal.checks) - len(failed)} of {len(deal.checks)} reconciliation checks passed" in text


def test_the_email_marks_a_failed_check_as_the_pdf_and_the_text_part_do(tmp_path, detailed: Deal):
    """The email's HTML once marked a failure with a warning sign (U+26A0), the PDF with "!" in a red disc and the
    text part with "(!)": one mark now, formatting.FAILED_MARK, drawn in a disc in the HTML and bracketed in text."""
    pool_one = detailed.pool("I")
    broken = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=(broken, *detailed.pools[1:])))
    eml, preview = render_deal(deal, tmp_path, formats=("email",), generated_at=FIXED_TIME)
    html = preview.read_text()
    assert "\u26a0" not in html and "&#9888;" not in html
    marks = re.findall(r'<b class="mark"[^>]*>([^<]*)</b> does not reconcile', html)
    assert marks and set(marks) == {fmt.FAILED_MARK} == {"!"}
    assert f"{fmt.text_mark(fmt.FAILED_MARK)} does not reconcile" in text_of(message_of(eml))
