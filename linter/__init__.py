"""govlint: a linter for 政府信息公开工作年度报告 (annual reports on government information
disclosure).

The public API: lint_file(), lint_text(), fix_text(), parse_file(); Diagnostic, Fix, Location;
Rule, CorpusRule and hookimpl for plugin authors (govlint.testing has their test helpers);
InputError, ConfigError, PluginError. The package's rooms, in the order data flows through
them: read (bytes -> source), syntax (source -> tree), model (tree -> template model),
plugins, config, run (rules on reports), results (diagnostics, fixes, formats), server, cli.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from govlint.errors import ConfigError, InputError, PluginError

if TYPE_CHECKING:
    from govlint.results.diagnostic import Diagnostic

__version__ = "0.2.0"

# Names loaded on first use (PEP 562), so that `govlint --version` and `--help` import nothing
# of the engine; `from govlint import Rule` works as usual.
_LAZY = {"hookimpl": "govlint.plugins.hookspecs", "Rule": "govlint.plugins.rule",
         "CorpusRule": "govlint.plugins.rule", "Diagnostic": "govlint.results.diagnostic",
         "Fix": "govlint.results.diagnostic", "Location": "govlint.results.diagnostic"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govlint' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def lint_file(path, config=None, select=None, ignore=None) -> list[Diagnostic]:
    """Lint one report file (.txt, .docx, .pdf, .html) and return its findings (frozen dataclasses).

    `config`: a Config, the path of a govlint.toml, or None for the defaults; `select` and
    `ignore` as on the command line: a string ("GL2,place-name") or a list of codes, prefixes
    or names. A file that cannot be read as a report raises InputError, a bad configuration
    ConfigError or PluginError; their messages are in Chinese and can be shown as they are."""
    return _linter(config, select, ignore).lint_file(path).diagnostics


def lint_text(text: str, path: str = "<text>", config=None, select=None, ignore=None) -> list[Diagnostic]:
    """Lint a report given as text (Word's text export, or text copied from a PDF or web page)."""
    return _linter(config, select, ignore).lint_text(text, path).diagnostics


def fix_text(text: str, path: str = "<text>", config=None, select=None, ignore=None, unsafe: bool = False):
    """Apply every safe fix (with `unsafe=True`, the unsafe ones too, as --unsafe-fixes) to a
    report given as text. Returns (fixed text, the diagnostics whose fixes were applied); lint
    the fixed text again for what remains."""
    from govlint.results.fixes import apply_edits, plan
    diagnostics = _linter(config, select, ignore).lint_text(text, path).diagnostics
    edits, _ = plan(diagnostics, unsafe)
    return apply_edits(text.lstrip("\ufeff"), edits), [d for e in edits for d in e.diagnostics]


def parse_file(path, config=None):
    """The Report of a file — source, syntax tree (`.document`), template model (`.model`) and
    metadata (`.meta`) — without running any rule."""
    from govlint.read import read_input
    return _linter(config, None, None).build_report(read_input(path))


def _selectors(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return [s.strip() for s in value if s and s.strip()]


def _linter(config, select, ignore):
    from pathlib import Path

    from govlint.config.settings import load_config
    from govlint.run.engine import Linter
    if isinstance(config, (str, Path)):
        config = load_config(Path(config))
    return Linter(config, _selectors(select), _selectors(ignore) or [], digests=False)


__all__ = ["ConfigError", "CorpusRule", "Diagnostic", "Fix", "InputError", "Location", "PluginError", "Rule",
           "fix_text", "hookimpl", "lint_file", "lint_text", "parse_file", "__version__"]
