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


class RuleClock:
    """The per-rule limit for all the rules of one report with one timer: the SIGALRM
    handler is installed and the interval timer armed once, for `seconds`. Each rule marks
    its start (`start`, a clock read); when the timer fires, the handler raises
    TimeLimitExceeded only if the rule running has had `seconds` of its own, and otherwise
    re-arms the timer for what that rule has left. So a rule is stopped after `seconds`
    of its own, as with `time_limit` around each rule, at the cost of one clock read per
    rule instead of two handler swaps and two timer calls. Between rules (`stop` to
    `start`) the timer never raises: a rule is blamed only while it runs.

        with RuleClock(10) as clock:
            for rule in rules:
                try:
                    clock.start()
                    ... run the rule ...
                    clock.stop()
                except TimeLimitExceeded: ...   # the next start() arms the timer again
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 and available() else 0
        self.started = 0.0
        self.running = False
        self._armed = False

    def __enter__(self) -> "RuleClock":
        if not self.seconds:
            return self
        self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self._entered = time.monotonic()
        self._outer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self._armed = True
        self.started = self._entered
        return self

    def start(self) -> None:
        """A rule starts now."""
        self.started = time.monotonic()
        self.running = True
        if not self._armed and self.seconds:     # the timer fired before: arm it again
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        """The rule has finished."""
        self.running = False

    def _on_alarm(self, signum, frame) -> None:
        if not self._armed:
            return
        if not self.running:         # between rules: the next start() arms it again
            self._armed = False
            return
        left = self.seconds - (time.monotonic() - self.started)
        if left > 0.001:
            signal.setitimer(signal.ITIMER_REAL, left)
            return
        self._armed = False
        raise TimeLimitExceeded(self.seconds)

    def __exit__(self, *exc) -> None:
        if not self.seconds:
            return
        self._armed = self.running = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)
        if self._outer[0] > 0:   # someone else's timer was running: give it back what is left
            left = self._outer[0] - (time.monotonic() - self._entered)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), self._outer[1])
