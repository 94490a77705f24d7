"""What runs in the worker processes: one Linter per process, built once from the server's
settings, turning an uploaded file (or text) into the JSON the API returns.

Workers are separate processes so that a slow or huge report keeps one core busy while the
others — and the event loop that accepts uploads — stay free.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..config import load_config
from ..diagnostic import SEVERITIES
from ..engine import Linter, LintResult
from ..source import InputError
from .fixes import apply_safe_fixes
from .layout import document_view

_linter: Linter | None = None


def init_worker(config_path: str | None, select: list[str], ignore: list[str]) -> None:
    """Process initializer: build this worker's Linter (the server validated the configuration)."""
    global _linter
    config = load_config(Path(config_path)) if config_path else None
    _linter = Linter(config, select or None, ignore)


def lint_path(path: str, name: str, with_document: bool) -> tuple[int, dict]:
    """Lint a temporary file (its suffix chooses the reader); `name` replaces its path everywhere."""
    text_input = Path(path).suffix.lower() == ".txt"
    return _answer(lambda linter: linter.lint_file(path), path, name, with_document, text_input)


def lint_text(text: str, name: str, with_document: bool) -> tuple[int, dict]:
    return _answer(lambda linter: linter.lint_text(text, name), name, name, with_document, True)


def _answer(run, path: str, name: str, with_document: bool, text_input: bool) -> tuple[int, dict]:
    """(HTTP status, body): 200 with diagnostics and summary, or 422 when the input is unreadable."""
    if _linter is None:
        raise RuntimeError("init_worker was not called")
    try:
        result = run(_linter)
    except InputError as e:
        return 422, {"error": str(e).replace(path, name)}
    body: dict = {"summary": summarize(name, result),
                  "diagnostics": [{**d.to_dict(), "path": name} for d in result.diagnostics]}
    if with_document:
        report = result.report
        body["document"] = document_view(report) if report else None
        body["fixed_text"] = apply_safe_fixes(report.source.text, result.diagnostics) if report and text_input else None
    return 200, body


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
