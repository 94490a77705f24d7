"""Batch runs: the report files of folders, linted in worker processes, streamed back in a
stable order (the order the files were given and found in), with a progress bar.

A file that cannot be read or that breaks the linter is reported and the run goes on. What
comes back from a file is its diagnostics, the compact digest the corpus rules read, and
— only when there is a finding to show — its source text; or, when the caller says how
(`ship`: --format jsonl), only what the caller reads of it, made in the worker: its rendered
lines, two flags and the digest. The tree and the template model stay in the worker, so
memory does not grow with the tree sizes of thousands of reports. With fork, the workers
inherit the calling process's linters warm (the first file is linted there first).
"""
from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from govlint import collector
from govlint.config.settings import find_config, load_config
from govlint.run.engine import Linter, LintResult
from govlint.read import REPORT_SUFFIXES, UNREADABLE_SUFFIXES
from govlint.read.text import InputError, Source

# Fewer files than this are linted in the calling process: starting workers costs more.
MIN_FILES_FOR_WORKERS = 8
# A progress bar for more files than this.
MIN_FILES_FOR_PROGRESS = 5
PROGRESS_REFRESH_SECONDS = 0.1


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
        self._folders: dict[Path, Path | None] = {}

    def config_path(self, path: Path) -> Path | None:
        if self.settings.config:
            return Path(self.settings.config)
        folder = path.parent
        if folder not in self._folders:
            self._folders[folder] = find_config(folder if folder.is_dir() else Path.cwd())
        return self._folders[folder]

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
             ship: Callable[[LintResult], object] | None = None) -> Outcome:
    """One file's outcome: its result slimmed (or, with `ship`, what `ship` makes of it: the
    form the caller needs, made here, where the file is linted, so that only that crosses
    between processes), or the message why it could not be linted."""
    try:
        result = linters.for_file(path).lint_file(path)
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
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(settings, ship))


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
    from concurrent.futures.process import BrokenProcessPool
    global _forked_linters
    first: list[Outcome] = []
    if _start_method() == "fork":
        # The first file is linted here, before the workers are forked: that warms every
        # lazy part of the linters once, and the workers inherit them warm.
        first.append(lint_one(linters, 0, files[0], ship=ship))
        _forked_linters = linters
    # This process lints too, whenever the oldest chunk out is not back yet (_in_order): a
    # run with -j N has N processes linting, not N workers beside a mostly idle one, and what
    # this process lints is not pickled twice between processes.
    workers = min(jobs, len(files) - len(first)) - 1
    # Small chunks, the first lines come sooner; a chunk costs the calling process ~0.3 ms.
    # Towards the end they shrink to one file (_chunks), so that no process is left alone
    # with a chunk while the others have finished (with chunks of 8 seed reports the
    # workers finished up to 90 ms apart; now within ~10 ms).
    chunk = max(1, min(8, (len(files) - len(first)) // ((workers + 1) * 16)))
    pool = _pool(workers, linters.settings, ship)
    try:
        chunks = _chunks(files, len(first), chunk, workers + 1)
        here = partial(_lint_chunk, linters, files, ship)
        outcomes = _in_order(pool, chunks, here, window=workers * CHUNKS_AHEAD)    # forks every worker now
        _forked_linters = None
        for outcome in first:
            advance()
            yield outcome
        for outcome in outcomes:
            outcome.path = files[outcome.index]
            advance()
            yield outcome
    except BrokenProcessPool:
        raise InputError("检查进程意外退出（可能是内存不足）；请减少 --jobs 或分批检查") from None
    finally:
        _forked_linters = None
        pool.shutdown(wait=True, cancel_futures=True)


# Chunks handed to the workers ahead of the one whose outcomes are awaited, per worker: enough
# to keep every worker busy past a slow chunk, few enough that the outcomes waiting for their
# turn, and the chunks handed out, stay the same however many files a run has (pool.map
# would hand out every chunk of the run at once).
CHUNKS_AHEAD = 8


def _chunks(files: list[Path], start: int, size: int, jobs: int) -> Iterator[list[tuple[int, str]]]:
    """The files from `start` on, in chunks of `size`, smaller towards the end (a quarter of
    what is left per linting process, down to one file): the processes run out of files
    within a file of each other rather than one being left alone with a whole chunk."""
    at = start
    while at < len(files):
        step = max(1, min(size, (len(files) - at) // (jobs * 4)))
        yield [(i, str(files[i])) for i in range(at, at + step)]
        at += step


def _in_order(pool, chunks: Iterator[list[tuple[int, str]]], here: Callable[[list], list[Outcome]],
              window: int) -> Iterator[Outcome]:
    """The outcomes of the chunks in their order, at most `window` chunks with the workers at
    a time. While the oldest chunk out is not back, this process lints a chunk itself (`here`)
    rather than wait: the next one, or, once there is none, the last one handed out that no
    worker has started (taken back), so that no worker is left with a queue at the end. The
    first chunks are handed out before this returns (so a fork happens now)."""
    from collections import deque
    # Each entry: (future, its chunk) while a worker has it, or the outcomes linted here.
    pending: deque = deque()
    out = 0         # chunks with the workers

    def hand_out() -> None:
        # No more than `window` with the workers, nor 2 × `window` chunks waiting here in
        # all: while a worker is stuck on a slow file, the outcomes linted here do not pile up.
        nonlocal out
        for part in itertools.islice(chunks, max(0, min(window - out, 2 * window - len(pending)))):
            pending.append((pool.submit(_work_chunk, part), part))
            out += 1

    def lint_a_chunk_here() -> bool:
        nonlocal out
        # A new chunk while this process's own ahead of the oldest are few (their outcomes
        # wait here for it); else one handed out that no worker has started.
        part = next(chunks, None) if len(pending) < 2 * window else None
        if part is not None:
            pending.append(here(part))
            return True
        for at in range(len(pending) - 1, -1, -1):
            entry = pending[at]
            if isinstance(entry, list):
                continue
            if not entry[0].cancel():       # started, and so is every chunk before it
                return False
            out -= 1
            pending[at] = here(entry[1])
            return True
        return False

    def outcomes() -> Iterator[Outcome]:
        nonlocal out
        while True:
            hand_out()
            if not pending:
                return
            oldest = pending[0]
            if isinstance(oldest, list):        # linted here
                yield from pending.popleft()
            elif oldest[0].done() or not lint_a_chunk_here():
                pending.popleft()
                out -= 1
                done = oldest[0].result()
                hand_out()              # before the caller takes its time over them
                yield from done
    hand_out()
    return outcomes()


def _lint_chunk(linters: Linters, files: list[Path], ship, tasks: list[tuple[int, str]]) -> list[Outcome]:
    """A chunk linted in the calling process, as a worker would (_work) but for the Path,
    which is at hand here."""
    return [lint_one(linters, index, files[index], ship=ship) for index, _ in tasks]


def _work_chunk(tasks: list[tuple[int, str]]) -> list[Outcome]:
    return [_work(task) for task in tasks]


# ---------------------------------------------------------------- progress
def wants_progress(count: int, quiet: bool) -> bool:
    """A progress bar on a terminal, for more than a handful of files; none when output is
    piped or --quiet."""
    return (not quiet and count > MIN_FILES_FOR_PROGRESS
            and sys.stderr.isatty() and sys.stdout.isatty())


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A callable that advances a rich progress bar on stderr by one file (a no-op when
    disabled). The bar disappears when the run ends."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)
    columns = (TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TextColumn("已用"),
               TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn())
    # No refresh thread (auto_refresh=False): worker processes are forked while the bar
    # is up, and a fork must not copy a thread that may hold the console's lock.
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("lint", total=total)
        shown = [0.0]

        def advance() -> None:
            progress.advance(task)
            now = time.monotonic()
            if now - shown[0] >= PROGRESS_REFRESH_SECONDS:
                shown[0] = now
                progress.refresh()
        yield advance
