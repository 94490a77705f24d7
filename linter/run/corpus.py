"""The pass over a whole run: corpus rules (GL7xx) after the per-report rules, on the reports'
digests (govlint.model.digest) and those of --history, their findings merged into the reports
they concern through the engine's own finishing step (suppressions, severity, location)."""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from govlint.errors import InputError
from govlint.model.corpus import Corpus
from govlint.model.digest import Digest, digest_report
from govlint.read import read_input
from govlint.results.diagnostic import TEXT_ORDER, Diagnostic


# ---------------------------------------------------------------- the pass
def read_history(linter, paths: Iterable[Path]) -> tuple[list[Digest], list[str]]:
    """Digests of earlier reports given as context (--history), and read errors."""
    digests: list[Digest] = []
    errors: list[str] = []
    for path in paths:
        try:
            report = linter.build_report(read_input(path, linter.config.limits))
        except InputError as e:
            errors.append(f"--history：{e}")
            continue
        except Exception as e:   # a defect of govlint: say so and go on with the others
            errors.append(f"--history：{path}：读取时发生内部错误（{type(e).__name__}: {e}），已跳过该文件")
            continue
        digests.append(digest_report(report, linter.corpus_located, context=True))
    return digests, errors


def run_corpus(linter, results: list, history: Sequence[Digest] = ()) -> list:
    """The results with the corpus rules' findings added to the reports they concern."""
    digests = [r.digest for r in results if getattr(r, "digest", None) is not None]
    if not linter.corpus_rules or not digests:
        return results
    if history:     # a history report also given to be checked is checked, not context
        seen = {os.path.realpath(d.path) for d in digests}
        digests += [h for h in history if os.path.realpath(h.path) not in seen]
    corpus = Corpus(digests)
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    # A corpus rule gets the per-report time limit once for each report it sees.
    seconds = (linter.rule_time_limit or 0) * len(corpus.digests)
    for rule in linter.corpus_rules:     # a rule that raises: GL000 in the first report
        for d in linter.run_rule(rule, corpus, rule.check_corpus, seconds):
            found[d.path or corpus.targets[0].path].append(d)
    if not found:
        return results
    return [_merge(linter, r, found.get(r.path, [])) for r in results]


def _merge(linter, result, extra: list[Diagnostic]):
    if not extra:
        return result
    # Per-file ignores and [[ignore]] apply; unused entries were reported with the report.
    where = result.digest.where if result.digest is not None else {}
    extra = linter.finish(extra, result.report, result.path,
                          lambda d: where.get((d.offset, d.end_offset), d.location), report_unused=False)
    return replace(result, diagnostics=sorted(result.diagnostics + extra, key=TEXT_ORDER))
