"""A wall-clock limit on a piece of work: an exception raised in it when the time is up.

A SIGALRM timer interrupts even a long-running regular expression or layout loop. Where
there is none (Windows) or it cannot be set (outside the main thread), or a limit is
already running around this one, the work runs under that outer limit or none: the
timer is a backstop against hostile input, not what keeps the work fast.

An exception can land anywhere, so the handler is careful about two places:

- inside an import (the heavy libraries import parts of themselves on first use): a
  module stopped half-way stays broken for the rest of the process, so the stop waits
  until the import is done;
- inside code that swallows exceptions (a C library's callback, a ``__del__``, a weak
  reference's callback): the timer fires again every ``RETRY_SECONDS`` until the
  exception leaves the block, and the swallowed one is not printed.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

RETRY_SECONDS = 0.1


@contextmanager
def stop_after(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``error()`` inside the block once ``seconds`` of wall-clock time have passed."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # an outer limit is running: it stays in charge
    ):
        yield
        return
    finished = False
    raised: list[BaseException] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        if finished:
            return
        signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)  # again soon, should this one be swallowed
        if not _importing(frame):
            raised.append(error())
            raise raised[-1]

    def unraisable(report) -> None:  # ours, swallowed where it cannot propagate: the next retry raises it
        if not any(report.exc_value is ours for ours in raised):
            previous_hook(report)

    previous = signal.signal(signal.SIGALRM, stop)
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception as failure:
        if raised and failure not in raised:
            # Stopped inside a library, which then failed on its half-done state: the stop is the cause.
            raise raised[-1] from failure
        raise
    finally:
        finished = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook


def _importing(frame: FrameType | None) -> bool:
    """Whether the interrupted code runs inside an import (the import machinery is on the stack)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
