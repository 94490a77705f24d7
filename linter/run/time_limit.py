"""A time limit for one rule on one report, so that a rule that loops cannot stop a run.

Two ways to interrupt a rule, both of which stop Python code (which is what rules are)
between two of its steps:

- an interval timer (SIGALRM), in the main thread on POSIX systems — the command line and
  its worker processes there;
- a watchdog thread, everywhere else — Windows, which has no SIGALRM, and rules run from
  another thread (as a web server may do): when the time is up it raises TimeLimitExceeded
  in the rule's thread with CPython's PyThreadState_SetAsyncExc.

Neither can stop a rule stuck inside one long call into C (a huge regular expression, say):
the exception is raised as soon as that call returns.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

# Tests set this to "thread" to run the watchdog where SIGALRM would be used.
FORCE: str | None = None

# Installs a signal handler and returns the one before, as signal.signal does without its
# conversions to and from the Handlers enum: these cost 6-7 us a call (the previous handler,
# a function, fails the enum look-up with an exception), two calls for every report linted.
try:
    from _signal import signal as _install
except ImportError:      # pragma: no cover - a Python without CPython's _signal module
    _install = signal.signal


class TimeLimitExceeded(BaseException):
    """Raised inside a rule that ran out of time. A BaseException, so that a rule's own
    `except Exception` cannot swallow it and keep looping."""

    seconds_allowed: float = 0.0   # set on the class the watchdog raises (it is raised without arguments)

    def __init__(self, seconds: float | None = None):
        seconds = type(self).seconds_allowed if seconds is None else seconds
        super().__init__(seconds)
        self.seconds = seconds


def _watchdog_works() -> bool:
    try:
        import ctypes
        return hasattr(ctypes, "pythonapi") and hasattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc")
    except ImportError:
        return False


def method() -> str | None:
    """How a limit is kept in this thread: "signal", "thread", or None (no way here)."""
    if FORCE != "thread" and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return "signal"
    return "thread" if _watchdog_works() else None


def available() -> bool:
    return method() is not None


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block when it runs longer than `seconds` (None or 0:
    no limit). With SIGALRM the previous handler and timer are restored afterwards."""
    how = method() if seconds and seconds > 0 else None
    if how == "signal":
        with _alarm(seconds):
            yield
    elif how == "thread":
        with _Watchdog(seconds):
            yield
    else:
        yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise TimeLimitExceeded(seconds)

    previous = _install(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    outer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        _install(signal.SIGALRM, previous)
        if outer[0] > 0:   # someone else's timer was running: give it back what is left
            left = outer[0] - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer[1])


class _Watchdog:
    """A timer thread that raises TimeLimitExceeded in the thread that entered the block,
    unless the block has finished first. The lock makes "finished" and "fired" exclusive:
    once the block is left, no exception can arrive later."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = True
        self.fired = False
        self.exception = type("TimeLimitExceeded", (TimeLimitExceeded,), {"seconds_allowed": seconds})
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def __enter__(self):
        self.timer.start()
        return self

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _set_async_exc(self.target, self.exception)

    def __exit__(self, exc_type, exc, tb):
        with self.lock:
            self.armed = False
            fired = self.fired
        self.timer.cancel()
        if fired and exc_type is None:      # fired as the block ended: take back the pending exception
            _set_async_exc(self.target, None)
        return False


def _set_async_exc(thread_id: int, exception) -> None:
    import ctypes
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception is not None else None)


class RuleClock:
    """Where SIGALRM can be used (`RuleClock.usable()`), the per-rule limit for all the rules of
    one report with one timer: the SIGALRM
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

    @staticmethod
    def usable() -> bool:
        """Whether this thread keeps limits with SIGALRM; elsewhere each rule gets its own
        `time_limit` (the watchdog thread)."""
        return method() == "signal"

    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 and method() == "signal" else 0
        self.started = 0.0
        self.running = False
        self._armed = False

    def __enter__(self) -> "RuleClock":
        if not self.seconds:
            return self
        self._previous = _install(signal.SIGALRM, self._on_alarm)
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
        _install(signal.SIGALRM, self._previous)
        if self._outer[0] > 0:   # someone else's timer was running: give it back what is left
            left = self._outer[0] - (time.monotonic() - self._entered)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), self._outer[1])
