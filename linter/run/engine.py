"""Runs the selected rules on a report. The engine knows rules only through the registry;
a rule that raises becomes one GL000 diagnostic and the run goes on. `finish` is the one
place where suppressions, severities and locations are applied to findings — for a report's
own rules and for the corpus rules' findings merged into it later (run/corpus.py)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Callable

from govlint.config.selection import matches
from govlint.config.settings import Config, plugin_settings, validate_against
from govlint.errors import PluginError
from govlint.model.meta import read_meta
from govlint.model.report import Report
from govlint.model.template_model import read_model
from govlint.plugins.registry import Registry, load_registry
from govlint.plugins.rule import CURRENT_REPORT, CorpusRule, Rule
from govlint.read import parse_source, read_input
from govlint.read.text import Source, from_text
from govlint.results.diagnostic import FILE_ORDER, Diagnostic
from govlint.run.internal_error import InternalError
from govlint.run.time_limit import RuleClock, TimeLimitExceeded, time_limit
from govlint.syntax.tree import Span

# A finding's code and path, for the checks over all of a report's findings: one C call each
# (`in` and list.count over them iterate in C, a tenth of a generator expression's cost).
_CODE = attrgetter("code")
_PATH = attrgetter("path")


@dataclass
class LintResult:
    """One report's findings (and, while kept, its Report and corpus digest)."""

    path: str
    diagnostics: list[Diagnostic]
    report: Report | None = None
    digest: object | None = None       # govlint.model.digest.Digest when corpus rules run

    @property
    def internal_error(self) -> bool:
        return InternalError.code in map(_CODE, self.diagnostics)


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
        # Selectors given here (the command line, the API) are checked as such; the
        # configuration's own are blamed on the configuration file.
        validate_against(self.config, self.registry, list(select or []), list(ignore or []))
        select = list(select) if select else list(self.config.select)
        ignore = list(self.config.ignore) + list(ignore or [])
        self.severity = {self.registry.resolve(k).code: v for k, v in self.config.severity.items()}
        rules: list[Rule] = []
        for cls in self.registry.rules.values():
            if any(matches(s, cls) for s in select) and not any(matches(s, cls) for s in ignore):
                options = self.config.rules.get(cls.code) or self.config.rules.get(cls.name) or {}
                rules.append(cls(options))
        settings = plugin_settings(self.config, self.registry)
        for rule in rules:
            rule.settings, rule.data = settings, self.registry.data
        from govlint.config.suppressions import Suppressions, UnusedIgnore
        self.suppressions = Suppressions(self.config, self.registry,
                                         report_unused=any(r.code == UnusedIgnore.code for r in rules))
        # Rules over all reports of a run: see run/corpus.py.
        self.corpus_rules = [r for r in rules if isinstance(r, CorpusRule)]
        self.rules = [r for r in rules if not isinstance(r, CorpusRule)]
        self.corpus_located = tuple(p for r in self.corpus_rules for p in r.located)
        if not self.registry.templates:
            raise PluginError("没有加载到任何报告模板：govlint 安装不完整（缺少入口点 govlint），请重新安装")

    def build_report(self, source: Source) -> Report:
        document = parse_source(source, self.registry.templates)
        settings = self.config.report
        year, place = settings.get("year"), settings.get("place")
        meta = read_meta(document, year, place)
        model = read_model(document, meta.year, self.registry.templates)
        return Report(source, document, model, meta, None if year or place else meta)

    def lint_source(self, source: Source) -> LintResult:
        report = self.build_report(source)
        found = self.run_rules(report)
        locate = getattr(source, "locate", None)   # a laid-out document: page, paragraph or table cell
        found = self.finish(found, report, source.path,
                            (lambda d: locate(d.offset, d.end_offset)) if locate is not None else None)
        found.sort(key=FILE_ORDER)      # TEXT_ORDER: finish gave every finding the source's path
        return LintResult(source.path, found, report, self.digest(report))

    def finish(self, found: list[Diagnostic], report: Report | None, path: str,
               locate: Callable[[Diagnostic], object] | None = None,
               report_unused: bool = True) -> list[Diagnostic]:
        """Findings as the user sees them: suppressed ones dropped, the configured severity,
        the path, and the location in the original document."""
        found = self.suppressions.apply(found, report, report_unused=report_unused)
        severity = self.severity
        if locate is None and not severity and list(map(_PATH, found)).count(path) == len(found):
            return found        # the rules' own findings, born with the path (run_rules): nothing to copy
        out = []
        for d in found:
            changes = {}
            if d.path != path:
                changes["path"] = path
            level = severity.get(d.code, d.severity)
            if level != d.severity:
                changes["severity"] = level
            if locate is not None:
                changes["location"] = locate(d)
            out.append(replace(d, **changes) if changes else d)
        return out

    def digest(self, report: Report):
        """The compact form of the report the corpus rules read (None when none runs)."""
        if not self.corpus_rules or not self.digests:
            return None
        from govlint.model.digest import digest_report     # not loaded by a one-report run
        return digest_report(report, self.corpus_located)

    def lint_file(self, path: str | Path, text_only: bool = False) -> LintResult | None:
        """The report file's result. With `text_only`, None for a file that is not text, read
        no further (read_input: a batch's calling process leaves such files to its workers)."""
        source = read_input(path, self.config.limits, text_only)
        return None if source is None else self.lint_source(source)

    def lint_text(self, text: str, path: str = "<text>") -> LintResult:
        return self.lint_source(from_text(text, path))

    def run_rules(self, report: Report) -> list[Diagnostic]:
        """Every rule's findings on a report, each rule within the time limit; one timer for
        the whole report (time_limit.RuleClock) rather than one per rule. The rules'
        diagnostics are made with the report's path and the configured severity
        (plugins.rule.CURRENT_REPORT), so `finish` need not copy them."""
        found: list[Diagnostic] = []
        born = CURRENT_REPORT.set((report.source.path, self.severity))
        try:
            if self.rule_time_limit and not RuleClock.usable():   # Windows, or not the main thread
                for rule in self.rules:
                    found.extend(self.run_rule(rule, report))
                return found
            with RuleClock(self.rule_time_limit) as clock:
                start, stop = clock.start, clock.stop
                for rule in self.rules:
                    try:
                        try:
                            start()
                            out = list(rule.check(report))
                        finally:
                            stop()
                        found.extend(out)
                    except TimeLimitExceeded as e:
                        found.append(_overran(rule, e.seconds))
                    except Exception as e:
                        found.append(_failed(rule, e))
        finally:
            CURRENT_REPORT.reset(born)
        return found

    def run_rule(self, rule: Rule, target, check=None, seconds: float | None = None) -> list[Diagnostic]:
        """One rule's findings on a report (or, with `check`, on what that method reads), within
        the time limit (`seconds`, default the per-report limit); a failure becomes GL000."""
        seconds = self.rule_time_limit if seconds is None else seconds
        try:
            with time_limit(seconds):
                return list((check or rule.check)(target))
        except TimeLimitExceeded as e:
            return [_overran(rule, e.seconds)]
        except Exception as e:
            return [_failed(rule, e)]


def _overran(rule: Rule, seconds: float) -> Diagnostic:
    message = (f"规则 {rule.code} {rule.name}（来自 {rule.origin or '?'}）在 {seconds:g} 秒内没有查完本报告"
               "（可能陷入死循环），已中止；该规则的检查结果不完整。可在 govlint.toml 中用 rule-time-limit 调整时限")
    return InternalError().diagnostic(Span(1, 1, 1, 1, 0, 0), message)


def _failed(rule: Rule, e: Exception) -> Diagnostic:
    import traceback
    where = traceback.extract_tb(e.__traceback__)[-1]
    message = (f"规则 {rule.code} {rule.name}（来自 {rule.origin or '?'}）运行出错：{type(e).__name__}: {e}"
               f"（{Path(where.filename).name}:{where.lineno}）；该规则的检查结果不完整")
    return InternalError().diagnostic(Span(1, 1, 1, 1, 0, 0), message)
