"""Writing files safely: ``atomic_write`` writes to a temporary file in the same folder
and renames it into place, so an interrupted run never leaves half a file.

File names come from ``reporting.model.names`` (a stem from untrusted text that stays
inside the output folder).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.errors import FilingError
from reporting.model.names import MAX_STEM, deal_stem, safe_stem  # noqa: F401  (names a file is written under)

if TYPE_CHECKING:
    from reporting.deliver.formats import OutputFile


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by their owner only; reports are ordinary files,
# so they get the mode any new file of the user's gets (0644 under the usual umask).
FILE_MODE = 0o666 & ~_current_umask()


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
