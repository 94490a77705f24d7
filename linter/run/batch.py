"""Batch runs: the report files of folders, linted in worker processes, streamed back in a
stable order (the order the files were given and found in; scheduling.py).

A file that cannot be read, that breaks the linter or that takes its worker process down
is reported and the run goes on (_Workers). What
comes back from a file is its diagnostics, the compact digest the corpus rules read, and
— only when there is a finding to show — its source text; or, when the caller says how
(`ship`: --format jsonl), only what the caller reads of it, made in the worker: its rendered
lines, two flags and the digest. The tree and the template model stay in the worker, so
memory does not grow with the tree sizes of thousands of reports. With fork, the workers
inherit the calling process's linters warm (the first file is linted there first).
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from govlint import collector
from govlint.config.settings import find_config, load_config
from govlint.run.engine import Linter, LintResult
from govlint.read import REPORT_SUFFIXES, UNREADABLE_SUFFIXES
from govlint.read.sniff import DOCX_SUFFIXES, HTML_SUFFIXES
from govlint.read.text import InputError, Source
from govlint.run.scheduling import CHUNKS_AHEAD, Task, chunks, in_order

# Fewer files than this are linted in the calling process: starting workers costs more.
MIN_FILES_FOR_WORKERS = 8
_UNKNOWN = object()     # a folder whose configuration file was not looked for yet


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def collect_files(words: Iterable[str], skip=None) -> tuple[list[Path], list[str]]:
    """Files to lint — folders searched recursively for reports (REPORT_SUFFIXES, and the
    formats govlint cannot read, so that each is listed with its reason) — and messages for
    folders that hold none or cannot be read. `skip` (a run/files.py FileFilter) leaves out
    excluded and git-ignored files and folders met in a folder; files named are always kept."""
    files: list[Path] = []
    errors: list[str] = []
    wanted = REPORT_SUFFIXES + UNREADABLE_SUFFIXES
    for word in words:
        path = Path(word)
        if not path.is_dir():
            files.append(path)
            continue
        found: list[Path] = []

        def unreadable(error: OSError) -> None:
            errors.append(f"无法读取文件夹 {error.filename}：{'没有读取权限' if isinstance(error, PermissionError) else error.strerror or error}")

        for folder, subfolders, names in os.walk(path, onerror=unreadable):
            if skip is not None:
                subfolders[:] = [d for d in subfolders if not skip.skip_entry(folder, path, d, True)]
            subfolders.sort()
            for name in names:
                if os.path.splitext(name)[1].lower() in wanted and not name.startswith("~$"):   # ~$…: Word's lock file
                    if skip is None or not skip.skip_entry(folder, path, name, False):
                        found.append(Path(folder, name))
        if not found:
            errors.append(f"文件夹 {word} 中没有找到报告文件（{'、'.join(REPORT_SUFFIXES)}）")
        files.extend(sorted(found, key=_path_order))
    return files, errors


def _path_order(path: Path) -> tuple[str, ...]:
    """A key that sorts paths as Path's own comparison does (part by part, case-folded where
    the system folds case), made once per path rather than per comparison (a folder of
    1 000 reports: ~9 000 comparisons, ~15 ms)."""
    return path.parts if not _FOLDS_CASE else tuple(map(os.path.normcase, path.parts))


_FOLDS_CASE = os.path.normcase("A") != "A"


class BatchSettings(NamedTuple):
    """What every worker needs to build the same linters as the main process."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None            # --config: one file for all; else found per file
    rule_time_limit: float | None = None  # None: from the configuration
    digests: bool = True                  # keep what the corpus rules read (runs of 2+ reports)


class Linters:
    """One Linter per configuration file in use (found from each file's folder upward)."""

    def __init__(self, settings: BatchSettings):
        self.settings = settings
        self.by_config: dict[Path | None, Linter] = {}
        self._fixed = load_config(Path(settings.config)) if settings.config else None
        self._folders: dict[str, Path | None] = {}

    def config_path(self, path: Path) -> Path | None:
        if self.settings.config:
            return Path(self.settings.config)
        # Keyed by the folder's text: a Path made and hashed for each file cost ~20 K instructions.
        folder = os.path.dirname(path)
        found = self._folders.get(folder, _UNKNOWN)
        if found is _UNKNOWN:
            parent = Path(path).parent
            found = self._folders[folder] = find_config(parent if parent.is_dir() else Path.cwd())
        return found

    def for_file(self, path: Path) -> Linter:
        config_path = self.config_path(path)
        linter = self.by_config.get(config_path)
        if linter is None:
            config = self._fixed if self._fixed is not None else load_config(config_path)
            s = self.settings
            linter = Linter(config, list(s.select) or None, list(s.ignore), rule_time_limit=s.rule_time_limit,
                            digests=s.digests)
            self.by_config[config_path] = linter
        return linter


@dataclass
class SourceOnly:
    """What the outputs read of a report after the run: its source (a Report without the
    tree and the model)."""

    source: Source

    @property
    def path(self) -> str:
        return self.source.path


@dataclass
class Outcome:
    """One file's result, or the one-line message why it could not be linted.

    A worker's digests leave it without the template's cell keys and names once these went
    out (model/digest.py send_cells_once)."""

    index: int
    path: Path
    result: LintResult | None = None
    error: str | None = None


def slim(result: LintResult) -> LintResult:
    """The result without the tree and model; the source text only when a finding needs it."""
    report = None
    if result.diagnostics and result.report is not None:
        s = result.report.source
        report = SourceOnly(Source(s.path, s.text, s.encoding, s.bom, s.newline))
    return replace(result, report=report)


def lint_one(linters: Linters, index: int, path: Path, keep_report: bool = False,
             ship: Callable[[LintResult], object] | None = None, text_only: bool = False) -> Outcome | None:
    """One file's outcome: its result slimmed (or, with `ship`, what `ship` makes of it: the
    form the caller needs, made here, where the file is linted, so that only that crosses
    between processes), or the message why it could not be linted. With `text_only`, None
    for a file that is not text (not linted)."""
    try:
        result = linters.for_file(path).lint_file(path, text_only)
        if result is None:
            return None
    except InputError as e:
        return Outcome(index, path, error=str(e))
    except RecursionError:
        return Outcome(index, path, error=f"{path}：报告的结构过于复杂（嵌套过深），无法检查")
    except MemoryError:
        return Outcome(index, path, error=f"{path}：内存不足，无法检查该文件")
    except Exception as e:   # a defect of govlint: report it, go on with the other files
        return Outcome(index, path, error=f"{path}：检查时发生内部错误（{type(e).__name__}: {e}），已跳过该文件")
    if keep_report:
        return Outcome(index, path, result)
    return Outcome(index, path, ship(result) if ship is not None else slim(result))


# ---------------------------------------------------------------- worker processes
_worker_linters: Linters | None = None
_worker_ship: Callable[[LintResult], object] | None = None
# The calling process's linters, already warm (grammar, gazetteer, templates, rules and their
# caches), set while forked workers start: a forked worker takes them as they are rather
# than building and warming its own (~0.2 s of CPU per worker).
_forked_linters: Linters | None = None


def _start_worker(settings: BatchSettings, ship: Callable[[LintResult], object] | None = None) -> None:
    global _worker_linters, _worker_ship
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the main process's to handle
    collector.for_linting()
    # Digests pickled here go to the calling process, in order: each template's cell keys
    # and names with the first one only. A forked worker makes digests only if the calling
    # process did (it loaded the module then): a run without the corpus rules (--ignore GL7)
    # does not load it (~10 ms a worker).
    if _forked_linters is None and settings.digests:
        import govlint.model.digest     # noqa: F401
    digest = sys.modules.get("govlint.model.digest")
    if digest is not None:
        digest.send_cells_once()
    _worker_linters = _forked_linters if _forked_linters is not None else Linters(settings)
    _worker_ship = ship


def _work(task: tuple[int, str]) -> Outcome:
    index, path = task
    outcome = lint_one(_worker_linters, index, Path(path), ship=_worker_ship)
    # The calling process has the file's Path (run_batch puts it back): a Path costs more to
    # send than the rest of a small outcome (pickled as its parts, unpickled by parsing them).
    outcome.path = None
    return outcome


def _start_method() -> str:
    import multiprocessing
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _pool(jobs: int, settings: BatchSettings, ship):
    # concurrent.futures and multiprocessing are imported only here: a run of a few files
    # (a one-file check above all) never starts a worker and need not pay for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(settings, ship))
    _roomy_results(pool)
    return pool


# Bytes the pipe that brings the workers' outcomes back may hold (Linux lets a process give
# its pipes up to 1 MiB, /proc/sys/fs/pipe-max-size): a chunk's outcomes, sent as one message.
RESULT_PIPE_BYTES = 1 << 20


def _roomy_results(pool) -> None:
    """Lets a worker send a chunk's outcomes without waiting for this process to read them.

    A worker writes a chunk's outcomes into a pipe of 64 KiB, which this process reads in a
    thread of its own (the pool's). That thread holds the interpreter lock only between reads
    and waits for it, each time, until the thread that is linting here lets it go (the switch
    interval, 5 ms). Eight seed reports with their findings make ~300 KB; the worker spent
    ~0.12 s of a 1 000-file run (-j 2) blocked in writing them, 5 % of its time; with room
    for a chunk's outcomes, ~0.03 s. Where the pipe cannot be made larger (not Linux, a pool
    without that pipe), nothing changes."""
    try:
        import fcntl
        fcntl.fcntl(pool._result_queue._reader.fileno(), fcntl.F_SETPIPE_SZ, RESULT_PIPE_BYTES)
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def run_batch(files: list[Path], linters: Linters, jobs: int = 1, keep_reports: bool = False,
              advance: Callable[[], None] = lambda: None,
              ship: Callable[[LintResult], object] | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of `files`, each yielded as soon as it and those before it are
    done. With jobs > 1 (and enough files) the files are linted in worker processes;
    `keep_reports` (for --fix) keeps the linting in this process with the full reports.
    `ship` (a module-level function, for spawned workers to find) turns each result into
    what the caller reads of it (see lint_one)."""
    if jobs <= 1 or keep_reports or len(files) < MIN_FILES_FOR_WORKERS:
        for index, path in enumerate(files):
            outcome = lint_one(linters, index, path, keep_reports, ship)
            advance()
            yield outcome
        return
    global _forked_linters
    # This process lints too, whenever the oldest chunk out is not back yet (in_order): a
    # run with -j N has N processes linting, not N workers beside a mostly idle one, and what
    # this process lints is not pickled twice between processes. It lints text files only:
    # a C library's crash on a malformed PDF, Word file or web page would end the run here,
    # where in a worker it costs that one file (_Workers). A run with other files than text
    # has N workers and this process only gathers.
    lints_here = all(map(_named_as_text, files))
    first: list[Outcome] = []
    if _start_method() == "fork":
        # The first file is linted here, before the workers are forked: that warms every
        # lazy part of the linters once, and the workers (started again too) inherit them warm.
        outcome = lint_one(linters, 0, files[0], ship=ship, text_only=True) if lints_here else None
        if outcome is not None:
            first.append(outcome)
        _forked_linters = linters
    workers = min(jobs, len(files) - len(first)) - lints_here
    # Small chunks, the first lines come sooner; a chunk costs the calling process ~0.3 ms.
    # Towards the end they shrink to one file (scheduling.chunks), so that no process is
    # left alone with a chunk while the others have finished (with chunks of 8 seed reports
    # the workers finished up to 90 ms apart; now within ~10 ms).
    processes = workers + lints_here
    chunk = max(1, min(8, (len(files) - len(first)) // (processes * 16)))
    pool = _Workers(workers, linters.settings, ship)
    try:
        here = partial(_lint_chunk, linters, files, ship, pool) if lints_here else None
        outcomes = in_order(pool, _work_chunk, chunks(files, len(first), chunk, processes), here,
                            window=workers * CHUNKS_AHEAD)    # forks every worker now
        for outcome in first:
            advance()
            yield outcome
        for outcome in outcomes:
            outcome.path = files[outcome.index]
            advance()
            yield outcome
    finally:
        _forked_linters = None
        pool.shutdown()


class _Workers:
    """The worker processes of a run, and what is done when one dies. A worker killed by a C
    library's crash on a malformed file (PDFium) or by the system for want of memory breaks
    the whole pool (BrokenProcessPool), and every chunk out with it is lost. The pool is
    started again for the chunks to come, and each file of a lost chunk is linted alone, in
    a process of its own: the file that kills its process again is reported, the others are
    linted as usual, and the run goes on."""

    def __init__(self, count: int, settings: BatchSettings, ship):
        self._start = partial(_pool, count, settings, ship)
        self._start_alone = partial(_pool, 1, settings, ship)
        self.pool = self._start()
        self._alone = None

    def submit(self, work, part):
        from concurrent.futures.process import BrokenProcessPool
        try:
            future = self.pool.submit(work, part)
        except BrokenProcessPool:       # a worker died since the last chunk was handed out
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = self._start()
            future = self.pool.submit(work, part)
        # Before Python 3.12 (gh-107219) the pool's thread, when a worker dies, stops at the
        # first future out that was cancelled (a chunk taken back, scheduling.in_order) and
        # leaves the rest without their BrokenProcessPool: waiting for them would never end.
        future.set_exception = partial(_unless_cancelled, future.set_exception)
        return future

    def recover(self, part: list[Task]) -> list[Outcome]:
        """The outcomes of a chunk that was out when a worker died."""
        return [self.alone(task) for task in part]

    def alone(self, task: Task) -> Outcome:
        """One file linted in a process of its own (started again after each death)."""
        from concurrent.futures.process import BrokenProcessPool
        if self._alone is None:
            self._alone = self._start_alone()
        try:
            return self._alone.submit(_work_chunk, [task]).result()[0]
        except BrokenProcessPool:
            self._alone.shutdown(wait=True)
            self._alone = None
            return Outcome(task[0], None, error=f"{task[1]}：检查该文件的进程意外退出（文件可能已损坏，或内存不足），"
                                                 "已跳过该文件")

    def shutdown(self) -> None:
        for pool in (self.pool, self._alone):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _unless_cancelled(set_exception, exception: BaseException) -> None:
    from concurrent.futures import InvalidStateError
    try:
        set_exception(exception)
    except InvalidStateError:       # cancelled: no one waits for it
        pass


def _named_as_text(path: Path) -> bool:
    """Whether the file's name says a text report (not Word, PDF or a web page)."""
    return path.suffix.lower() not in _NOT_TEXT_SUFFIXES


_NOT_TEXT_SUFFIXES = frozenset(DOCX_SUFFIXES + HTML_SUFFIXES + (".pdf",) + UNREADABLE_SUFFIXES)


def _lint_chunk(linters: Linters, files: list[Path], ship, workers: _Workers, tasks: list[Task]) -> list[Outcome]:
    """A chunk linted in the calling process, as a worker would (_work) but for the Path,
    which is at hand here; a file that is not text after all, alone in a worker."""
    outcomes = []
    for index, path in tasks:
        outcome = lint_one(linters, index, files[index], ship=ship, text_only=True)
        outcomes.append(outcome if outcome is not None else workers.alone((index, path)))
    return outcomes


def _work_chunk(tasks: list[Task]) -> list[Outcome]:
    return [_work(task) for task in tasks]
