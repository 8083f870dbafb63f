"""The deal diff as an email: a MIME message built by the same machinery as the summary's,
whose images all resolve, whose text and HTML hold the key sentences, inline-styled,
under Gmail's clip size, and honest about a deal whose numbers did not reconcile."""

from __future__ import annotations

import dataclasses
import html as html_module
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from deal_edits import with_state_balances, with_wac_raised
from reading import assert_mail_safe, html_of, message_of, tags_of, text_of
from shared_renders import FIXED_TIME

from reporting import formatting as fmt
from reporting.cli import main
from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.present.email import BODY_LIMIT, png_size

PAIRS = ("samples", "edited", "itself", "unreconciled")


@pytest.fixture(scope="module")
def deals(term_sheet: Deal, detailed: Deal) -> dict[str, tuple[Deal, Deal]]:
    # Known edits: $49mm of California's balance moved to Nevada, and every rate 15 bp higher.
    edited = with_wac_raised(with_state_balances(term_sheet, {"California": -49_000_000, "Nevada": 49_000_000}), 0.15)
    # Texas gains $20mm but California loses only $19mm: the new deal's state table no longer adds up.
    broken = with_state_balances(term_sheet, {"California": -19_000_000, "Texas": 20_000_000})
    return {
        "samples": (term_sheet, detailed),
        "edited": (term_sheet, edited),
        "itself": (detailed, detailed),
        "unreconciled": (term_sheet, broken),
    }


@pytest.fixture(scope="module")
def mailed(tmp_path_factory, deals) -> dict[str, tuple[object, dict[str, Path]]]:
    out = {}
    for key, (old, new) in deals.items():
        diff = build_diff(old, new)
        paths = render_diff(diff, tmp_path_factory.mktemp(key), ["email"], generated_at=FIXED_TIME)
        out[key] = (diff, {"eml": paths[0], "preview": paths[1]})
    return out


def visible_text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, runs of whitespace as one space."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def image_parts(message: EmailMessage) -> dict[str, bytes]:
    return {p["Content-ID"].strip("<>"): p.get_content() for p in message.walk() if p.get_content_maintype() == "image"}


# --- files, MIME and images ------------------------------------------------------------------


def test_file_names_follow_the_diff_report(mailed):
    _, files = mailed["samples"]
    assert files["eml"].name == "cmsi-2004-3-vs-cmsi-2004-8.eml"
    assert files["preview"].name == "cmsi-2004-3-vs-cmsi-2004-8-email.html"


def test_message_has_the_summary_emails_layout(mailed):
    message = message_of(mailed["edited"][1]["eml"])
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert images and all(i.get_content_type() == "image/png" for i in images)
    assert message["X-Unsent"] == "1" and message["To"] is None  # a draft


@pytest.mark.parametrize("key", PAIRS)
def test_every_cid_resolves_to_an_image_and_every_image_is_used(mailed, key):
    message = message_of(mailed[key][1]["eml"])
    html = html_of(message)
    attached = image_parts(message)
    referenced = re.findall(r"""cid:([^"'\s)>]+)""", html)
    assert sorted(set(referenced)) == sorted(attached)
    img_sources = [attrs["src"] for tag, attrs in tags_of(html) if tag == "img"]
    assert sorted(src.removeprefix("cid:") for src in img_sources) == sorted(attached)


def test_the_edited_pair_charts_the_state_table_that_moved(mailed):
    message = message_of(mailed["edited"][1]["eml"])
    images = [(attrs["alt"], attrs["src"]) for tag, attrs in tags_of(html_of(message)) if tag == "img"]
    # Only the state table moved (the WAC edit changes no table), so one paired chart: the states.
    assert len(images) == 1
    alt, src = images[0]
    assert src.startswith("cid:diff-states.")
    assert "CMSI 2004-3 (old) against CMSI 2004-3 (new)" in alt and "largest change: California -7.91 pp" in alt


def test_deals_without_a_shared_table_say_why_there_is_no_chart(mailed):
    message = message_of(mailed["samples"][1]["eml"])
    assert not image_parts(message)
    assert "No chart: the two deals share no stratification table" in visible_text(html_of(message))


@pytest.mark.parametrize("key", ["edited", "unreconciled"])
def test_images_have_size_and_alt_matching_the_png(mailed, key):
    message = message_of(mailed[key][1]["eml"])
    pngs = image_parts(message)
    shown = [attrs for tag, attrs in tags_of(html_of(message)) if tag == "img"]
    assert shown
    for attrs in shown:
        assert len(attrs["alt"].strip()) > 20
        width, height = int(attrs["width"]), int(attrs["height"])
        pixel_width, pixel_height = png_size(pngs[attrs["src"].removeprefix("cid:")])
        assert width <= 600 and pixel_width >= 2 * width - 2  # sharp on high-density screens
        assert abs(height / width - pixel_height / pixel_width) < 0.01


@pytest.mark.parametrize("key", PAIRS)
def test_preview_is_the_same_body_with_images_as_data_uris(mailed, key):
    _, files = mailed[key]
    message = message_of(files["eml"])
    preview = files["preview"].read_text()
    assert len(re.findall(r'src="data:image/png;base64,', preview)) == len(image_parts(message))
    same = re.sub(r'src="data:image/png;base64,[^"]*"', 'src=""', preview)
    assert same.rstrip() == re.sub(r'src="cid:[^"]*"', 'src=""', html_of(message)).rstrip()


# --- what it says -------------------------------------------------------------------------


SAMPLE_SENTENCES = (
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    "Loan count fell from 1,225 to 970, -20.8%",
    "Deal size fell from $619.8mm to $493.6mm, -20.4%",
    "WAC rose from 5.843% to 5.962%, +11.9 bp",
    "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp",
)
EDITED_SENTENCES = (
    "California fell from 47.91% to 40.00% of balance, -7.91 pp",
    "Nevada rose from 0.43% to 8.33% of balance, +7.91 pp",
    "Top 5 states fell from 73.70% to 69.96% of balance, -3.74 pp",
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    "WAC rose from 5.843% to 5.993%, +15 bp",
)


@pytest.mark.parametrize(("key", "sentences"), [("samples", SAMPLE_SENTENCES), ("edited", EDITED_SENTENCES)])
def test_text_and_html_hold_the_key_sentences_in_rank_order(mailed, key, sentences):
    diff, files = mailed[key]
    message = message_of(files["eml"])
    assert set(sentences) <= {k.sentence for k in diff.key_changes}
    for part in (text_of(message), visible_text(html_of(message))):
        for sentence in sentences:
            assert sentence in part
        positions = [part.index(k.sentence) for k in diff.key_changes]
        assert positions == sorted(positions), "largest first"


def test_subjects(mailed):
    assert message_of(mailed["samples"][1]["eml"])["Subject"] == (
        "CMSI 2004-3 vs CMSI 2004-8: deal size -20.4% to $493.6mm, WAC +11.9 bp; 8 material changes"
    )
    assert message_of(mailed["edited"][1]["eml"])["Subject"] == (
        "CMSI 2004-3 (old) vs CMSI 2004-3 (new): deal size unchanged at $619.8mm, WAC +15 bp; 4 material changes"
    )


def test_a_deal_against_itself_says_no_material_changes(mailed, detailed: Deal):
    diff, files = mailed["itself"]
    message = message_of(files["eml"])
    assert diff.key_changes == ()
    subject = message["Subject"]
    assert subject.endswith("; no material changes")
    assert f"deal size unchanged at {fmt.millions(detailed.whole_deal.aggregate_balance)}" in subject
    html, text = visible_text(html_of(message)), text_of(message)
    assert "No material changes" in html and "No material changes" in text
    assert "· key change" not in html
    # Each figure side by side with a zero change.
    balance = fmt.dollars(detailed.whole_deal.aggregate_balance)
    assert f"Aggregate balance {balance} {balance} $0 0.0%" in html


def test_key_metrics_side_by_side_with_their_changes(mailed, term_sheet: Deal, detailed: Deal):
    html = visible_text(html_of(message_of(mailed["samples"][1]["eml"])))
    old, new = term_sheet.whole_deal, detailed.whole_deal
    assert "CMSI 2004-3 CMSI 2004-8 Change" in html
    assert (
        f"Aggregate balance · key change {fmt.dollars(old.aggregate_balance)} {fmt.dollars(new.aggregate_balance)}"
        f" -$126,159,401 -20.4%" in html
    )
    assert f"WAC · key change {fmt.rate(old.wac)} {fmt.rate(new.wac)} +11.9 bp +2.0%" in html
    assert "No income verification · key change ≤ 6% ≤ 24% +18 pp" in html  # no finer than the bounds
    # One side only: shown with a dash, never a change.
    assert f"California {fmt.percent(47.906221085769594)} — —" in html


def test_top_state_movers_and_the_top_10(mailed):
    html = visible_text(html_of(message_of(mailed["edited"][1]["eml"])))
    assert "Top state movers State CMSI 2004-3 (old) CMSI 2004-3 (new) Change" in html
    assert "California 47.91% 40.00% -7.91 pp Nevada 0.43% 8.33% +7.91 pp" in html
    assert "Entered the top 10: Nevada. Left the top 10: Georgia." in html


def test_both_data_quality_verdicts(mailed):
    message = message_of(mailed["samples"][1]["eml"])
    html, text = visible_text(html_of(message)), text_of(message)
    for verdict in (
        "CMSI 2004-3: all 53 reconciliation checks passed",
        "CMSI 2004-8: all 23 reconciliation checks passed",
    ):
        assert verdict in html and verdict in text


def test_numbers_that_did_not_reconcile_are_flagged(mailed, deals):
    diff, files = mailed["unreconciled"]
    _, broken = deals["unreconciled"]
    failed = [c for c in broken.checks if not c.passed]
    assert failed
    message = message_of(files["eml"])
    html, text = visible_text(html_of(message)), text_of(message)
    alert = f"CMSI 2004-3 (new): {len(failed)} of {len(broken.checks)} reconciliation checks failed."
    assert alert in html
    assert f"{len(failed)} of {len(broken.checks)} reconciliation checks failed" in text
    flagged = [k.sentence for k in diff.key_changes if "not reconciled in the new filing" in k.sentence]
    assert flagged and all(s in html and s in text for s in flagged)
    # The flag sits under the figure, and the new deal's value is marked.
    # Marked "!", as every format marks a failure (formatting.FAILED_MARK), no longer a warning sign of its own.
    assert "California · key change 47.91% 44.84% -3.07 pp -6.4% ! did not reconcile in CMSI 2004-3 (new)" in html
    cells = re.findall(r'<td class="value failed" style="([^"]*)">([^<]*)</td>', html_of(message))
    assert ("44.84%", True) in {(value, "background-color: #fdecea" in style) for style, value in cells}
    # The text part's table prints the change between the shares as known, like the sentence.
    assert re.search(r"Top 5 states \*\s+73\.70%\s+71\.69%\s+-2\.00 pp", text)  # -2.0044 pp


# --- an HTML body mail clients show as intended ---------------------------------------------


@pytest.mark.parametrize("key", PAIRS)
def test_html_is_inlined_table_layout_without_anything_clients_drop(mailed, key):
    assert_mail_safe(html_of(message_of(mailed[key][1]["eml"])))


@pytest.mark.parametrize("key", PAIRS)
def test_html_body_stays_under_gmails_clip_size(mailed, key):
    assert len(html_of(message_of(mailed[key][1]["eml"])).encode("utf-8")) < BODY_LIMIT


def test_filing_text_never_becomes_markup_or_a_header(tmp_path, detailed: Deal):
    evil = dataclasses.replace(detailed, series="2004-8<script>alert(1)</script>\r\nBcc: victim@example.com")
    eml, preview = render_diff(build_diff(detailed, evil), tmp_path, ["email"], generated_at=FIXED_TIME)
    message = message_of(eml)
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    for html in (html_of(message), preview.read_text()):
        assert "<script" not in html and "&lt;script&gt;" in html


# --- the command line ---------------------------------------------------------------------


def test_a_diff_email_without_its_pdf_says_so_where_it_names_the_pdf(mailed):
    # An outside review: a forwarded diff sent its reader to "the PDF diff report" the message did not carry.
    message = message_of(mailed["samples"][1]["eml"])
    assert not [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    said = "are in the PDF diff report (not attached to this email)."
    assert said in visible_text(html_of(message)) and said in text_of(message)


def test_diff_email_with_pdf_attached_from_and_to(tmp_path, term_sheet_path: Path, detailed_path: Path, capsys):
    args = ["diff", str(term_sheet_path), str(detailed_path), "--format", "pdf,email", "--out", str(tmp_path)]
    args += ["--attach-pdf", "--to", "a@example.com,b@example.com", "--from", "Desk <desk@example.com>"]
    assert main(args) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "diff"
    assert re.search(r"cmsi-2004-3-vs-cmsi-2004-8\.eml  \(HTML body \d+\.\d KB, under the 102 KB", out)
    message = message_of(folder / "cmsi-2004-3-vs-cmsi-2004-8.eml")
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    assert attachment.get_filename() == "cmsi-2004-3-vs-cmsi-2004-8.pdf"
    assert attachment.get_content() == (folder / "cmsi-2004-3-vs-cmsi-2004-8.pdf").read_bytes()
    assert message["To"] == "a@example.com, b@example.com" and message["From"] == "Desk <desk@example.com>"
    assert "(attached)" in html_of(message) and "the attached PDF diff report" in text_of(message)
    assert "not attached" not in html_of(message) + text_of(message)
    assert sorted(p.name for p in folder.iterdir()) == [
        "cmsi-2004-3-vs-cmsi-2004-8-email.html",
        "cmsi-2004-3-vs-cmsi-2004-8.eml",
        "cmsi-2004-3-vs-cmsi-2004-8.pdf",
    ]


def test_diff_email_alone_attaches_a_pdf_it_does_not_keep(tmp_path, detailed_path: Path, capsys):
    args = ["diff", str(detailed_path), str(detailed_path), "--pool", "I:III", "--format", "email"]
    assert main([*args, "--out", str(tmp_path), "--attach-pdf"]) == 0
    stem = "cmsi-2004-8-pool-i-vs-cmsi-2004-8-pool-iii"
    message = message_of(tmp_path / "diff" / f"{stem}.eml")
    attachment = message.get_payload()[1]
    assert attachment.get_content().startswith(b"%PDF") and attachment.get_filename() == f"{stem}.pdf"
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC fell from 6.132% to 5.716%, -41.6 bp" in text_of(message)
    assert message["Subject"].startswith("CMSI 2004-8 Pool I vs CMSI 2004-8 Pool III: pool size ")
    assert sorted(p.name for p in (tmp_path / "diff").iterdir()) == [f"{stem}-email.html", f"{stem}.eml"]
