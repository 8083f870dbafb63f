"""A wall-clock limit on a piece of work: an exception raised in it when the time is up.

A SIGALRM timer interrupts even a long-running regular expression or layout loop. Where
there is none (Windows) or it cannot be set (outside the main thread), or a limit is
already running around this one, the work runs under that outer limit or none: the
timer is a backstop against hostile input, not what keeps the work fast.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


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

    def stop(signum: int, frame: object) -> None:
        raise error()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
