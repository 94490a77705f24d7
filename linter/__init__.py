"""govlint: a linter for 政府信息公开工作年度报告 (annual reports on government information
disclosure). Public API: lint_file(), lint_text(), Diagnostic, Rule, hookimpl."""
from __future__ import annotations

from govlint.config.settings import ConfigError
from govlint.results.diagnostic import Diagnostic, Fix, Location
from govlint.plugins.hookspecs import hookimpl
from govlint.plugins.rule import Rule
from govlint.read.text import InputError

__version__ = "0.1.0"


def lint_file(path, config=None, *, select=None, ignore=None) -> list[Diagnostic]:
    """Lint one report file (.txt or .docx) and return its findings (frozen dataclasses).

    `config`: a Config, the path of a govlint.toml, or None for the defaults; `select` and
    `ignore` as on the command line (lists of codes, prefixes or names). A file that cannot
    be read as a report raises InputError, a bad configuration ConfigError or PluginError;
    their messages are in Chinese and can be shown to the user as they are."""
    return _linter(config, select, ignore).lint_file(path).diagnostics


def lint_text(text: str, path: str = "<text>", config=None, *, select=None, ignore=None) -> list[Diagnostic]:
    """Lint a report given as text (the Tika layout of a Word export); as lint_file."""
    return _linter(config, select, ignore).lint_text(text, path).diagnostics


def _linter(config, select, ignore):
    from pathlib import Path

    from govlint.config.settings import load_config
    from govlint.run.engine import Linter
    if isinstance(config, (str, Path)):
        config = load_config(Path(config))
    return Linter(config, list(select) if select else None, list(ignore or []), digests=False)


__all__ = ["ConfigError", "Diagnostic", "Fix", "InputError", "Location", "Rule", "hookimpl", "lint_file",
           "lint_text", "__version__"]
