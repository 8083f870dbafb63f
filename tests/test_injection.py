"""Filing text is untrusted: markup, URLs and template syntax in it stay text everywhere.

A hostile copy of the 2004-3 term sheet carries a script tag in a table label, a
file: image in a table title, an http: stylesheet, a CSS url() and Jinja syntax in
a footnote. Every output must show them as text; WeasyPrint must ask only for our
own embedded assets; and, watched through a Python audit hook, rendering must open
no file named by the filing and attempt no network connection at all.
"""

from __future__ import annotations

import email
import email.policy
import sys

import pytest
from reading import pdf_text, subject_of

from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

SCRIPT = "<script>alert(1)</script>"
FILE_IMAGE = '<IMG SRC="FILE:///ETC/PASSWD">'
STYLESHEET = '<link rel="stylesheet" href="http://evil.example/x.css">'
CSS_URL = "url(http://evil.example/a.png)"
TEMPLATE = "{{ 7*7 }}"

_WATCHING = False
_EVENTS: list[tuple[str, str]] = []


def _audit(event: str, args: tuple) -> None:
    """Record file opens and network use while a hostile render runs."""
    if not _WATCHING:
        return
    if event == "open" and args and isinstance(args[0], str):
        _EVENTS.append((event, args[0]))
    elif event.startswith(("socket.", "urllib.Request")):
        _EVENTS.append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # hooks cannot be removed; it records only while _WATCHING


@pytest.fixture(scope="module")
def hostile_deal(term_sheet_path):
    text = term_sheet_path.read_text()
    text = text.replace("Townhouses                   ", f"Townhouses {SCRIPT}", 1)
    text = text.replace("New York                   ", f"New York {SCRIPT}", 1)  # a top-5 state: in the email too
    text = text.replace("SIZE OF MORTGAGE LOANS", f"SIZE OF {FILE_IMAGE} MORTGAGE LOANS", 1)
    text = text.replace(
        "*   Multi-family dwellings are 2-family, 3-family and 4-family.",
        f"*   Multi-family dwellings {STYLESHEET} {CSS_URL} {TEMPLATE}.",
        1,
    )
    deal = load_filing(ingest_bytes(text.encode(), "hostile.txt"))
    labels = [row.label for table in deal.tables for row in table.rows]
    assert any(SCRIPT in label for label in labels), "the hostile label must reach the model"
    assert any(FILE_IMAGE in table.title for table in deal.tables)
    assert any(TEMPLATE in note for table in deal.tables for note in table.footnotes)
    return deal


@pytest.fixture(scope="module")
def rendered(hostile_deal, tmp_path_factory):
    """Render HTML, PDF and email while recording every URL WeasyPrint is asked for."""
    import weasyprint

    from reporting.deliver.write import render_deal

    asked: list[str] = []
    real_html = weasyprint.HTML

    class RecordingHTML(real_html):
        def __init__(self, *args, url_fetcher=None, **kwargs):
            def recording(url, *more):
                asked.append(url)
                return url_fetcher(url, *more)

            super().__init__(*args, url_fetcher=recording if url_fetcher else None, **kwargs)

    out = tmp_path_factory.mktemp("hostile")
    global _WATCHING
    weasyprint.HTML = RecordingHTML
    _EVENTS.clear()
    _WATCHING = True
    try:
        written = render_deal(hostile_deal, out, ["html", "pdf", "email"])
    finally:
        _WATCHING = False
        weasyprint.HTML = real_html
    return {path.name: path for path in written}, asked, list(_EVENTS)


def _file(rendered, suffix: str):
    files, _, _ = rendered
    return next(path for name, path in files.items() if name.endswith(suffix))


def test_html_shows_the_markup_as_text(rendered):
    html = _file(rendered, "-summary.html").read_text()
    assert SCRIPT not in html and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'src="file:' not in html.lower() and 'href="http://evil' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html.lower()  # titles are shown title-cased
    assert "&lt;link rel=" in html
    assert TEMPLATE in html  # Jinja did not evaluate filing text


def test_pdf_shows_the_markup_as_text(rendered):
    text = " ".join(pdf_text(_file(rendered, ".pdf")).split())
    assert "alert(1)" in text and "<script>" in text
    assert "file:///etc/passwd" in text.lower()
    assert "7*7" in text and " 49 " not in text.replace("{{ 7*7 }}", "")


def test_weasyprint_is_asked_only_for_our_own_assets(rendered):
    _, asked, _ = rendered
    assert asked, "the charts are fetched through the fetcher"
    assert not [url for url in asked if url.lower().startswith(("file:", "http:", "https:", "ftp:"))]
    assert not [url for url in asked if "evil" in url or "passwd" in url.lower()]


def test_rendering_opens_no_named_file_and_no_connection(rendered):
    _, _, events = rendered
    assert not [e for e in events if e[0] == "open" and ("passwd" in e[1].lower() or "evil" in e[1])]
    network = [e for e in events if e[0].startswith("socket.")]
    network += [e for e in events if e[0] == "urllib.Request" and not e[1].startswith("('data:")]
    assert not network


def test_email_shows_the_markup_as_text(rendered):
    message = email.message_from_bytes(_file(rendered, ".eml").read_bytes(), policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    assert "<script" not in html.lower() and 'src="file:' not in html.lower() and 'href="http://evil' not in html
    assert "New York &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "New York <script>alert(1)</script>" in message.get_body(("plain",)).get_content()  # plain text is text
    assert subject_of(message).startswith("CMSI 2004-3 preliminary collateral summary")  # a term sheet (Dec 4)


def test_the_diff_report_shows_the_markup_as_text(hostile_deal, term_sheet, tmp_path):
    from reporting.deliver.write import render_diff
    from reporting.derive.diff import build_diff

    written = render_diff(build_diff(term_sheet, hostile_deal), tmp_path, ["html"])
    html = next(p for p in written if p.suffix == ".html").read_text()
    assert "<script" not in html.lower() and 'src="file:' not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
