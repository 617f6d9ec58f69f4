"""A wall-clock limit on the work one input can cause.

Size limits (pixels, SVG elements, stream bytes) bound the work each input can
cause, but a combination nobody foresaw could still run for a very long time.
So making and checking one output, and checking one file, stops after a stated
time and is reported as that output's or that file's failure, naming the limit;
the others go on.

The limit uses SIGALRM, so it applies where the work runs on a process's main
thread (the build's workers and `posters check`). Elsewhere (Windows, or the
preview server's threads, which render one output a designer asked for) the
work runs without it, and the size limits still hold.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

# Far above the slowest real output (a 6-sheet or 1:10 48-sheet made and
# checked in about 2 s on an idle 2-core machine; about 10 s under heavy load).
OUTPUT_SECONDS = 120.0


class TimeLimitExceeded(BaseException):
    """A BaseException, like KeyboardInterrupt, so that no library's `except
    Exception` (pikepdf's XMP parser has one) can swallow it and run on."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def limit(seconds: float | None = None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once `seconds` (default OUTPUT_SECONDS) have passed."""
    seconds = OUTPUT_SECONDS if seconds is None else seconds
    if not available():
        yield
        return

    def _expired(signum, frame):
        # raised inside a finalizer or a C callback, the exception is printed and
        # dropped: ask again shortly, until it lands in the work itself
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
