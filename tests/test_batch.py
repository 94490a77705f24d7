"""Batch runs: folders searched recursively, worker processes with results in a stable
order, --format jsonl, a failing file that does not stop the run, no progress bar when piped,
and the per-rule time limit (a rule that loops or raises is GL000 and the run goes on)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from builder import build_report
from govlint.run.batch import MIN_FILES_FOR_WORKERS, BatchSettings, Linters, collect_files, run_batch
from govlint.run.progress import wants_progress
from govlint.cli import main
from govlint.results.formats.jsonl_format import write_result
from govlint.run.time_limit import TimeLimitExceeded, available, time_limit

GOVLINT = str(Path(sys.executable).parent / "govlint")
CORE = "GL1,GL2,GL3"
CORE_SELECT = ("GL1", "GL2", "GL3")
SUBPROCESS_TIMEOUT = 300     # generous: a bound against hangs, not a timing assertion


def _flawed(n: int) -> str:
    """A report with a blank cell (GL301) and a wrong total (GL201) that vary with n."""
    return build_report(year=2019 + 2 * (n % 2), results={"open": {"natural": n + 1}},
                        cells={"t3.new.business": "", "t3.open.total": str(n + 50)})


def _folder(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "reports"
    for n in range(count):
        folder = root / f"office{n % 3}" / ("sub" if n % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"r{n:02d}.txt").write_text(_flawed(n), encoding="utf-8")
    return root


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([GOVLINT, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=SUBPROCESS_TIMEOUT)


# ---------------------------------------------------------------- finding files
def test_folders_are_searched_recursively_for_reports(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.TXT", "a/b/three.docx", "a/notes.md", "a/b/~$three.docx", "a/four.pdf",
                 "a/b/five.html", "a/six.htm", "a/old.doc", "a/b/old.wps", "a/sheet.xlsx"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, errors = collect_files([str(tmp_path)])
    # .doc and .wps are listed too: govlint says why it cannot read them rather than skip them.
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a/b/five.html", "a/b/old.wps", "a/b/three.docx", "a/b/two.TXT", "a/four.pdf", "a/old.doc", "a/one.txt",
        "a/six.htm"]
    assert errors == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_is_reported(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "r.txt").write_text("x", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        files, errors = collect_files([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert len(files) == 1 and any("无法读取文件夹" in e and "locked" in e for e in errors)


def test_an_old_word_file_in_a_folder_is_listed_with_its_reason_and_exit_2(tmp_path):
    (tmp_path / "r.txt").write_text(build_report(), encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    run = _run("--format", "json", "--select", CORE, str(tmp_path))
    assert run.returncode == 2
    assert "old.doc" in run.stderr and "旧版 Word" in run.stderr


def test_a_folder_without_reports_is_a_message(tmp_path):
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "empty" / "readme.md").write_text("x", encoding="utf-8")
    files, errors = collect_files([str(tmp_path / "empty")])
    assert files == [] and len(errors) == 1 and "没有找到报告文件" in errors[0]


# ---------------------------------------------------------------- workers and order
def test_workers_give_the_same_outcomes_in_the_same_order(tmp_path):
    files, _ = collect_files([str(_folder(tmp_path, MIN_FILES_FOR_WORKERS + 2))])
    linters = Linters(BatchSettings(select=CORE_SELECT))
    serial = list(run_batch(files, linters, jobs=1))
    parallel = list(run_batch(files, linters, jobs=2))
    assert [o.path for o in parallel] == files == [o.path for o in serial]
    assert [o.result.diagnostics for o in parallel] == [o.result.diagnostics for o in serial]
    assert all(o.result.diagnostics for o in parallel)     # every file has findings to compare
    # The tree and model stay behind; the source comes along for the findings' excerpts.
    assert all(o.result.report.source.text.startswith("\n") for o in parallel)
    assert not hasattr(parallel[0].result.report, "document")


def test_workers_send_a_chunk_without_waiting_for_it_to_be_read(tmp_path, monkeypatch):
    """The pipe that brings the workers' outcomes back holds a chunk of large outcomes (Linux,
    where a process may make its pipes that large)."""
    import govlint.run.batch as batch
    sizes = []
    start = batch._pool

    def spy(*args):
        pool = start(*args)
        if sys.platform.startswith("linux"):
            import fcntl
            sizes.append(fcntl.fcntl(pool._result_queue._reader.fileno(), fcntl.F_GETPIPE_SZ))
        return pool
    monkeypatch.setattr(batch, "_pool", spy)
    files, _ = collect_files([str(_folder(tmp_path, 40))])
    outcomes = list(run_batch(files, Linters(BatchSettings(select=CORE_SELECT)), jobs=2))
    assert [o.index for o in outcomes] == list(range(40))
    if sizes and (os.geteuid() == 0 or int(Path("/proc/sys/fs/pipe-max-size").read_text()) >= batch.RESULT_PIPE_BYTES):
        assert sizes == [batch.RESULT_PIPE_BYTES]


@pytest.mark.parametrize("count, jobs", [(1000, 2), (999, 4), (40, 2), (3, 2)])
def test_chunks_hold_every_file_once_in_order_and_shrink_to_one_at_the_end(count, jobs):
    from govlint.run.scheduling import chunks
    files = [Path(f"{i}.txt") for i in range(count)]
    parts = list(chunks(files, 1, 8, jobs))
    assert [i for chunk in parts for i, _ in chunk] == list(range(1, count))
    assert all(path == str(files[i]) for chunk in parts for i, path in chunk)
    sizes = [len(chunk) for chunk in parts]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) <= 8
    assert sizes[-jobs:] == [1] * jobs                       # the last files go one at a time
    if count >= 1000:
        assert sizes.count(8) * 8 >= count - 8 * jobs * 4   # full chunks up to the last few per worker


def test_this_process_lints_beside_its_workers_and_each_file_once(tmp_path, monkeypatch):
    """With -j 2 one worker is started and this process lints too (whenever the oldest chunk
    out is not back): between them every file is linted once, and the outcomes keep the
    order of the files."""
    import govlint.run.batch as batch
    files, _ = collect_files([str(_folder(tmp_path, 40))])
    linted_here: list[int] = []
    lint_chunk = batch._lint_chunk

    def spy(linters, files, ship, workers, tasks):
        linted_here.extend(index for index, _ in tasks)
        return lint_chunk(linters, files, ship, workers, tasks)
    monkeypatch.setattr(batch, "_lint_chunk", spy)
    linters = Linters(BatchSettings(select=CORE_SELECT))
    outcomes = list(run_batch(files, linters, jobs=2))
    assert [o.path for o in outcomes] == files and [o.index for o in outcomes] == list(range(40))
    assert len(set(linted_here)) == len(linted_here) < 39     # the worker linted some


class _IdlePool:
    """A pool whose workers never start a chunk: every future stays pending (cancellable)."""

    def submit(self, fn, *args):
        from concurrent.futures import Future
        return Future()


class _ThreadPool:
    """A pool that runs chunks in a thread, as a worker would, and records which it ran."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor
        self.ran: list[int] = []
        self.threads = ThreadPoolExecutor(1)

    def submit(self, fn, part):
        def run():
            self.ran.extend(index for index, _ in part)
            return [f"worker {index}" for index, _ in part]
        return self.threads.submit(run)


@pytest.mark.parametrize("window", [1, 2, 8])
def test_chunks_no_worker_started_are_taken_back_and_linted_here_in_order(window):
    from govlint.run.scheduling import chunks, in_order
    files = [Path(f"{i}.txt") for i in range(50)]
    here = lambda part: [f"here {index}" for index, _ in part]     # noqa: E731
    got = list(in_order(_IdlePool(), None, chunks(files, 0, 4, 2), here, window))
    assert got == [f"here {i}" for i in range(50)]


class _StuckPool:
    """A pool of one worker that has started the first two chunks handed to it (as
    ProcessPoolExecutor has, one running and one queued) and is stuck on them until
    `finish`; then it does, in order, every chunk not taken back, and later ones at once."""

    def __init__(self):
        self.handed: list = []
        self.finished = False

    def submit(self, fn, part):
        from concurrent.futures import Future
        future = Future()
        self.handed.append((future, part))
        if self.finished or len(self.handed) <= 2:
            future.set_running_or_notify_cancel()
        if self.finished:
            future.set_result([f"worker {index}" for index, _ in part])
        return future

    def finish(self):
        self.finished = True
        for future, part in self.handed:
            if future.running() or future.set_running_or_notify_cancel():
                future.set_result([f"worker {index}" for index, _ in part])


@pytest.mark.parametrize("window", [1, 2, 4])
def test_while_a_worker_is_stuck_this_process_lints_at_most_two_windows_ahead(window):
    import threading
    from govlint.run.scheduling import chunks, in_order
    files = [Path(f"{i}.txt") for i in range(120)]
    pool = _StuckPool()
    linted_while_stuck: list[int] = []

    def here(part):
        if not pool.handed[0][0].done():
            linted_while_stuck.append(len(part))
            if len(linted_while_stuck) > 2 * window:    # would go on through every file
                pool.finish()
        return [f"here {index}" for index, _ in part]
    # Unblocks the wait on the stuck chunk once this process has stopped linting ahead
    # (a bound against a hang, not a timing assertion).
    timer = threading.Timer(0.5, pool.finish)
    timer.start()
    got = list(in_order(pool, None, chunks(files, 0, 4, 2), here, window))
    timer.cancel()
    assert [int(g.split()[1]) for g in got] == list(range(120))
    assert len(linted_while_stuck) <= 2 * window


@pytest.mark.parametrize("window", [1, 3, 8])
def test_chunks_are_linted_once_by_a_worker_or_here_and_come_in_order(window):
    from govlint.run.scheduling import chunks, in_order
    files = [Path(f"{i}.txt") for i in range(200)]
    pool = _ThreadPool()
    here_ran: list[int] = []

    def here(part):
        here_ran.extend(index for index, _ in part)
        return [f"here {index}" for index, _ in part]
    got = list(in_order(pool, None, chunks(files, 0, 8, 2), here, window))
    pool.threads.shutdown()
    assert [int(g.split()[1]) for g in got] == list(range(200))
    assert sorted(pool.ran + here_ran) == list(range(200))
    assert all(g == f"{'here' if int(g.split()[1]) in here_ran else 'worker'} {g.split()[1]}" for g in got)


def test_cli_jsonl_streams_every_diagnostic_of_json_in_file_order(tmp_path, capsys):
    root = _folder(tmp_path, MIN_FILES_FOR_WORKERS + 1)
    assert main(["--format", "json", "--select", CORE, "-j", "1", str(root)]) == 1
    as_json = json.loads(capsys.readouterr().out)
    assert main(["--format", "jsonl", "--select", CORE, "-j", "2", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    as_jsonl = [json.loads(line) for line in lines]
    assert as_jsonl == as_json and len(as_jsonl) > MIN_FILES_FOR_WORKERS
    paths = [d["path"] for d in as_jsonl]
    assert paths == sorted(paths, key=lambda p: [str(f) for f in collect_files([str(root)])[0]].index(p))


def test_jsonl_writes_and_flushes_one_line_per_diagnostic(tmp_path):
    from govlint.run.engine import Linter
    result = Linter(select=list(CORE_SELECT)).lint_text(_flawed(3), "x.txt")

    class Stream:
        def __init__(self):
            self.text, self.flushes = "", 0

        def write(self, s):
            self.text += s

        def flush(self):
            self.flushes += 1

    stream = Stream()
    write_result(result, stream)
    assert stream.flushes == 1
    assert [json.loads(line)["code"] for line in stream.text.splitlines()] == [d.code for d in result.diagnostics]


def test_a_file_that_fails_is_reported_and_the_run_goes_on(tmp_path):
    root = _folder(tmp_path, MIN_FILES_FOR_WORKERS + 1)
    (root / "office0" / "broken.txt").write_bytes(b"\x00\x01\x02\x03binary\xff\xfe" * 40)
    run = _run("--format", "jsonl", "--select", CORE, "-j", "2", str(root))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert [line for line in run.stderr.splitlines() if "broken.txt" in line] == [
        next(line for line in run.stderr.splitlines() if "broken.txt" in line)]
    assert "二进制" in run.stderr
    linted = {json.loads(line)["path"] for line in run.stdout.splitlines()}
    assert len(linted) == MIN_FILES_FOR_WORKERS + 1


def test_no_progress_bar_when_piped(tmp_path):
    run = _run("--select", CORE, "-j", "1", str(_folder(tmp_path, 7)))
    assert "检查报告" not in run.stderr and "━" not in run.stderr
    assert not wants_progress(100, quiet=False)      # pytest's output is not a terminal
    assert not wants_progress(100, quiet=True)


def _on_a_terminal(*args: str) -> str:
    """Run govlint with stdout and stderr on a pseudo-terminal; what the terminal showed."""
    import pty
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen([GOVLINT, *args], stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:          # the terminal closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=SUBPROCESS_TIMEOUT)
    os.close(controller)
    return shown.decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test for Linux")
def test_a_progress_bar_on_a_terminal_unless_quiet(tmp_path):
    root = _folder(tmp_path, 7)
    assert "检查报告" in _on_a_terminal("--select", CORE, "-j", "1", str(root))
    assert "检查报告" not in _on_a_terminal("--select", CORE, "-j", "1", "--quiet", str(root))


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_bad_jobs_is_a_usage_error(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--jobs", value, "x.txt"])
    assert exit_info.value.code == 2
    assert "正整数" in capsys.readouterr().err


# ---------------------------------------------------------------- rule time limit
LOOPING_PLUGIN = '''
    from govlint import Rule, hookimpl


    class LoopsForever(Rule):
        """测试用规则：陷入死循环，连自身的异常处理也吞掉中止信号。

        错误示例：无
        正确示例：无
        """
        code, name, severity = "TT991", "loops-forever", "error"

        def check(self, report):
            while True:
                try:
                    sum(range(1000))
                except Exception:
                    pass


    class Raises(Rule):
        """测试用规则：运行出错。

        错误示例：无
        正确示例：无
        """
        code, name, severity = "TT992", "raises", "error"

        def check(self, report):
            raise KeyError("no such cell")


    @hookimpl
    def govlint_rules():
        return [LoopsForever, Raises]
'''


def _plugin_folder(tmp_path: Path, limit: str = "0.3") -> Path:
    (tmp_path / "looping.py").write_text(textwrap.dedent(LOOPING_PLUGIN), encoding="utf-8")
    (tmp_path / "govlint.toml").write_text(f'plugins = ["looping.py"]\nrule-time-limit = {limit}\n',
                                           encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(not available(), reason="no interval timer here")
def test_a_rule_that_loops_or_raises_is_gl000_and_the_run_goes_on(tmp_path):
    folder = _plugin_folder(tmp_path)
    path = folder / "report.txt"
    path.write_text(_flawed(1), encoding="utf-8")
    run = _run("--format", "json", "--select", "GL201,GL301,TT991,TT992", str(path))
    found = json.loads(run.stdout)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    internal = [d["message"] for d in found if d["code"] == "GL000"]
    assert len(internal) == 2
    assert any("TT991 loops-forever" in m and "0.3 秒" in m for m in internal)
    assert any("TT992 raises" in m and "KeyError" in m for m in internal)
    assert {"GL201", "GL301"} <= {d["code"] for d in found}     # the other rules still ran


@pytest.mark.skipif(not available(), reason="no interval timer here")
def test_the_time_limit_holds_in_worker_processes_and_on_the_command_line(tmp_path):
    folder = _plugin_folder(tmp_path, limit="60")
    for n in range(MIN_FILES_FOR_WORKERS):
        (folder / f"r{n}.txt").write_text(_flawed(n), encoding="utf-8")
    run = _run("--format", "jsonl", "--select", "TT991,GL301", "--rule-time-limit", "0.2", "-j", "2", str(folder))
    found = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert sum(d["code"] == "GL000" for d in found) == MIN_FILES_FOR_WORKERS
    assert sum(d["code"] == "GL301" for d in found) >= MIN_FILES_FOR_WORKERS


def test_a_bad_time_limit_in_the_configuration_names_the_key(tmp_path, capsys):
    (tmp_path / "govlint.toml").write_text('rule-time-limit = "long"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(_flawed(0), encoding="utf-8")
    assert main([str(tmp_path / "r.txt")]) == 2
    assert "rule-time-limit" in capsys.readouterr().err


@pytest.mark.skipif(not available(), reason="no interval timer here")
def test_time_limit_restores_the_previous_handler_and_lets_fast_code_finish():
    before = signal.getsignal(signal.SIGALRM)
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getsignal(signal.SIGALRM) is before
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            while True:
                pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_folders_reports_come_in_paths_own_order(tmp_path):
    """collect_files sorts by a key made once per path; the order is still Path's own (part
    by part), not the order of the path strings (which puts a-b/ before a/)."""
    names = ["a-b/x.txt", "a/b.txt", "a/c/d.txt", "a/B.txt", "a.txt", "a/b-c.txt", "a/b/e.txt", "Z.txt", "ab.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, errors = collect_files([str(tmp_path)])
    assert not errors
    assert files == sorted(tmp_path / name for name in names)
    assert [str(p) for p in files] != sorted(str(p) for p in files)     # the two orders differ here


@pytest.mark.parametrize("ignore, loaded", [(("GL7",), False), ((), True)])
def test_a_forked_worker_loads_the_digests_only_when_the_corpus_rules_run(tmp_path, ignore, loaded):
    """With the corpus rules (GL7xx) ignored, the calling process makes no digest, and a
    forked worker does not load the digest module either; with them, it sends each
    template's cell tuples once (send_cells_once)."""
    report = tmp_path / "r.txt"
    report.write_text(build_report(year=2021), encoding="utf-8")
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from govlint.run import batch
        linters = batch.Linters(batch.BatchSettings(ignore={ignore!r}))
        batch.lint_one(linters, 0, Path({str(report)!r}))       # the warm-up lint, as run_batch does
        batch._forked_linters = linters
        batch._start_worker(linters.settings)
        digest = sys.modules.get("govlint.model.digest")
        print(digest is not None, digest is not None and digest._sent is not None)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(loaded), str(loaded)]
