"""GL701–GL703: what no single report shows — carry-over between an office's years, the
standing count of its normative documents, and text or tables copied from last year's
report or from another office's report of the same year."""
from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from math import isnan
from typing import TYPE_CHECKING

from govlint import hookimpl
from govlint.plugins.rule import CorpusRule
from govlint.model.templates.sections import SECTIONS

if TYPE_CHECKING:
    from govlint.model.corpus import Corpus
    from govlint.model.digest import Digest, SectionDigest

# The digests (govlint.model.digest) and the similarity measures (govlint.model.similarity)
# are imported where a corpus is checked: a one-report run has no corpus and never loads them.

CARRIED, CARRY_NEXT = "t3.carried.", "t3.carry_next."
STANDING_ROWS = ("rules", "normative")        # table 二, 2021 template
COPIED_TABLES = {"t3": "表三（收到和处理政府信息公开申请情况）", "t4": "表四（政府信息公开行政复议、行政诉讼情况）"}
# Clauses are counted for "common wording" in this many partitions, to keep the counter small.
COUNT_PARTITIONS = 8


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _closest(previous: list[Digest], mismatches) -> Digest:
    """Among several reports of last year (a file given twice, a revised version), the one
    that agrees best."""
    return min(previous, key=lambda p: (mismatches(p), p.path))


class CarryOver(CorpusRule):
    """表三“二、上年结转政府信息公开申请数量”与本单位上一年度报告表三“四、结转下年度继续办理”不一致（逐列比较）。

    为什么：上年结转下来的申请就是上年报告中结转下年度继续办理的申请，两份报告的这两行必须逐列相等；
    不等说明有申请被遗漏、重复统计，或某一年的表格填错了。需要同一单位相邻两年的报告一起检查
    （一并给出，或用 --history 指定往年报告所在的文件夹）。

    错误示例：2020 年报告“四、结转下年度继续办理”自然人 2 件；2021 年报告“二、上年结转”自然人 0 件
    正确示例：2021 年报告“二、上年结转”自然人 2 件
    """

    code, name, severity = "GL701", "carry-over", "error"
    located = (CARRIED,)

    def check_corpus(self, corpus: Corpus):
        for digest in corpus.targets:
            previous = corpus.previous(digest)
            if previous:
                yield from self._compare(digest, previous)

    def _compare(self, digest: Digest, previous: list[Digest]):
        this_keys = digest.keys_under(CARRIED)
        last_keys = [CARRY_NEXT + k[len(CARRIED):] for k in this_keys]
        this = digest.numbers(this_keys)
        last = _closest(previous, lambda p: sum(map(_differ, this, p.numbers(last_keys))))
        for this_key, last_key, value, before in zip(this_keys, last_keys, this, last.numbers(last_keys)):
            span = digest.span(this_key)
            if span is None or not _differ(value, before):
                continue
            yield self.diagnostic_in(digest, span, (
                f"{digest.name(this_key)}为 {_fmt(value)}，而上一年度报告（{last.label}）{last.name(last_key)}"
                f"为 {_fmt(before)}：本年的上年结转应等于上年的结转下年度继续办理，请核对两年的表三"))


def _differ(a: float | None, b: float | None) -> bool:
    """Two cells both filled in, with different numbers."""
    return a is not None and b is not None and a != b


class StandingCount(CorpusRule):
    """2021 年起的模板：表二“现行有效件数”不等于上一年度的现行有效件数 + 本年制发件数 − 本年废止件数。

    为什么：现行有效的规章和行政规范性文件，是上年末有效的加上本年制发的、减去本年废止的；
    对不上通常是某一年填错。也可能是早年文件到期失效而未计入“本年废止件数”，所以只作警告，
    请核对并在报告中说明。需要同一单位相邻两年（均为 2021 年起的模板）的报告一起检查。

    错误示例：2021 年行政规范性文件现行有效 30 件；2022 年制发 5 件、废止 2 件，现行有效 30 件
    正确示例：2022 年现行有效 33 件（30 + 5 − 2）
    """

    code, name, severity = "GL702", "standing-count", "warning"
    located = tuple(f"t2.{row}.valid" for row in STANDING_ROWS)

    def check_corpus(self, corpus: Corpus):
        for digest in corpus.targets:
            rows = self._keys(digest)
            previous = [p for p in corpus.previous(digest) if self._keys(p)] if rows else []
            if previous:
                last = _closest(previous, lambda p: sum(1 for r in rows if self._expected(digest, p, r)[1]))
                for row in rows:
                    yield from self._check(digest, last, row)

    @staticmethod
    def _keys(digest: Digest) -> list[str]:
        return [row for row in STANDING_ROWS
                if all(digest.has(f"t2.{row}.{col}") for col in ("valid", "issued", "repealed"))]

    @staticmethod
    def _expected(digest: Digest, last: Digest, row: str) -> tuple[tuple | None, bool]:
        valid, issued, repealed = (digest.number(f"t2.{row}.{c}") for c in ("valid", "issued", "repealed"))
        before = last.number(f"t2.{row}.valid")
        if None in (valid, issued, repealed, before):
            return None, False
        expected = before + issued - repealed
        return (valid, before, issued, repealed, expected), valid != expected

    def _check(self, digest: Digest, last: Digest, row: str):
        figures, wrong = self._expected(digest, last, row)
        span = digest.span(f"t2.{row}.valid")
        if not wrong or span is None:
            return
        valid, before, issued, repealed, expected = (_fmt(v) for v in figures)
        yield self.diagnostic_in(digest, span, (
            f"{digest.name(f't2.{row}.valid')}为 {valid}，而按上一年度报告（{last.label}）的现行有效件数 {before}"
            f" + 本年制发件数 {issued} − 本年废止件数 {repealed} 应为 {expected}；"
            f"如有早年文件到期失效而未计入本年废止件数，请在报告中说明，否则请核对"))


_UNSEEN = object()


@dataclass
class _Prose:
    """A section of a report's prose taken into the comparison."""

    digest: Digest
    section: SectionDigest


@dataclass
class _Match:
    """The best match found for a section: the other report and the share of text in common."""

    this: _Prose
    other: Digest
    share: float
    count: int = 1


class DuplicateContent(CorpusRule):
    """报告的某一部分与本单位上一年度报告、或同年度另一单位的报告内容雷同；或表三、表四的全部数字与上一年度相同。

    为什么：国办公开办函〔2021〕30号把年度报告“内容雷同”列为要追究责任的问题。照抄上年报告或
    兄弟单位报告、只改名称和数字，读者得不到本年度的真实情况。比较时不计模板自身的用语
    （章节标题、表格标签、“本报告根据……编制”“统计期限”“如对本报告有疑问”等套话）、数字和
    单位名称，也不计在许多单位报告中都出现的句子（选项 common_offices）。相似度用分句指纹的
    MinHash 和 LSH 估算，再逐句核对，得出“相同文字所占比例”。表格只在其中至少有几个不同的
    非零数字时才比较（选项 table_min_distinct），全为 0 或只有一两件申请的表格年年相同并不奇怪。
    需要一并检查多份报告（往年报告可用 --history 指定）。

    错误示例：2021 年“五、存在的主要问题及改进情况”与 2020 年报告逐句相同，只改了年份
    正确示例：写明本年度发现的问题和已落实的改进
    """

    code, name, severity = "GL703", "duplicate-content", "warning"
    options = {
        "min_share": 0.8,            # share of a section's own text found in the other report
        "min_chars": 100,            # sections with less own text (characters) are not compared
        "common_offices": 5,         # a clause in this many offices' reports is common wording
        "sections": [1, 2, 3, 4, 5, 6],
        "table_min_distinct": 3,     # a table needs this many different non-zero numbers to count as copied
    }

    def check_corpus(self, corpus: Corpus):
        yield from self._copied_prose(corpus)
        for digest in corpus.targets:
            for last in corpus.previous(digest):
                yield from self._copied_tables(digest, last)

    # ------------------------------------------------------------ prose
    def _copied_prose(self, corpus: Corpus):
        from govlint.model.similarity import candidate_pairs, minhash, shared_share
        wanted = set(self.config["sections"])
        entries = [(d, s) for d in corpus.digests for n, s in sorted(d.sections.items()) if n in wanted]
        common = self._common_clauses(corpus, entries)
        prose: list[_Prose] = []
        signatures = []
        # A section met again clause for clause (the copies of a report a folder may hold:
        # revisions, resubmissions) is weighed and signed once: its signature, or None when
        # too little of its text is its own.
        signed: dict[tuple[bytes, bytes], object] = {}
        for digest, section in entries:
            key = (section.hashes.tobytes(), section.weights.tobytes())
            signature = signed.get(key, _UNSEEN)
            if signature is _UNSEEN:
                own = dict(zip(section.hashes, section.weights))
                for h in common.intersection(own):
                    del own[h]
                signature = signed[key] = minhash(own) if sum(own.values()) >= self.config["min_chars"] else None
            if signature is not None:
                prose.append(_Prose(digest, section))
                signatures.append((section.number, signature))
        best: dict[tuple[str, int, str], _Match] = {}
        # Reports of one office (the same places and unit) and one year are never compared
        # (_related): such pairs, all the pairs of a folder of copies, are passed over here.
        classes: dict[tuple, int] = {}
        kin = [classes.setdefault((p.digest.office, p.digest.year), len(classes))
               if p.digest.office is not None else -1 - k for k, p in enumerate(prose)]
        for i, j in sorted(candidate_pairs(signatures, kin)):
            for kind, this, other in self._related(prose[i], prose[j]):
                share = shared_share(*self._own(this, common), set(self._own(other, common)[0]))
                if share >= self.config["min_share"]:
                    self._keep(best, (this.digest.path, this.section.number, kind), this, other, share)
        for (_, _, kind), match in sorted(best.items()):
            yield self._prose_finding(kind, match)

    def _common_clauses(self, corpus: Corpus, entries) -> set[int]:
        """Clauses that occur in the reports of at least `common_offices` offices."""
        by_office: dict[object, list[SectionDigest]] = defaultdict(list)
        for digest, section in entries:
            by_office[corpus.office_id(digest)].append(section)
        if len(by_office) < self.config["common_offices"]:
            return set()
        parts = [array("q") for _ in range(COUNT_PARTITIONS)]
        for sections in by_office.values():       # each office's clauses once, one office at a time
            distinct = {s.hashes.tobytes(): s.hashes for s in sections}.values()    # copies once
            for h in set().union(*distinct):
                parts[h % COUNT_PARTITIONS].append(h)
        common: set[int] = set()
        for part in parts:
            common.update(h for h, n in Counter(part).items() if n >= self.config["common_offices"])
        return common

    @staticmethod
    def _own(entry: _Prose, common: set[int]) -> tuple[list[int], list[int]]:
        pairs = [(h, w) for h, w in zip(entry.section.hashes, entry.section.weights) if h not in common]
        return [h for h, _ in pairs], [w for _, w in pairs]

    @staticmethod
    def _related(a: _Prose, b: _Prose):
        """(kind, this, other) for each report of the pair to be checked against the other:
        the later of an office's consecutive years, or both offices' reports of one year."""
        from govlint.model.corpus import Corpus
        da, db = a.digest, b.digest
        if da.year is None or db.year is None:
            return
        if Corpus.same_office(da, db):
            if abs(da.year - db.year) == 1:
                later, earlier = (a, b) if da.year > db.year else (b, a)
                if not later.digest.context:
                    yield "previous", later, earlier
        elif da.year == db.year:
            yield from (("same-year", x, y) for x, y in ((a, b), (b, a)) if not x.digest.context)

    @staticmethod
    def _keep(best: dict, key: tuple, this: _Prose, other: _Prose, share: float) -> None:
        found = best.get(key)
        if found is None:
            best[key] = _Match(this, other.digest, share)
            return
        found.count += 1
        if (share, other.digest.path) > (found.share, found.other.path):
            found.other, found.share = other.digest, share

    def _prose_finding(self, kind: str, match: _Match):
        this = match.this
        heading = SECTIONS[this.section.number - 1].heading if 1 <= this.section.number <= 6 else str(
            this.section.number)
        pct = f"{match.share * 100:.0f}%"
        if kind == "previous":
            whom = f"本单位上一年度报告（{match.other.label}）"
        else:
            office = match.other.office.name if match.other.office else "另一单位"
            whom = f"同年度{office}的报告（{match.other.path}）"
        more = f"；另有 {match.count - 1} 份报告与此部分雷同" if match.count > 1 else ""
        return self.diagnostic_in(this.digest, this.section.span, (
            f"“{heading}”部分与{whom}约 {pct} 的文字相同（不计模板用语、数字和单位名称）{more}："
            f"内容雷同，请按本单位本年度的实际情况撰写"))

    # ------------------------------------------------------------ tables
    def _copied_tables(self, digest: Digest, last: Digest):
        for table, title in COPIED_TABLES.items():
            span = digest.tables.get(table)
            if span is None:
                continue
            this, before = digest.stored_paired(last, table + ".")     # NaN for a blank cell
            if not this or this != before or any(map(isnan, this)):
                continue
            if len({v for v in this if v}) >= self.config["table_min_distinct"]:
                yield self.diagnostic_in(digest, span, (
                    f"{title}的全部 {len(this)} 个数字与本单位上一年度报告（{last.label}）完全相同："
                    f"可能沿用了上年的数据，请按本年度的实际情况填写"))


@hookimpl
def govlint_corpus_rules():
    return [CarryOver, StandingCount, DuplicateContent]
