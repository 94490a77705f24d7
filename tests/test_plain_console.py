"""--format text without colour is written without rich (results/formats/plain_console.py):
the same bytes as rich's Console writes, on the seeds and on generated findings whose
messages and source lines hold what rich changes (control characters, TABs), trailing white
space, wide characters and line breaks; and a closed pipe ends the run as rich ends it."""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest

from govlint.read.text import from_text
from govlint.results.diagnostic import Diagnostic, Fix
from govlint.results.formats import plain_console, text_format
from govlint.run.batch import LintResult
from govlint.run.engine import Linter
from builder import build_report

SEEDS = sorted((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
PIECES = ["政府信息公开", "拱墅区", "　", " ", "\xa0", "\t", "\r", "\x07", "\x08", "\x0b", "\x0c", "\n", "abc", "12",
          "“", "”", "（", "）", "…", "𨟠", "é", "\u200b", "\x1f", "\x85"]


def _render(results, plain: bool, monkeypatch) -> str:
    monkeypatch.setattr(plain_console, "usable", lambda: plain)
    out = io.StringIO()
    text_format.render(results, out, color="never")
    return out.getvalue()


def _same(results, monkeypatch) -> str:
    fast = _render(results, True, monkeypatch)
    assert fast == _render(results, False, monkeypatch)
    return fast


@pytest.mark.skipif(not SEEDS, reason="needs the seeds in shared/seeds")
def test_seeds_are_written_as_rich_writes_them(monkeypatch):
    linter = Linter(digests=False)
    results = [linter.lint_file(path) for path in SEEDS]
    assert _same(results, monkeypatch).count("\n") > 50


def test_a_clean_report_and_no_results(monkeypatch):
    clean = Linter(digests=False).lint_text(build_report(year=2021), "clean.txt")
    assert "未发现问题" in _same([clean], monkeypatch)
    assert _same([], monkeypatch) == ""


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(size))


@pytest.mark.parametrize("seed", range(40))
def test_generated_findings_are_written_as_rich_writes_them(seed, monkeypatch):
    rng = random.Random(seed)
    lines = [_text(rng, rng.randint(0, 60)).replace("\n", "") for _ in range(12)]
    source = from_text("\n".join(lines) + "\n", f"报告{seed}.txt")
    found = []
    for _ in range(rng.randint(1, 8)):
        line = rng.randint(1, len(lines) + 1)
        column = rng.randint(1, 70)
        end_line = line + rng.choice((0, 0, 1))
        message = _text(rng, rng.randint(1, 20))
        code, severity = rng.choice([("GL301", "error"), ("GL501", "warning"), ("GL801", "info")])
        if rng.random() < 0.3:
            message = f"表三有空白单元格{message}"
        fix = Fix("0", rng.choice(("safe", "unsafe"))) if rng.random() < 0.5 else None
        found.append(Diagnostic(source.path, line, column, end_line, column + rng.randint(0, 9), 0, 1, code,
                                "rule", severity, message, fix))
    result = LintResult(source.path, found, report=_Report(source))
    _same([result], monkeypatch)


class _Report:
    def __init__(self, source):
        self.source = source


class _ClosedPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def isatty(self):
        return False


@pytest.mark.parametrize("plain", [True, False])
def test_a_closed_pipe_ends_the_run_as_rich_does(plain, monkeypatch):
    """rich's Console.on_broken_pipe: standard output to the null device and exit status 1."""
    moved = []
    monkeypatch.setattr(plain_console.os, "dup2", lambda fd, to: moved.append(to))
    monkeypatch.setattr(plain_console.os, "open", lambda *a: -1)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    monkeypatch.setattr(sys.stdout, "fileno", lambda: 99, raising=False)
    import rich.console
    monkeypatch.setattr(rich.console.os, "dup2", lambda fd, to: moved.append(to))
    monkeypatch.setattr(rich.console.os, "open", lambda *a: -1)
    monkeypatch.setattr(plain_console, "usable", lambda: plain)
    clean = Linter(digests=False).lint_text(build_report(year=2021), "clean.txt")
    with pytest.raises(SystemExit) as stop:
        text_format.render([clean], _ClosedPipe(), color="never")
    assert stop.value.code == 1 and moved == [99]
