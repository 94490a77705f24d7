"""How a batch's files are shared out between worker processes and the calling process, and
brought back in order (batch.run_batch): the files in chunks that shrink towards the end, a
window of chunks with the workers, the calling process linting whenever the oldest chunk out
is not back, and, when a worker process has died, the chunks it took down with it linted
again (the pool's `recover`). Nothing here knows what linting a file is: `work` (run by a
worker on a chunk) and `here` (a chunk linted in this process) are given."""
from __future__ import annotations

from collections import deque
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

Task = tuple[int, str]          # a file's index in the run, and its path

# Chunks handed to the workers ahead of the one whose outcomes are awaited, per worker: enough
# to keep every worker busy past a slow chunk, few enough that the outcomes waiting for their
# turn, and the chunks handed out, stay the same however many files a run has (pool.map
# would hand out every chunk of the run at once).
CHUNKS_AHEAD = 8


def chunks(files: list[Path], start: int, size: int, jobs: int) -> Iterator[list[Task]]:
    """The files from `start` on, in chunks of `size`, smaller towards the end (a quarter of
    what is left per linting process, down to one file): the processes run out of files
    within a file of each other rather than one being left alone with a whole chunk."""
    at = start
    while at < len(files):
        step = max(1, min(size, (len(files) - at) // (jobs * 4)))
        yield [(i, str(files[i])) for i in range(at, at + step)]
        at += step


def in_order(pool, work: Callable[[list[Task]], list], chunks: Iterator[list[Task]],
             here: Callable[[list[Task]], list] | None, window: int) -> Iterator:
    """The outcomes of the chunks in their order, at most `window` chunks with the workers at
    a time (`pool.submit(work, chunk)`). While the oldest chunk out is not back, this process
    lints a chunk itself (`here`) rather than wait: the next one, or, once there is none, the
    last one handed out that no worker has started (taken back), so that no worker is left
    with a queue at the end. Without `here`, this process only waits.

    A chunk whose worker process died (BrokenProcessPool: a C library's crash on a malformed
    file, or the system killing the process for memory) comes back as `pool.recover(chunk)`
    makes it: every chunk out at that moment is lost with the pool. The first chunks are
    handed out before this returns (so a fork happens now)."""
    from concurrent.futures.process import BrokenProcessPool
    # Each entry: (future, its chunk) while a worker has it, or the outcomes linted here.
    pending: deque = deque()
    out = 0         # chunks with the workers

    def hand_out() -> None:
        # No more than `window` with the workers, nor 2 × `window` chunks waiting here in
        # all: while a worker is stuck on a slow file, the outcomes linted here do not pile up.
        nonlocal out
        for part in islice(chunks, max(0, min(window - out, 2 * window - len(pending)))):
            pending.append((pool.submit(work, part), part))
            out += 1

    def lint_a_chunk_here() -> bool:
        nonlocal out
        if here is None:
            return False
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

    def outcomes() -> Iterator:
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
                try:
                    done = oldest[0].result()
                except BrokenProcessPool:
                    done = pool.recover(oldest[1])
                hand_out()              # before the caller takes its time over them
                yield from done
    hand_out()
    return outcomes()

