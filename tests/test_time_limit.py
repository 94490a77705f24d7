"""The rule time limit where SIGALRM cannot be used (Windows; rules run outside the main
thread): the watchdog thread, forced here on Linux, interrupts a looping rule, leaves fast
code alone and raises nothing after its block has ended."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from govlint.run import time_limit as tl
from govlint.run.engine import Linter
from govlint.run.time_limit import TimeLimitExceeded, time_limit


@pytest.fixture
def watchdog(monkeypatch):
    monkeypatch.setattr(tl, "FORCE", "thread")
    assert tl.method() == "thread"


def _loop():
    while True:
        pass


def test_the_watchdog_stops_a_loop(watchdog):
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as caught:
        with time_limit(0.1):
            _loop()
    assert caught.value.seconds == 0.1
    assert time.monotonic() - started < 5


def test_the_watchdog_stops_a_loop_that_catches_exception(watchdog):
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.1):
            while True:
                try:
                    sum(range(100))
                except Exception:      # a rule's own handler does not swallow it
                    pass


def test_fast_code_finishes_and_nothing_arrives_afterwards(watchdog):
    for _ in range(50):
        with time_limit(0.01):
            total = sum(range(1000))
        assert total == 499500
    deadline = time.monotonic() + 0.3      # keep running Python code after the blocks
    while time.monotonic() < deadline:
        sum(range(100))
    assert threading.active_count() < 10   # the timers are gone


def test_without_sigalrm_the_watchdog_is_used(monkeypatch):
    monkeypatch.delattr(signal, "setitimer")     # as on Windows
    assert tl.method() == "thread"
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.1):
            _loop()


def test_outside_the_main_thread_the_watchdog_is_used():
    seen = {}

    def worker():
        seen["method"] = tl.method()
        try:
            with time_limit(0.1):
                _loop()
        except TimeLimitExceeded as e:
            seen["stopped"] = e.seconds
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert seen == {"method": "thread", "stopped": 0.1}


class _Looping:
    code, name, origin = "TT991", "loops-forever", "test"


def test_a_looping_rule_becomes_gl000_with_the_watchdog(watchdog):
    linter = Linter(select=["GL301"], rule_time_limit=0.2)
    (d,) = linter.run_rule(_Looping(), None, check=lambda _: _loop())
    assert d.code == "GL000" and "TT991 loops-forever" in d.message and "0.2 秒" in d.message
