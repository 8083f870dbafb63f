"""WeasyPrint, imported without its library search's twenty subprocesses on Linux.

WeasyPrint opens Pango, GObject, HarfBuzz and fontconfig through cffi, trying each library
under every platform's name in turn (Windows', then Linux's, then macOS'). Each name that
does not open makes cffi ask ``ctypes.util.find_library``, which on Linux runs ``ldconfig
-p`` and then gcc or ld in a subprocess: some twenty processes, a quarter of a second of
every command that writes a PDF. On Linux the library's own file name
("libpango-1.0.so.0") is among the names tried and opens directly, from the same places
the search would look, so the search is turned off while WeasyPrint is imported. Should a
library open only through the search (a machine that knows it by another name), the import
runs again, as WeasyPrint does it itself. (HarfBuzz's optional subset and vector libraries,
which WeasyPrint does without, are opened by their file names alone.)

Import ``weasyprint`` from here, or import this module before any other use of WeasyPrint.
It is imported before a batch's workers start (``Format.imports``), while the process has
one thread, so nothing else calls ``find_library`` meanwhile.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import sys
from types import ModuleType


def _imported() -> ModuleType:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        # WeasyPrint prints its "could not import some external libraries" before it fails:
        # said by the import below, if that one fails too.
        with contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]  # half-imported: the import below starts afresh
    finally:
        ctypes.util.find_library = search
    return importlib.import_module("weasyprint")


def _not_searched(name: str) -> None:
    return None


weasyprint = _imported()
