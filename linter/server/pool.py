"""Check processes the server manages itself, one per worker slot.

A plain process pool cannot stop one task: a report that runs too long, or whose client
has gone, would keep its process busy, and a process that dies breaks the whole pool (every
request in flight failed). Here each slot owns one process and a pipe to it:

- a check that runs over the wall-clock limit, or whose client disconnected, has its process
  killed; the slot starts a fresh process and goes back into service when it is ready;
- a process that dies (out of memory, killed) fails only the request it was running;
- each process has an address-space limit (RLIMIT_AS, POSIX only): a report that needs more
  raises MemoryError in its own process, and the request is answered 413;
- a process is recycled after `max_checks` checks, or when its resident memory has grown
  past `recycle_mb`, so memory a large report took comes back;
- at most `max_queue` requests wait for a slot; more are refused at once (503, Retry-After);
- "heavy" checks (large or deeply packed uploads) may hold all but one slot, so a clerk's
  small report never waits behind two huge ones;
- stop() kills every process it started (and on Linux a process dies with the server even
  when the server itself is killed: PR_SET_PDEATHSIG).

Waiting for a process happens in a thread of the pool's own (multiprocessing.connection.wait
on the pipe and the process's sentinel), which works alike on Linux and Windows.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait

from govlint.server import worker

log = logging.getLogger("govlint.server")

READY_TIMEOUT = 120          # seconds a new process may take to import and build its Linter


class QueueFull(Exception):
    """More requests are waiting than the queue limit allows."""


class CheckFailed(Exception):
    """A check did not finish: `status` and the Chinese `message` are the answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class PoolLimits:
    workers: int = 2
    timeout: float = 120.0        # seconds of one check
    memory_mb: int = 1536         # address space of a check process (0: none)
    recycle_mb: int = 600         # resident memory after a check that makes the process be replaced
    max_checks: int = 200         # checks before a process is replaced
    max_queue: int = 16           # requests waiting for a slot
    heavy_bytes: int = 4_000_000  # jobs heavier than this may not take the last free slot


class _Slot:
    def __init__(self, number: int):
        self.number = number
        self.process: multiprocessing.Process | None = None
        self.conn = None
        self.checks = 0
        self.busy = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


class WorkerPool:
    def __init__(self, limits: PoolLimits, init_args: tuple):
        self.limits = limits
        self.init_args = init_args
        self.context = multiprocessing.get_context("spawn")
        self.slots = [_Slot(i) for i in range(limits.workers)]
        self.threads: ThreadPoolExecutor | None = None
        self.idle: asyncio.Queue | None = None
        self.heavy: asyncio.Semaphore | None = None
        self.waiting = 0
        self.running = False
        self.stats = {"checks": 0, "killed": 0, "timeouts": 0, "cancelled": 0, "died": 0, "recycled": 0,
                      "memory": 0, "refused": 0}
        self._tasks: set[asyncio.Task] = set()

    # ------------------------------------------------------------------ life cycle
    async def start(self) -> None:
        self.running = True
        # One waiting thread per slot, and one more for starting replacements.
        self.threads = ThreadPoolExecutor(max_workers=2 * len(self.slots) + 1, thread_name_prefix="govlint-pool")
        self.idle = asyncio.Queue()
        self.heavy = asyncio.Semaphore(max(1, len(self.slots) - 1))
        for slot in self.slots:
            self._launch(slot)
        # Serve as soon as the first process is ready; the others join when they are.
        await asyncio.gather(*(self._until_ready(slot) for slot in self.slots))

    def stop(self) -> None:
        """Kill every process this pool started and wait for them to be gone."""
        self.running = False
        for task in list(self._tasks):
            task.cancel()
        for slot in self.slots:
            self._kill(slot)
        if self.threads is not None:
            self.threads.shutdown(wait=False, cancel_futures=True)
            self.threads = None

    def pids(self) -> list[int]:
        return [s.pid for s in self.slots if s.process is not None and s.process.is_alive()]

    def busy_pids(self) -> list[int]:
        """The processes running a check now."""
        return [s.pid for s in self.slots if s.busy and s.process is not None]

    def _launch(self, slot: _Slot) -> None:
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=worker.serve, name=f"govlint-check-{slot.number}", daemon=True,
                                       args=(child, self.init_args, self.limits.memory_mb))
        process.start()
        child.close()
        slot.process, slot.conn, slot.checks = process, parent, 0

    def _kill(self, slot: _Slot) -> None:
        process, conn = slot.process, slot.conn
        slot.process = slot.conn = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(2)
        if conn is not None:       # after the process: a thread waiting on it has seen it exit
            conn.close()

    async def _until_ready(self, slot: _Slot) -> None:
        """Wait for the slot's new process to say it is ready, then put the slot in service."""
        loop = asyncio.get_running_loop()
        for attempt in range(5):
            ready = await loop.run_in_executor(self.threads, _wait_ready, slot.conn, slot.process.sentinel)
            if ready:
                await self.idle.put(slot)
                return
            log.error("check process %s did not start (attempt %d)", slot.pid, attempt + 1)
            self._kill(slot)
            await asyncio.sleep(min(30, 2 ** attempt))
            if not self.running:
                return
            self._launch(slot)
        log.error("check slot %d given up", slot.number)

    def _replace(self, slot: _Slot) -> None:
        """Kill the slot's process and put a fresh one in service when it is ready (in the background)."""
        self._kill(slot)
        if not self.running:
            return
        self._launch(slot)
        task = asyncio.get_running_loop().create_task(self._until_ready(slot))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------ checks
    async def call(self, function: str, *args, weight: int = 0):
        """Run worker.<function>(*args) in a check process and return its result. Raises
        QueueFull, CheckFailed (timeout 504, memory 413, died 422); cancelling the awaiting
        task (the client went away) kills the check."""
        if not self.running:
            raise CheckFailed(503, "检查服务正在停止，请稍后重试")
        if self.waiting >= self.limits.max_queue and (self.waiting or self.idle.empty()):
            self.stats["refused"] += 1
            raise QueueFull()
        heavy = weight > self.limits.heavy_bytes and len(self.slots) > 1
        self.waiting += 1
        try:
            if heavy:
                await self.heavy.acquire()
            try:
                slot = await self.idle.get()
                while slot.process is None or not slot.process.is_alive():   # died while idle
                    log.warning("idle check process %s had died; replaced", slot.pid)
                    self._replace(slot)
                    slot = await self.idle.get()
            except BaseException:
                if heavy:
                    self.heavy.release()
                raise
        finally:
            self.waiting -= 1
        try:
            return await self._run(slot, function, args)
        finally:
            if heavy:
                self.heavy.release()

    async def _run(self, slot: _Slot, function: str, args: tuple):
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        slot.busy = True
        job = loop.run_in_executor(self.threads, _exchange, slot.conn, slot.process.sentinel,
                                   (function, args), self.limits.timeout)
        try:
            outcome, value, rss = await asyncio.shield(job)
        except asyncio.CancelledError:
            self.stats["cancelled"] += 1
            log.info("check cancelled (client gone) after %.1f s; process %s killed", time.monotonic() - started,
                     slot.pid)
            self._replace(slot)          # the waiting thread returns when the process is gone
            raise
        except BaseException:
            self._replace(slot)
            raise
        finally:
            slot.busy = False
        self.stats["checks"] += 1
        slot.checks += 1
        if outcome == "ok":
            if slot.checks >= self.limits.max_checks or (self.limits.recycle_mb and rss > self.limits.recycle_mb * 2**20):
                self.stats["recycled"] += 1
                log.info("check process %s recycled after %d checks, %.0f MB resident", slot.pid, slot.checks,
                         rss / 2**20)
                self._replace(slot)
            else:
                self.idle.put_nowait(slot)
            return value
        self._replace(slot)
        elapsed = time.monotonic() - started
        if outcome == "timeout":
            self.stats["timeouts"] += 1
            log.warning("check over the time limit (%.0f s); process killed", self.limits.timeout)
            raise CheckFailed(504, f"检查超时：{self.limits.timeout:g} 秒内未能完成，文件可能过大或过于复杂。"
                                   "请确认文件无误；如需检查很大的报告，请联系管理员调大时限（--timeout）")
        if outcome == "memory":
            self.stats["memory"] += 1
            log.warning("check out of memory after %.1f s (limit %d MB)", elapsed, self.limits.memory_mb)
            raise CheckFailed(413, f"文件过大或过于复杂：检查所需内存超过了上限（{self.limits.memory_mb} MB），"
                                   "文件可能已损坏或是经过压缩的超大文件。一份正常的年度报告远小于此")
        self.stats["died"] += 1
        log.error("check process died during a check (%s) after %.1f s", value, elapsed)
        raise CheckFailed(422, "文件过大或过于复杂：检查进程意外终止（可能是内存不足），未能完成检查。"
                               "请确认文件无误后重试；如反复出现请联系管理员")


def _wait_ready(conn, sentinel) -> bool:
    try:
        ready = wait([conn, sentinel], READY_TIMEOUT)
        return conn in ready and conn.recv() == ("ready",)
    except (EOFError, OSError):
        return False


def _exchange(conn, sentinel, job, timeout: float):
    """(outcome, value, rss) of one job: ok, memory, died or timeout. Runs in a pool thread."""
    try:
        conn.send(job)
        ready = wait([conn, sentinel], timeout)
        if not ready:
            return "timeout", None, 0
        if conn in ready:
            try:
                kind, value, rss = conn.recv()
            except (EOFError, OSError):
                return "died", "no answer", 0
            return kind, value, rss
        return "died", "exited", 0
    except (EOFError, OSError, ValueError) as e:   # the pipe was closed under us: the check was cancelled
        return "died", str(e), 0
