"""What runs in the worker processes: one Linter per process, built once from the server's
settings, turning an uploaded file (or text) into the JSON the API returns.

Workers are separate processes so that a slow or huge report keeps one core busy while the
others — and the event loop that accepts uploads — stay free.
"""
from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

from govlint.config.settings import load_config
from govlint.results.diagnostic import SEVERITIES
from govlint.run.engine import Linter, LintResult
from govlint.results.fixes import apply_edits, fix_result, plan
from govlint.read.text import InputError
from govlint.server.layout import document_view

_linter: Linter | None = None


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
        return 422, {"error": str(e).replace(path, name)}
    body: dict = {"summary": summarize(name, result),
                  "diagnostics": [{**d.to_dict(), "path": name} for d in result.diagnostics]}
    if with_document:
        body["document"] = document_view(result.report) if result.report else None
    return 200, body


def fix_path(path: str, name: str) -> tuple[int, dict | bytes, dict]:
    """Apply the safe fixes to the temporary file itself (as `govlint --fix` does: same encoding,
    line endings and BOM; in .docx only the runs holding fixed text) and return its bytes."""
    try:
        result = _the_linter().lint_file(path)
        outcome = fix_result(result, write=True)
        if outcome.error:
            raise InputError(outcome.error)
        data = Path(path).read_bytes()
    except InputError as e:
        return 422, {"error": str(e).replace(path, name)}, {}
    return 200, data, _fix_counts(len(outcome.applied), len(result.diagnostics))


def fix_text(text: str, name: str) -> tuple[int, dict | bytes, dict]:
    try:
        result = _the_linter().lint_text(text, name)
    except InputError as e:
        return 422, {"error": str(e)}, {}
    edits, _ = plan(result.diagnostics)
    applied = sum(len(e.diagnostics) for e in edits)
    return 200, apply_edits(result.report.source.text, edits).encode("utf-8"), _fix_counts(applied, len(result.diagnostics))


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
