"""Worker processes that end with the process that started them.

A worker waits for work on a pipe its parent holds open; if the parent is killed
(``kill -9``, the out-of-memory killer), the pipe never closes and the worker would
wait forever, holding its memory. ``die_with_parent`` is the first thing a worker
runs: on Linux the kernel kills it when its parent dies (``prctl(PR_SET_PDEATHSIG)``,
through ctypes: no extra library); elsewhere a small thread checks every second
that the parent is still there.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
LIVENESS_CHECK_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (the process that started it) ends."""
    if not _ask_kernel():
        threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before we asked: nobody is left to ask us for work
        os._exit(1)


def _ask_kernel() -> bool:
    """prctl(PR_SET_PDEATHSIG, SIGKILL); False where there is no such call."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(LIVENESS_CHECK_SECONDS)
    os._exit(1)
