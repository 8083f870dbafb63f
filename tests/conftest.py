"""Shared fixtures: the bundled sample filings, parsed once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_renders import SampleReports, SharedRenders, run_root

from reporting.batch.run import freeze_the_command
from reporting.deliver import formats
from reporting.model.deal import Deal
from reporting.pipeline import load_deal
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

REPO = Path(__file__).resolve().parent.parent
SHARED_FILINGS = REPO.parent / "shared" / "filings"

# The costliest test files (`make bench-tests` lists them), handed out first. pytest-xdist
# gives each worker a whole file at a time, in collection order (`make test` turns off its
# own order, most tests first); a file of a few long tests handed out last kept one core
# busy alone for up to 9 s at the end of the run while the other had nothing left to do.
COSTLIEST_FIRST = (
    "test_pdf_parts.py",
    "test_hostile_render.py",
    "test_browser.py",
    "test_batch.py",
    "test_batch_interruptions.py",
    "test_page_bounds.py",
    "test_email.py",
    "test_text_bounds.py",
    "test_fonts.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(COSTLIEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # a stable sort: the others keep their order


@pytest.fixture(scope="session", autouse=True)
def libraries_loaded() -> None:
    """Every format's libraries imported, then frozen out of the cycle collector's sight, as the
    `termsheet` command does before its first deal (reporting/batch/run.py): the tests' own
    renders run as the command's do."""
    freeze_the_command(formats.names("deal"))


@pytest.fixture(scope="session")
def term_sheet_path() -> Path:
    return TERM_SHEET_2004_3


@pytest.fixture(scope="session")
def detailed_path() -> Path:
    return DETAILED_2004_8


@pytest.fixture(scope="session")
def term_sheet() -> Deal:
    return load_deal(TERM_SHEET_2004_3)


@pytest.fixture(scope="session")
def detailed() -> Deal:
    return load_deal(DETAILED_2004_8)


@pytest.fixture(scope="session")
def sample_reports(pytestconfig, tmp_path_factory, term_sheet: Deal, detailed: Deal) -> Iterator[SampleReports]:
    """The samples' summaries and diffs and the demo, rendered once per test run for every worker
    (tests/shared_renders.py)."""
    shared = SharedRenders(run_root(pytestconfig, tmp_path_factory))
    yield SampleReports(shared, term_sheet, detailed)
    shared.check_unchanged()


@pytest.fixture(scope="session")
def partial_dir() -> Path:
    folder = SHARED_FILINGS / "partial"
    if not folder.is_dir():
        pytest.skip(
            "needs the real truncated CMSI filings (1997-2003 cover pages, a servicing report); they are "
            f"not part of the package: put them in {folder} to run this test"
        )
    return folder
