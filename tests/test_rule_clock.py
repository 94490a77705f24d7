"""One timer per report (time_limit.RuleClock): each rule still has the whole limit of its own,
the rule that overruns is the one named, and the rules after it run within the limit again."""
from __future__ import annotations

import signal
import time

import pytest

from govlint.plugins.rule import Rule
from govlint.run.engine import Linter
from govlint.run.time_limit import RuleClock, TimeLimitExceeded, available

pytestmark = pytest.mark.skipif(not available(), reason="no interval timer here")


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_rules_that_together_take_longer_than_the_limit_are_not_stopped():
    with RuleClock(0.2) as clock:
        for _ in range(4):                 # 0.48 s in all, 0.12 s each
            clock.start()
            _busy(0.12)
            clock.stop()


def test_the_rule_that_overruns_is_stopped_after_its_own_limit_and_the_next_gets_a_full_one():
    stopped = []
    before = signal.getsignal(signal.SIGALRM)
    with RuleClock(0.2) as clock:
        for name, seconds in (("quick", 0.15), ("loops", 5.0), ("after", 0.15), ("loops too", 5.0)):
            started = time.monotonic()
            try:
                try:
                    clock.start()
                    _busy(seconds)
                finally:
                    clock.stop()
            except TimeLimitExceeded:
                stopped.append((name, time.monotonic() - started))
    assert [name for name, _ in stopped] == ["loops", "loops too"]
    assert all(0.19 <= took < 1.0 for _, took in stopped)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class _Slow(Rule):
    code, name = "TT981", "slow-but-in-time"

    def check(self, report):
        _busy(0.12)
        return ()


class _Loops(Rule):
    code, name = "TT982", "loops"

    def check(self, report):
        while True:
            pass


def test_the_engine_names_the_rule_that_overran_and_runs_the_others():
    linter = Linter(select=["GL301"], rule_time_limit=0.2)
    linter.rules = [_Slow(), _Slow(), _Loops(), _Slow(), *linter.rules]
    from builder import build_report
    found = linter.lint_text(build_report(cells={"t3.open.natural": ""})).diagnostics
    internal = [d.message for d in found if d.code == "GL000"]
    assert len(internal) == 1 and "TT982 loops" in internal[0] and "0.2 秒" in internal[0]
    assert any(d.code == "GL301" for d in found)
