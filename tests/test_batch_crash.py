"""A worker process that dies in a batch run (a C library's crash on a malformed file, the
system killing it for memory) costs that one file: the file is reported, every other file is
linted as usual, and the run goes on. The calling process, which lints beside its workers,
lints text files only, so that such a crash cannot end the run there."""
from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder import build_report
from render_html import render_html

GOVLINT = str(Path(sys.executable).parent / "govlint")
SUBPROCESS_TIMEOUT = 300     # generous: a bound against hangs, not a timing assertion
MARK = "请让检查进程崩溃"

# A plugin rule that takes its process down when a report holds MARK: by a segmentation fault
# in C (as a C library's crash would), or by SIGKILL (as the system's out-of-memory killer).
CRASH_PLUGIN = '''
import ctypes
import os
import signal

from govlint import Rule, hookimpl


class Crash(Rule):
    """让检查进程崩溃（测试用）：报告中有“{mark}”时。"""
    code, name, severity = "TT901", "crash", "info"

    def check(self, report):
        if "{mark}" in report.source.text:
            {how}
        return ()


@hookimpl
def govlint_rules():
    return [Crash]
'''
HOW = {"segfault": "ctypes.string_at(0)", "killed": "os.kill(os.getpid(), signal.SIGKILL)"}

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the calling process lints beside forked workers only")


def _report(n: int, marked: bool = False) -> str:
    text = build_report(year=2021, results={"open": {"natural": n + 1}}, cells={"t3.open.total": str(n + 50)})
    return text.replace("\n二、", f"\n{MARK}。\n二、", 1) if marked else text


def _folder(tmp_path: Path, how: str, marked: dict[str, str], count: int = 14) -> Path:
    """`count` reports r00…, text unless `marked` names them (name -> "txt" or "html-as-txt":
    a web page under a .txt name, or "html"); the marked ones hold MARK."""
    root = tmp_path / "reports"
    root.mkdir()
    for n in range(count):
        name = f"r{n:02d}"
        kind = marked.get(name)
        text = _report(n, kind is not None)
        if kind in ("html", "html-as-txt"):
            (root / f"{name}.{'html' if kind == 'html' else 'txt'}").write_bytes(render_html(text))
        else:
            (root / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "crash_rule.py").write_text(CRASH_PLUGIN.format(mark=MARK, how=HOW[how]), encoding="utf-8")
    (tmp_path / "govlint.toml").write_text('plugins = ["crash_rule.py"]\n', encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([GOVLINT, "--format", "jsonl", "--select", "GL2,GL3,TT901", *args, str(root)],
                          capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, cwd=root.parent)


def _findings(stdout: str) -> list[tuple]:
    rows = [json.loads(line) for line in stdout.splitlines()]
    return sorted((Path(r["path"]).name, r["code"], r["line"], r["message"]) for r in rows)


@needs_fork
@pytest.mark.parametrize("how", sorted(HOW))
@pytest.mark.parametrize("marked", [
    {"r05": "txt", "r09": "html"},             # a run with a web page: only workers lint
    {"r05": "html-as-txt"},                   # text names only: this process lints, not this file
    {"r00": "html-as-txt", "r13": "html-as-txt"},   # the first file (linted before the fork) too
], ids=["mixed", "text-names", "first-and-last"])
def test_a_file_that_kills_its_process_is_reported_and_the_run_goes_on(tmp_path, how, marked):
    root = _folder(tmp_path, how, marked)
    run = _run(root, "-j", "2")
    assert run.returncode == 2, run.stderr
    crashed = sorted(name for name in os.listdir(root) if name[:3] in marked)
    for name in crashed:
        assert f"{name}：检查该文件的进程意外退出" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    # Every other file has the findings it has in a run without the crashing ones.
    for name in crashed:
        (root / name).rename(tmp_path / name)
    alone = _run(root, "-j", "1")
    assert alone.returncode == 1, alone.stderr
    assert _findings(run.stdout) == _findings(alone.stdout) != []


def test_a_chunk_lost_with_its_worker_comes_back_as_recovered_and_in_order():
    """scheduling.in_order: the chunks whose futures fail with BrokenProcessPool are made by
    the pool's `recover`, in their place; the others are the workers' or this process's."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool
    from govlint.run.scheduling import chunks, in_order

    class DyingPool:
        def __init__(self):
            self.recovered: list[int] = []

        def submit(self, work, part):
            future = Future()
            if any(index in (7, 8) for index, _ in part):
                future.set_exception(BrokenProcessPool("gone"))
            else:
                future.set_result([f"worker {index}" for index, _ in part])
            return future

        def recover(self, part):
            self.recovered.extend(index for index, _ in part)
            return [f"alone {index}" for index, _ in part]

    pool = DyingPool()
    files = [Path(f"{i}.txt") for i in range(40)]
    got = list(in_order(pool, None, chunks(files, 0, 2, 2), None, window=4))
    assert [int(g.split()[1]) for g in got] == list(range(40))
    assert pool.recovered == [6, 7, 8, 9]
    assert all(g.startswith("alone") == (int(g.split()[1]) in (6, 7, 8, 9)) for g in got)
