"""Writing files safely: ``atomic_write`` writes to a temporary file in the same folder
and renames it into place, so an interrupted run never leaves half a file.

Temporary files carry our own prefix (``TEMP_PREFIX``), and only files with it are
ever removed (``remove_temporary_files``): a browser's ``.download.iso.part`` in the
output folder is not ours and stays.

File names come from ``reporting.model.names`` (a stem from untrusted text that stays
inside the output folder).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.errors import FilingError
from reporting.model.names import MAX_STEM, deal_stem, display_path, safe_stem  # noqa: F401  (names a file is written under)

if TYPE_CHECKING:
    from reporting.deliver.formats import OutputFile


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by their owner only; reports are ordinary files,
# so they get the mode any new file of the user's gets (0644 under the usual umask).
FILE_MODE = 0o666 & ~_current_umask()
# Every temporary file we make starts with this, and nothing else is ever removed as one.
TEMP_PREFIX = ".termsheet-tmp-"
TEMP_SUFFIX = ".part"


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            os.fchmod(stream.fileno(), FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def remove_temporary_files(folder: Path) -> None:
    """Our temporary files under ``folder`` that a killed process never renamed into place."""
    if not folder.is_dir():
        return
    for temporary in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        if temporary.is_file() and not temporary.is_symlink():
            temporary.unlink(missing_ok=True)


def cannot_write(error: OSError, path: Path | str) -> FilingError:
    """The one line for a place that cannot be written: "PATH: cannot write: REASON"."""
    named = getattr(error, "filename", None)
    where = named if named and TEMP_PREFIX not in str(named) else path  # the file meant, not our temporary
    if isinstance(error, IsADirectoryError):
        reason = "is a folder, not a file"
    elif isinstance(error, FileExistsError) and not Path(where).is_dir():
        reason = "is a file, not a folder"
    elif isinstance(error, NotADirectoryError):
        reason = "a file is where a folder should be"
    else:
        reason = error.strerror or str(error)
    return FilingError(display_path(where), f"cannot write: {reason}")


@contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into ``cannot_write``'s one line (exit code 2)."""
    try:
        yield
    except OSError as error:
        raise cannot_write(error, path) from None


def write_files(folder: Path, stem: str, files: Iterable[OutputFile]) -> dict[str, Path]:
    """Write each file as folder/<stem><suffix>, atomically; returns kind of file -> path.

    A place that cannot be written is one line: ``FilingError`` "cannot write: ..." names
    the file or folder (exit code 2 on the command line).
    """
    written = {}
    for output in files:
        path = Path(folder) / f"{stem}{output.suffix}"
        with writing(path):
            written[output.kind] = atomic_write(path, output.data)
    return written
