"""Runs the selected rules on a report. The engine knows rules only through the registry;
a rule that raises becomes one GL000 diagnostic and the run goes on."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config, matches, plugin_settings, validate_against
from .ast import Span
from .diagnostic import Diagnostic
from .internal import InternalError
from .meta import read_meta
from .model import read_model
from .parse import parse
from .plugins import Registry, load_registry
from .report import Report
from .rule import Rule
from .time_limit import TimeLimitExceeded, time_limit
from .source import Source, from_text, read_file


@dataclass
class LintResult:
    path: str
    diagnostics: list[Diagnostic]
    report: Report | None = None
    digest: object | None = None       # linter.corpus.Digest when corpus rules run

    @property
    def internal_error(self) -> bool:
        return any(d.code == InternalError.code for d in self.diagnostics)


class Linter:
    def __init__(self, config: Config | None = None, select: list[str] | None = None,
                 ignore: list[str] | None = None, registry: Registry | None = None,
                 rule_time_limit: float | None = None, digests: bool = True):
        self.config = config or Config()
        # Keep the compact digest the corpus rules (GL7xx) read; a run of one report
        # without --history has nothing to compare it with and skips it.
        self.digests = digests
        # Seconds one rule may take on one report (0: no limit); see time_limit.py.
        self.rule_time_limit = self.config.rule_time_limit if rule_time_limit is None else rule_time_limit
        self.registry = registry or load_registry(self.config.plugins, self.config.base_dir)
        select = list(select) if select else list(self.config.select)
        ignore = list(self.config.ignore) + list(ignore or [])
        validate_against(self.config, self.registry, select, ignore)
        self.severity = {self.registry.resolve(k).code: v for k, v in self.config.severity.items()}
        self.rules: list[Rule] = []
        for cls in self.registry.rules.values():
            if any(matches(s, cls) for s in select) and not any(matches(s, cls) for s in ignore):
                options = self.config.rules.get(cls.code) or self.config.rules.get(cls.name) or {}
                self.rules.append(cls(options))
        settings = plugin_settings(self.config, self.registry)
        for rule in self.rules:
            rule.settings, rule.data = settings, self.registry.data
        from .suppress import Suppressions, UnusedIgnore
        self.suppressions = Suppressions(self.config, self.registry,
                                         report_unused=any(r.code == UnusedIgnore.code for r in self.rules))
        from .corpus import CorpusRule   # rules over all reports of a run: see run_corpus
        self.corpus_rules = [r for r in self.rules if isinstance(r, CorpusRule)]
        self.rules = [r for r in self.rules if not isinstance(r, CorpusRule)]
        self.corpus_located = tuple(p for r in self.corpus_rules for p in r.located)
        if not self.registry.templates:
            from .plugins import PluginError
            raise PluginError("没有加载到任何报告模板：govlint 安装不完整（缺少入口点 govlint），请重新安装")

    def build_report(self, source: Source) -> Report:
        document = parse_source(source, self.registry.templates)
        settings = self.config.report
        meta = read_meta(document, settings.get("year"), settings.get("place"))
        model = read_model(document, meta.year, self.registry.templates)
        return Report(source, document, model, meta)

    def lint_source(self, source: Source) -> LintResult:
        report = self.build_report(source)
        found: list[Diagnostic] = []
        for rule in self.rules:
            found.extend(self._run(rule, report))
        found = self.suppressions.apply(found, report)
        found = [replace(d, path=source.path, severity=self.severity.get(d.code, d.severity)) for d in found]
        locate = getattr(source, "locate", None)   # a Word document: paragraph or table cell
        if locate is not None:
            found = [replace(d, location=locate(d.offset, d.end_offset)) for d in found]
        found.sort(key=lambda d: d.sort_key)
        return LintResult(source.path, found, report, self.digest(report))

    def digest(self, report: Report):
        """The compact form of the report the corpus rules read (None when none runs)."""
        if not self.corpus_rules or not self.digests:
            return None
        from .corpus import digest_report
        return digest_report(report, self.corpus_located)

    def lint_file(self, path: str | Path) -> LintResult:
        return self.lint_source(read_input(path))

    def lint_text(self, text: str, path: str = "<text>") -> LintResult:
        return self.lint_source(from_text(text, path))

    def _run(self, rule: Rule, report, check=None) -> list[Diagnostic]:
        try:
            with time_limit(self.rule_time_limit):
                return list((check or rule.check)(report))
        except TimeLimitExceeded as e:
            message = (f"规则 {rule.code} {rule.name}（来自 {rule.origin or '?'}）在 {e.seconds:g} 秒内没有查完本报告"
                       "（可能陷入死循环），已中止；该规则的检查结果不完整。可在 govlint.toml 中用 rule-time-limit 调整时限")
            return [InternalError().diagnostic(Span(1, 1, 1, 1, 0, 0), message)]
        except Exception as e:
            where = traceback.extract_tb(e.__traceback__)[-1]
            message = (f"规则 {rule.code} {rule.name}（来自 {rule.origin or '?'}）运行出错：{type(e).__name__}: {e}"
                       f"（{Path(where.filename).name}:{where.lineno}）；该规则的检查结果不完整")
            return [InternalError().diagnostic(Span(1, 1, 1, 1, 0, 0), message)]


def read_input(path: str | Path) -> Source:
    """A report file as a Source: Word (.docx, or a ZIP holding a Word body) or text."""
    from .docx_reader import is_docx, read_docx
    if not Path(path).is_file():    # missing, a folder, a pipe: read_file says which
        return read_file(path)
    return read_docx(path) if is_docx(path) else read_file(path)


def parse_source(source: Source, templates=None):
    """The syntax tree: read with the document for Word, parsed by the grammar for text
    (tables in text without the Tika layout are read with `templates`)."""
    document = getattr(source, "document", None)
    return document if document is not None else parse(source, templates)
