"""WeasyPrint imported without its library search (reporting/present/weasyprint_import.py):
no subprocess, the same working WeasyPrint, and the search used again where a library opens
only through it. Each case runs in a fresh interpreter, where nothing is imported yet."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is skipped on Linux only")

# Counts the processes an import starts, then lays out a line of text to show WeasyPrint works.
COUNT_AND_USE = """
import subprocess
started = []
popen = subprocess.Popen.__init__
def counted(self, args, *more, **options):
    started.append(args)
    popen(self, args, *more, **options)
subprocess.Popen.__init__ = counted
{setup}
{import_line}
pages = weasyprint.HTML(string="<p>termsheet</p>").render().pages
print(len(started), len(pages))
"""


def run(import_line: str, setup: str = "") -> tuple[int, int, str]:
    script = COUNT_AND_USE.format(setup=textwrap.dedent(setup), import_line=import_line)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.splitlines() or [""]
    started, pages = map(int, last.split())
    return started, pages, "\n".join(printed)


def test_weasyprint_as_imported_by_itself_starts_processes_to_find_its_libraries():
    started, pages, _ = run("import weasyprint")
    assert started > 0 and pages == 1  # what the module below avoids


def test_imported_through_termsheet_it_starts_no_process_and_lays_out_pages():
    started, pages, printed = run("from reporting.present.weasyprint_import import weasyprint")
    assert (started, pages, printed) == (0, 1, "")


def test_a_library_that_opens_only_through_the_search_is_found_by_it_silently():
    # HarfBuzz refuses its file name while the search is off, as on a machine that knows it
    # by another name: the import runs again with the search, and WeasyPrint's own "could
    # not import some external libraries" from the first attempt is not printed.
    refuse_harfbuzz_by_name = """
        import cffi, ctypes.util
        dlopen = cffi.FFI.dlopen
        def picky(self, name, flags=0):
            if name == "libharfbuzz.so.0" and ctypes.util.find_library.__name__ == "_not_searched":
                raise OSError("not by this name")
            return dlopen(self, name, flags)
        cffi.FFI.dlopen = picky
    """
    started, pages, printed = run("from reporting.present.weasyprint_import import weasyprint", refuse_harfbuzz_by_name)
    assert started > 0 and pages == 1 and printed == ""
