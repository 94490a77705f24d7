"""What runs in the check processes: one Linter per process, built once from the server's
settings, turning an uploaded file (or text) into the JSON the API returns.

Each process is started by the server's pool (pool.py) and runs `serve`: it limits its own
address space, says it is ready, then answers one job at a time over its pipe. Checks run in
separate processes so that a slow or huge report keeps one core busy while the others — and
the event loop that accepts uploads — stay free, and so that one can be killed on its own.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from govlint.config.settings import load_config
from govlint.results.diagnostic import SEVERITIES
from govlint.run.engine import Linter, LintResult
from govlint.results.fixes import apply_edits, fix_result, plan
from govlint.read.text import InputError
from govlint.server.layout import document_view

_linter: Linter | None = None
JOBS = ("lint_path", "lint_text", "fix_path", "fix_text")


def serve(conn, init_args: tuple, memory_mb: int) -> None:
    """A check process's life: limits, the Linter, then jobs until the pipe closes.
    Answers ("ready",) once, then for each job (function, args) one of
    ("ok", result, rss) or ("memory", None, rss)."""
    _die_with_parent()
    _limit_memory(memory_mb)
    init_worker(*init_args)
    conn.send(("ready",))
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if function not in JOBS:
            continue
        _reset_peak()
        try:
            answer = ("ok", globals()[function](*args))
        except MemoryError:
            answer = ("memory", None)
        except Exception:       # a bug: answer 500 and keep the details in the server's log
            logging.getLogger("govlint.server").exception("check failed")
            answer = ("ok", (500, {"error": "检查时发生内部错误，请联系管理员（详情见服务器日志）"}) if function.startswith(
                "lint") else (500, {"error": "修正时发生内部错误，请联系管理员（详情见服务器日志）"}, {}))
        try:
            conn.send((*answer, resident_bytes()))
        except MemoryError:
            conn.send(("memory", None, resident_bytes()))
        except (EOFError, OSError, BrokenPipeError):
            return
        if answer[0] == "memory":
            return              # the pool replaces a process that ran out of memory


def _die_with_parent() -> None:
    """On Linux, be killed when the server process goes, however it goes (even SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:       # the server had already gone before prctl
            os._exit(0)
    except (OSError, AttributeError):
        pass


_memory_limit = 0


def _raise_if_out_of_memory(error: InputError) -> None:
    """A reader that ran out of memory may say so only as a parse failure (libxml2 answers a
    failed allocation with XMLSyntaxError "unknown error" or "Memory allocation failed"):
    such a failure under the memory limit, or after the check's peak came near it, is
    MemoryError — the upload is too large or complex, not damaged."""
    if not _memory_limit:
        return
    cause = error
    while cause is not None:
        if isinstance(cause, MemoryError):
            raise MemoryError() from error
        text = str(cause).lower()
        if type(cause).__module__.startswith("lxml") and (
                "memory" in text or "unknown error" in text or _peak_bytes() > _memory_limit // 2):
            raise MemoryError() from error
        cause = cause.__cause__ or cause.__context__


def _reset_peak() -> None:
    """Start counting this process's peak resident memory afresh (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _limit_memory(memory_mb: int) -> None:
    """Address-space limit (POSIX); over it, allocations fail with MemoryError in this process
    only. Windows has no such limit (see docs/serve.md)."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:
        return
    global _memory_limit
    limit = memory_mb * 2**20
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _memory_limit = limit


def resident_bytes() -> int:
    """This process's resident memory now (Linux), or its peak where only that is known."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except ImportError:
        return 0


def init_worker(config_path: str | None, select: list[str], ignore: list[str]) -> None:
    """Process initializer: build this worker's Linter (the server validated the configuration).
    Ctrl+C reaches the whole process group: workers ignore it and are shut down by the server."""
    global _linter
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = load_config(Path(config_path)) if config_path else None
    _linter = Linter(config, select or None, ignore)


def lint_path(path: str, name: str, with_document: bool) -> tuple[int, dict]:
    """Lint a temporary file (its suffix chooses the reader); `name` replaces its path everywhere."""
    return _answer(lambda linter: linter.lint_file(path), path, name, with_document)


def lint_text(text: str, name: str, with_document: bool) -> tuple[int, dict]:
    return _answer(lambda linter: linter.lint_text(text, name), name, name, with_document)


def _answer(run, path: str, name: str, with_document: bool) -> tuple[int, dict]:
    """(HTTP status, body): 200 with diagnostics and summary, or 422 when the input is unreadable."""
    try:
        result = run(_the_linter())
    except InputError as e:
        _raise_if_out_of_memory(e)
        return 422, {"error": str(e).replace(path, name)}
    body: dict = {"summary": summarize(name, result),
                  "diagnostics": [{**d.to_dict(), "path": name} for d in result.diagnostics]}
    if with_document:
        body["document"] = document_view(result.report) if result.report else None
    return 200, body


def fix_path(path: str, name: str, only: tuple[str, ...] = ()) -> tuple[int, dict | bytes, dict]:
    """Apply the safe fixes to the temporary file itself (as `govlint --fix` does: same encoding,
    line endings and BOM; in .docx only the runs holding fixed text) and return its bytes.
    `only`: apply only the fixes of these rule codes (the page's 一键修正 of one group)."""
    try:
        result = _the_linter().lint_file(path)
        outcome = fix_result(_only(result, only), write=True)
        if outcome.error:
            raise InputError(outcome.error)
        data = Path(path).read_bytes()
    except InputError as e:
        _raise_if_out_of_memory(e)
        return 422, {"error": str(e).replace(path, name)}, {}
    return 200, data, _fix_counts(len(outcome.applied), len(result.diagnostics))


def fix_text(text: str, name: str, only: tuple[str, ...] = ()) -> tuple[int, dict | bytes, dict]:
    try:
        result = _the_linter().lint_text(text, name)
    except InputError as e:
        return 422, {"error": str(e)}, {}
    edits, _ = plan(_only(result, only).diagnostics)
    applied = sum(len(e.diagnostics) for e in edits)
    return 200, apply_edits(result.report.source.text, edits).encode("utf-8"), _fix_counts(applied, len(result.diagnostics))


def _only(result: LintResult, codes: tuple[str, ...]) -> LintResult:
    if not codes:
        return result
    return replace(result, diagnostics=[d for d in result.diagnostics if d.code in codes])


def _fix_counts(applied: int, found: int) -> dict:
    return {"X-Govlint-Fixed": str(applied), "X-Govlint-Remaining": str(found - applied)}


def _the_linter() -> Linter:
    if _linter is None:
        raise RuntimeError("init_worker was not called")
    return _linter


def summarize(name: str, result: LintResult) -> dict:
    counts = Counter(d.severity for d in result.diagnostics)
    return {
        "file": name,
        "total": len(result.diagnostics),
        **{key: counts[severity] for key, severity in zip(("errors", "warnings", "infos"), SEVERITIES)},
        "fixable": sum(1 for d in result.diagnostics if d.fix is not None and d.fix.safe),
        "passed": counts["error"] == 0,
        "by_rule": dict(sorted(Counter(d.code for d in result.diagnostics).items())),
    }
