"""govlint: a linter for 政府信息公开工作年度报告 (annual reports on government information
disclosure). Public API: lint_file(), lint_text(), Diagnostic, Rule, hookimpl."""
from __future__ import annotations

from .diagnostic import Diagnostic, Fix
from .hookspecs import hookimpl
from .rule import Rule

__version__ = "0.1.0"


def lint_file(path, config=None) -> list[Diagnostic]:
    """Lint one report file with the default (or given) configuration."""
    from .engine import Linter
    return Linter(config).lint_file(path).diagnostics


def lint_text(text: str, path: str = "<text>", config=None) -> list[Diagnostic]:
    """Lint a report given as text."""
    from .engine import Linter
    return Linter(config).lint_text(text, path).diagnostics


__all__ = ["Diagnostic", "Fix", "Rule", "hookimpl", "lint_file", "lint_text", "__version__"]
