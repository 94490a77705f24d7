"""A time limit for one rule on one report, so that a rule that loops cannot stop a run.

The limit is an interval timer (SIGALRM): it interrupts Python code, which is what rules
are. It works in the main thread on POSIX systems — the command line and its worker
processes. Elsewhere (Windows, or a rule run from another thread, as a web server may do)
rules run without a limit.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator


class TimeLimitExceeded(BaseException):
    """Raised inside a rule that ran out of time. A BaseException, so that a rule's own
    `except Exception` cannot swallow it and keep looping."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block when it runs longer than `seconds` (None or 0:
    no limit). The previous SIGALRM handler and timer are restored afterwards."""
    if not seconds or seconds <= 0 or not available():
        yield
        return
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    outer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0] > 0:   # someone else's timer was running: give it back what is left
            left = outer[0] - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer[1])
