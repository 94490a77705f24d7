"""The progress bar of a batch run: on a terminal, for more than a handful of files."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

# A progress bar for more files than this.
MIN_FILES_FOR_PROGRESS = 5
PROGRESS_REFRESH_SECONDS = 0.1


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
