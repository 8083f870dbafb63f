"""One run at a time per output folder.

Two runs writing one folder would each keep their own view of what is there, and the
index could end up describing files the other run replaced. So a run takes an
exclusive lock on the output folder itself (``flock`` on the folder's descriptor: the
kernel drops it when the process ends, even by ``kill -9``, so no stale lock is ever
left), and writes who holds it into ``.termsheet-lock`` for a second run to name. The
second run waits up to ``LOCK_WAIT_SECONDS``, then gives up with one line naming the
holder.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from reporting.deliver.files import atomic_write, writing
from reporting.errors import FilingError
from reporting.model.names import display_path

try:
    import fcntl
except ImportError:  # not a POSIX system: runs are not serialised there
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".termsheet-lock"  # who holds the folder, while it is held
LOCK_WAIT_SECONDS = 30.0  # a second run waits this long for the first, then gives up
_POLL_SECONDS = 0.2


@contextlib.contextmanager
def folder_lock(
    out_dir: Path, wait: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold ``out_dir`` for this run; FilingError when another run holds it for longer than ``wait``."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    if fcntl is None:
        yield
        return
    with writing(out_dir):
        descriptor = os.open(out_dir, os.O_RDONLY)
    try:
        _acquire(descriptor, out_dir, wait, on_wait)
        holder = out_dir / LOCK_NAME
        with contextlib.suppress(OSError):  # only a note for a second run: a full disk must not stop this one
            atomic_write(holder, f"{_me()}\n")
        try:
            yield
        finally:
            holder.unlink(missing_ok=True)
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(descriptor: int, out_dir: Path, wait: float, on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = holder_of(out_dir)
        if time.monotonic() >= deadline:
            raise FilingError(
                display_path(out_dir),
                f"in use by another termsheet run ({holder}); gave up after waiting {wait:g} s: "
                "try again when it has finished, or use another --out",
            )
        if not told and on_wait is not None:
            on_wait(f"{display_path(out_dir)}: in use by another termsheet run ({holder}); waiting up to {wait:g} s")
            told = True
        time.sleep(_POLL_SECONDS)


def holder_of(out_dir: Path) -> str:
    """What the run holding ``out_dir`` wrote about itself ("pid 123 on host, since ...")."""
    try:
        text = (out_dir / LOCK_NAME).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text[:200] or "it has not said who it is yet"


def _me() -> str:
    since = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    return f"pid {os.getpid()} on {socket.gethostname()}, since {since}"
