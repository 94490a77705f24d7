"""Suppressions: findings a team has looked at and accepted, so they stop being reported.

Three ways, from coarse to precise:
  * `[per-file-ignores]` in govlint.toml — rules ignored in files matching a glob;
  * `[[ignore]]` entries in govlint.toml — a finding accepted by quoting the text it covers
    (for .txt reports, where staff cannot leave a note in the file itself); an entry with a
    `path` that silences nothing in a file it names is reported as GL001 (like ruff's RUF100);
  * a baseline file (`--write-baseline`, `--baseline`) — today's findings recorded, only new
    ones reported.
Findings are matched on their rule and the text involved (`involved_text`), never on line
numbers, so edits elsewhere in a report do not make an accepted finding look new.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from govlint.syntax.tree import PAD_CHARS, Span
from govlint.results.diagnostic import Diagnostic
from govlint.plugins.hookspecs import hookimpl
from govlint.plugins.rule import Rule
from govlint.config.selection import matches
from govlint.errors import ConfigError, SuppressionError  # noqa: F401  (raised here)

BASELINE_VERSION = 1


class UnusedIgnore(Rule):
    """govlint.toml 中的 [[ignore]] 条目（或 Word 批注“govlint: ignore …”）没有屏蔽任何问题。

    为什么：被接受的问题改掉之后，留下的条目会在将来悄悄屏蔽同一处新出现的问题；
    删去不再需要的条目，屏蔽清单才始终可信（与 ruff 的 RUF100 相同）。

    错误示例：[[ignore]] path = "2019.txt"、rule = "GL304"、text = "452262835.430"，
             但报告中这个金额已经补上了单位
    正确示例：删去这条 [[ignore]]
    """

    code, name, severity = "GL001", "unused-ignore", "warning"

    def check(self, report):
        return ()   # reported by Suppressions.apply, never checked against the report itself


@hookimpl
def govlint_rules():
    return [UnusedIgnore]


# --- the text a finding is about ------------------------------------------------------------

def involved_text(d: Diagnostic, report) -> str:
    """The text the finding covers (trimmed); for an empty span (a blank cell) its message,
    which names the row and column."""
    if report is not None:
        text = report.source.text[d.offset:d.end_offset].strip(PAD_CHARS)
        if text:
            return " ".join(text.split())
    return d.message


def finding_key(d: Diagnostic, report) -> str:
    """A short stable fingerprint of rule + text involved (also SARIF's partialFingerprints)."""
    import hashlib
    digest = hashlib.sha256(f"{d.code}\0{involved_text(d, report)}".encode("utf-8")).hexdigest()
    return digest[:20]


# --- globs ------------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def path_matches(pattern: str, path: str, base_dir: Path | None) -> bool:
    """A glob (`*`, `?`, `**/`) against the file's path relative to the config's folder; a
    pattern without `/` also matches the bare file name."""
    pattern = pattern.replace("\\", "/").removeprefix("./")
    relative = _relative(path, base_dir)
    regex = _glob_regex(pattern)
    return bool(regex.match(relative) or ("/" not in pattern and regex.match(relative.rsplit("/", 1)[-1])))


def _relative(path: str, base_dir: Path | None) -> str:
    p = Path(path)
    if base_dir is not None:
        try:
            return p.resolve().relative_to(base_dir.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.as_posix().removeprefix("./")


# --- govlint.toml: per-file ignores and [[ignore]] entries ---------------------------------------

class IgnoreEntry(NamedTuple):
    """One `[[ignore]]` table: `rule` (code or name), `reason`, optional `path` glob and `text`."""

    rule: str
    reason: str
    path: str | None = None
    text: str | None = None
    origin: str = "govlint.toml"      # where it was written, for the GL001 message
    at: tuple[int, int] | None = None  # a Word comment: the commented range (character offsets)

    def describe(self) -> str:
        if self.at is not None:
            return self.origin
        parts = [f"rule = \"{self.rule}\""]
        if self.path:
            parts.append(f"path = \"{self.path}\"")
        if self.text:
            parts.append(f"text = \"{self.text}\"")
        return f"{self.origin} 中的 [[ignore]]（{'，'.join(parts)}）"


_ENTRY_KEYS = {"rule": True, "reason": True, "path": False, "text": False}


def read_ignore_settings(data: dict, where: str) -> tuple[dict[str, list[str]], list[IgnoreEntry], list]:
    """From govlint.toml: `[per-file-ignores]` (glob -> selectors), the `[[ignore]]` tables,
    and the plain selectors of `ignore` (which may be mixed with tables)."""
    per_file = data.get("per-file-ignores", {})
    if not isinstance(per_file, dict) or not all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in per_file.values()):
        raise ConfigError(f"{where}：[per-file-ignores] 应为表，值为规则列表，例如 \"2019/*.txt\" = [\"GL304\"]")
    value = data.get("ignore", [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}：键 ignore 应为列表：规则代码或名称，或 [[ignore]] 条目")
    plain = [v for v in value if not isinstance(v, dict)]
    entries = [_entry(v, i, where) for i, v in enumerate(value, 1) if isinstance(v, dict)]
    return dict(per_file), entries, plain


def _entry(table: dict, number: int, where: str) -> IgnoreEntry:
    label = f"{where}：第 {number} 个 [[ignore]]"
    for key in table:
        if key not in _ENTRY_KEYS:
            raise ConfigError(f"{label} 中有未知的键 {key}（可用：{'、'.join(_ENTRY_KEYS)}）")
    for key, required in _ENTRY_KEYS.items():
        if required and key not in table:
            raise ConfigError(f"{label} 缺少 {key}（rule 写规则代码或名称，reason 写接受该问题的理由）")
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise ConfigError(f"{label} 的 {key} 应为非空字符串")
    return IgnoreEntry(table["rule"], table["reason"], table.get("path"), table.get("text"))


class Suppressions:
    """Applies a config's per-file ignores and [[ignore]] entries to one file's findings."""

    def __init__(self, config, registry, report_unused: bool):
        self.base_dir = config.base_dir
        self.per_file = dict(config.per_file_ignores)
        self.entries: list[IgnoreEntry] = list(config.ignore_entries)
        self.registry = registry
        self.report_unused = report_unused

    def apply(self, found: list[Diagnostic], report, report_unused: bool = True) -> list[Diagnostic]:
        """The findings not suppressed; with `report_unused`, GL001 for entries that silenced nothing."""
        path = report.source.path if report is not None else (found[0].path if found else "")
        ignored = [sel for glob, sels in self.per_file.items() if path_matches(glob, path, self.base_dir)
                   for sel in sels]
        kept = [d for d in found if not any(self._selects(sel, d.code) for sel in ignored)] if ignored else list(found)
        entries = [e for e in self.entries if e.path is None or path_matches(e.path, path, self.base_dir)]
        entries += _comment_entries(report)
        if not entries:         # the usual case: nothing more to silence, nor to report unused
            return kept
        used: set[int] = set()
        out = []
        for d in kept:
            hit = next((i for i, e in enumerate(entries) if self._covers(e, d, report)), None)
            if hit is None:
                out.append(d)
            else:
                used.add(hit)
        if report_unused and self.report_unused and not any(self._selects(sel, UnusedIgnore.code) for sel in ignored):
            out += [self._unused(e, report, path) for i, e in enumerate(entries)
                    if i not in used and (e.at is not None or (e.text and e.path))]
        return out

    def _selects(self, selector: str, code: str) -> bool:
        rule = self.registry.rules.get(code)
        return rule is not None and matches(selector, rule)

    def _covers(self, entry: IgnoreEntry, d: Diagnostic, report) -> bool:
        if not self._selects(entry.rule, d.code):
            return False
        if entry.at is not None:
            start, end = entry.at
            if d.offset == d.end_offset:          # an empty span (a blank cell): inside the range
                return start <= d.offset <= end
            return d.offset < end and d.end_offset > start
        if entry.text is None:
            return True
        if report is None:
            return entry.text in d.message
        return quoted_at(report.source.text, entry.text, d.offset, d.end_offset)

    def _unused(self, entry: IgnoreEntry, report, path: str) -> Diagnostic:
        if entry.at is not None:
            message = f"{entry.describe()}没有屏蔽任何问题（批注所在处没有 {entry.rule} 的问题）；问题已改正时请删去这条批注"
            span = report.span(*entry.at)
        else:
            where = "，报告中找不到这段文字" if report is not None and entry.text not in report.source.text else ""
            message = f"{entry.describe()}没有屏蔽任何问题{where}；问题已改正时请删去这一条"
            span = Span(1, 1, 1, 1, 0, 0)
        return replace(UnusedIgnore().diagnostic(span, message), path=path)


def _comment_entries(report) -> list[IgnoreEntry]:
    """Word comments `govlint: ignore CODE reason` of a .docx report, one entry per rule."""
    if report is None or getattr(report.source, "package", None) is None:
        return []
    from govlint.read.docx_comments import comment_directives
    return [IgnoreEntry(rule, c.reason, origin=f"Word 批注“{c.text}”", at=(c.start, c.end))
            for c in comment_directives(report.source) for rule in c.rules]


def quoted_at(text: str, quote: str, start: int, end: int) -> bool:
    """Whether `quote` occurs in `text` at a place overlapping [start, end) (touching it when
    the span is empty), within the lines the span covers."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    pos = text.find(quote, line_start)
    while pos != -1 and pos + len(quote) <= line_end:
        if pos < end and pos + len(quote) > start or (start == end and pos <= start <= pos + len(quote)):
            return True
        pos = text.find(quote, pos + 1)
    return False


# --- baseline ---------------------------------------------------------------------------------

def _baseline_entry(d: Diagnostic, report, base_dir: Path) -> tuple[str, str, str]:
    return (_relative(d.path, base_dir), d.code, involved_text(d, report))


def write_baseline(path: Path, results) -> int:
    """Record every finding of `results` in `path`; returns how many were recorded."""
    base_dir = path.resolve().parent
    counts = Counter(_baseline_entry(d, r.report, base_dir) for r in results for d in r.diagnostics)
    findings = [{"path": p, "code": code, "text": text, "count": n}
                for (p, code, text), n in sorted(counts.items())]
    data = {"govlint-baseline": BASELINE_VERSION,
            "note": "govlint --write-baseline 生成：这些问题已被接受，--baseline 只报告新问题",
            "findings": findings}
    import json
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as e:
        raise SuppressionError(f"无法写入基线文件 {path}：{e.strerror or e}") from None
    return sum(counts.values())


def read_baseline(path: Path) -> Counter:
    import json
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        findings = data["findings"]
        return Counter({(f["path"], f["code"], f["text"]): int(f.get("count", 1)) for f in findings})
    except FileNotFoundError:
        raise SuppressionError(f"找不到基线文件：{path}（先用 --write-baseline {path} 生成）") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise SuppressionError(f"基线文件 {path} 不是 govlint --write-baseline 生成的格式") from None


def filter_baseline(results, path: Path):
    """Results with the findings recorded in the baseline removed (each recorded finding
    absorbs at most as many current findings as were recorded)."""
    remaining = read_baseline(path)
    base_dir = path.resolve().parent
    out = []
    for result in results:
        kept = []
        for d in result.diagnostics:
            key = _baseline_entry(d, result.report, base_dir)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(d)
        out.append(replace(result, diagnostics=kept))
    return out
