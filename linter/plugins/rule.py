"""The base class of every rule, built-in or from a plugin.

A rule is a class with a stable `code` (GL203), a `name` (balance), a default `severity`,
default `options`, and a docstring that says what it checks, why, and a wrong/right
example (`govlint --explain` prints it). `check(report)` yields diagnostics.
"""
from __future__ import annotations

import inspect
from contextvars import ContextVar
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from govlint.syntax.tree import LineCell, Node, Span
from govlint.results.diagnostic import Diagnostic, Fix

if TYPE_CHECKING:
    from govlint.model.corpus import Corpus
    from govlint.model.digest import Digest


# The report the engine is running rules on: (its path, the configured severities by code).
# A diagnostic made by `Rule.diagnostic` is born with both, so that the engine need not copy
# it to set them (Linter.finish copies only what was made otherwise). Set by Linter.run_rules.
CURRENT_REPORT: ContextVar[tuple[str, dict[str, str]]] = ContextVar("govlint_current_report", default=("", {}))


# Diagnostic is a frozen dataclass: its __init__ sets each of its 13 fields through
# object.__setattr__, some 3 µs a finding, and the rules make some 60 a report. `diagnostic`
# sets them instead on an instance of _Draft, a plain class of the same layout, by plain
# attribute stores (which the interpreter specialises), then makes it a Diagnostic by
# assigning its __class__: ~2 K instructions a finding less than filling a Diagnostic's
# __dict__ key by key (the dict the assignment makes holds the same fields in field order).
# Only as long as the class is as this expects (these fields, in this order, no
# __post_init__) and a _Draft may become one (the same instance layout).
class _Draft:
    """A Diagnostic being made (see above); never seen outside Rule.diagnostic."""


def _drafts_become_diagnostics() -> bool:
    if hasattr(Diagnostic, "__post_init__") or tuple(f.name for f in fields(Diagnostic)) != (
            "path", "line", "column", "end_line", "end_column", "offset", "end_offset", "code", "rule", "severity",
            "message", "fix", "location"):
        return False
    try:
        object.__new__(_Draft).__class__ = Diagnostic
    except TypeError:
        return False
    return True


_new = object.__new__
_FILL_DRAFT = _drafts_become_diagnostics()


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    options: ClassVar[dict[str, Any]] = {}
    choices: ClassVar[dict[str, tuple]] = {}   # options whose value must be one of these
    # The fixes the rule offers (shown by --list-rules): None, "safe" (at least some of them
    # are applied by --fix) or "unsafe" (all need --unsafe-fixes).
    fixable: ClassVar[str | None] = None
    origin: ClassVar[str] = ""       # set by the plugin manager: the plugin that registered it
    settings: dict[str, dict[str, Any]] = {}   # plugin tables of govlint.toml (set by the engine)
    data: dict[str, Any] = {}                  # data sets contributed by plugins (set by the engine)

    def __init__(self, options: dict[str, Any] | None = None):
        self.config = {**type(self).options, **(options or {})}

    def check(self, report) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic(self, at: Node | Span, message: str, fix: Fix | None = None,
                   severity: str | None = None) -> Diagnostic:
        path, levels = CURRENT_REPORT.get()
        severity = severity or self.severity
        if levels:
            severity = levels.get(self.code, severity)
        if not _FILL_DRAFT:
            span = at if isinstance(at, Span) else at.span
            return Diagnostic(path, span.line, span.column, span.end_line, span.end_column, span.offset,
                              span.end_offset, self.code, self.name, severity, message, fix)
        d = _new(_Draft)
        d.path = path
        if type(at) is LineCell:
            # LineCell.span's values (tree._LineCellSpan), read off the cell: neither the span
            # made nor kept in the cell, whose attributes then move to a dict of its own
            # (most findings are at a blank cell: some 5 K instructions each).
            # One store a statement, in field order (the order of the __dict__ the output reads,
            # json_format._IN_FIELD_ORDER): a tuple assignment would pack the six and unpack them.
            line, offset, size = at._line, at._offset, len(at.text)
            d.line = line
            d.column = 2
            d.end_line = line
            d.end_column = 2 + size
            d.offset = offset
            d.end_offset = offset + size
        else:
            d.line, d.column, d.end_line, d.end_column, d.offset, d.end_offset = (
                at if isinstance(at, Span) else at.span)
        d.code = self.code
        d.rule = self.name
        d.severity = severity
        d.message = message
        d.fix = fix
        d.location = None
        d.__class__ = Diagnostic
        return d

    @classmethod
    def summary(cls) -> str:
        """The docstring's first paragraph on one line (it may wrap in the source)."""
        return "".join((inspect.getdoc(cls) or "").split("\n\n", 1)[0].split("\n"))

    @classmethod
    def explain(cls) -> str:
        lines = [f"{cls.code} {cls.name}（默认级别：{cls.severity}）", "", inspect.getdoc(cls) or ""]
        if cls.options:
            lines += ["", "选项（govlint.toml 中 [rules." + cls.name + "]）："]
            lines += [f"  {k} = {v!r}" for k, v in cls.options.items()]
        if cls.origin:
            lines += ["", f"来源：{cls.origin}"]
        return "\n".join(lines)


class CorpusRule(Rule):
    """A rule that sees every report of a run at once (registered through the hook
    `govlint_corpus_rules`). It runs after the per-report rules, reads the reports' digests
    and reports each finding in the report it concerns, naming the other report in the
    message. `located` lists prefixes of the cell keys whose locations the rule reports at."""

    located: ClassVar[tuple[str, ...]] = ()

    def check(self, report):
        return ()     # corpus rules see digests, not single reports

    def check_corpus(self, corpus: "Corpus") -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic_in(self, digest: "Digest", at: Span, message: str, severity: str | None = None) -> Diagnostic:
        return replace(self.diagnostic(at, message, severity=severity), path=digest.path)
