"""Writing files safely: file names from untrusted text, and atomic writes.

A series comes from the filing, so it may hold anything ("../../etc/x", NUL,
slashes, 5,000 characters). ``safe_stem`` turns it into a name that stays inside
the output folder. ``atomic_write`` writes to a temporary file in the same folder
and renames it into place, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.errors import FilingError

if TYPE_CHECKING:
    from reporting.deliver.formats import OutputFile

MAX_STEM = 80


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by their owner only; reports are ordinary files,
# so they get the mode any new file of the user's gets (0644 under the usual umask).
FILE_MODE = 0o666 & ~_current_umask()


def safe_stem(text: str | None, fallback: str = "deal") -> str:
    """A lowercase file-name stem of letters, digits, '-' and '.', never '.' or '..'."""
    stem = re.sub(r"[^a-z0-9.-]+", "-", (text or "").lower()).strip(".-")
    stem = re.sub(r"[.-]{2,}", "-", stem)[:MAX_STEM].strip(".-")  # no "..", even inside a name
    return stem or fallback


def deal_stem(series: str | None, source_path: str) -> str:
    """The folder and file-name stem of a deal: "cmsi-2004-3", or the source file's name."""
    if series:
        return "cmsi-" + safe_stem(series)
    return safe_stem(Path(source_path).stem)


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            os.fchmod(stream.fileno(), FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_files(folder: Path, stem: str, files: Iterable[OutputFile]) -> dict[str, Path]:
    """Write each file as folder/<stem><suffix>, atomically; returns kind of file -> path.

    A place that cannot be written is one line: ``FilingError`` "cannot write: ..." names
    the file or folder (exit code 2 on the command line).
    """
    written = {}
    for output in files:
        path = Path(folder) / f"{stem}{output.suffix}"
        try:
            written[output.kind] = atomic_write(path, output.data)
        except OSError as error:
            where = getattr(error, "filename", None) or path
            raise FilingError(str(where), f"cannot write: {error.strerror or error}") from None
    return written
