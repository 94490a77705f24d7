"""GL4xx cross-checks: numbers in the prose against the report's tables (GL401) and against
each other (GL402 parts of a total, GL403 percentages). The prose is read with
linter/quantities.py; which phrase refers to which table cells is data below."""
from __future__ import annotations

import re
from dataclasses import dataclass

from govlint import hookimpl
from govlint.model.clauses import sentence_spans
from govlint.model.joined_texts import keyed_words
from govlint.model.quantities import Quantity, field_of, paragraphs_naming_a_field, quantities
from govlint.model.prose import prose_holding, prose_paragraphs
from govlint.model.pattern_words import holds_needed_words, needed_words
from govlint.plugins.rule import Rule
from govlint.rules.cell_lookup import plan as _plan, table_value as _value

# ---------------------------------------------------------------- GL401 data
ORG_COLUMNS = ("business", "research", "nonprofit", "legal", "other_org")
TABLE_COUNT_UNITS = ("件", "个", "条", "份")      # the units a count of applications or documents takes


def _cols(row: str, cols) -> tuple[str, ...]:
    return tuple(f"t3.{row}.{c}" for c in cols)


@dataclass(frozen=True)
class Reading:
    """One way to read a prose count: the sum of these cells (`*` patterns over the
    model's keys; `{col}` makes one reading per column of the row, for table 二)."""

    label: str
    keys: tuple[str, ...]


# Field (from quantities.FIELD_PATTERNS) → the readings it may mean. When a field has
# several, the prose is fine if any of them matches (受理 counts new, or new + carried).
READINGS: dict[str, tuple[Reading, ...]] = {
    "new": (Reading("表三“一、本年新收政府信息公开申请数量”总计", ("t3.new.total",)),),
    "received": (Reading("表三“一、本年新收”总计", ("t3.new.total",)),
                 Reading("表三“一、本年新收”与“二、上年结转”总计之和", ("t3.new.total", "t3.carried.total"))),
    "carried": (Reading("表三“二、上年结转政府信息公开申请数量”总计", ("t3.carried.total",)),),
    "carry_next": (Reading("表三“四、结转下年度继续办理”总计", ("t3.carry_next.total",)),),
    "open": (Reading("表三“（一）予以公开”总计", ("t3.open.total",)),),
    "partial": (Reading("表三“（二）部分公开”总计", ("t3.partial.total",)),),
    "deny": (Reading("表三“（三）不予公开”各项总计之和", ("t3.deny_*.total",)),),
    "cannot": (Reading("表三“（四）无法提供”各项总计之和", ("t3.cannot_*.total",)),),
    "noproc": (Reading("表三“（五）不予处理”各项总计之和", ("t3.noproc_*.total",)),),
    "other_result": (Reading("表三“（六）其他处理”总计", ("t3.other*.total",)),),
    "natural": (Reading("表三“一、本年新收”的“自然人”", ("t3.new.natural",)),
                Reading("表三“一、本年新收”与“二、上年结转”的“自然人”之和", ("t3.new.natural", "t3.carried.natural"))),
    "org": (Reading("表三“一、本年新收”的法人或其他组织五列之和", _cols("new", ORG_COLUMNS)),
            Reading("表三“一、本年新收”与“二、上年结转”的法人或其他组织五列之和",
                    _cols("new", ORG_COLUMNS) + _cols("carried", ORG_COLUMNS))),
    "review": (Reading("表四“行政复议”总计", ("t4.counts.review_total",)),),
    "suit": (Reading("表四“未经复议直接起诉”与“复议后起诉”总计之和",
                     ("t4.counts.suit_direct_total", "t4.counts.suit_after_total")),),
    "normative": (Reading("表二“规范性文件”的“{label}”", ("t2.normative.{col}",)),),
    "rules_normative": (Reading("表二“规章”与“规范性文件”的“{label}”之和", ("t2.rules.{col}", "t2.normative.{col}")),),
}
# Words in a count's phrase that say it is not one table 二 holds (清理规范性文件, 解读 …).
_NOT_PUBLISHED = re.compile(r"废止|清理|修订|修改|审查|审核|备案|解读|征求|评估|宣传|培训|合法性|失效|起草|制定中")
FIELD_EXCLUDE = {"normative": _NOT_PUBLISHED, "rules_normative": _NOT_PUBLISHED}


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _quoted(q: Quantity, limit: int = 16) -> str:
    """The count with the end of its phrase, for a message: …共收到政府信息公开申请58件."""
    phrase = q.phrase if len(q.phrase) <= limit else "…" + q.phrase[-limit:]
    return phrase + q.text


def _readings(model, layout: tuple[str, ...], field: str) -> list[tuple[str, list]]:
    """(label, cells) for each concrete reading of the field in this model (`{col}` expanded
    over table 二's columns), from the plan kept for the layout of its keys."""
    cells = model.cells
    return [(label if label_key is None else label.format(label=cells[label_key].column.label),
             [cells.get(k) for k in keys]) for label, label_key, keys in _plan(layout, field, READINGS[field])]


class TextTableMismatch(Rule):
    """正文中针对本单位整体的数量（如“收到政府信息公开申请N件”“予以公开N件”“行政复议N件”
    “规范性文件N件”）与报告自己的表格不一致。

    为什么：正文和表格说的是同一批数字；不一致时读者无法判断哪个是真的，往往是改了表格忘了改正文。
    本单位下属部分的数字（如“区政府收到16件”）、往年的数字、约数不作比较；表格单元格空白时也不比较。

    错误示例：全年共收到政府信息公开申请56件。     （表三“一、本年新收”总计为54）
    正确示例：全年共收到政府信息公开申请54件。
    """

    code, name, severity = "GL401", "text-table-mismatch", "error"

    def check(self, report):
        model, year = report.model, report.meta.year
        readings: dict[str, list] = {}      # field → its concrete readings in this report
        layout = None                       # the model's keys, once a field is met
        paragraphs = prose_paragraphs(report.document)
        # Only the paragraphs naming a field: the numbers of the others are not read.
        for index in paragraphs_naming_a_field(report.document):
            paragraph = paragraphs[index]
            text = paragraph.text
            qs = [q for q in quantities(text) if q.unit in TABLE_COUNT_UNITS]
            if not qs:
                continue
            for q in qs:
                field = field_of(q, text[q.sentence_start:q.start], year)
                if field is None or self._excluded(field, q):
                    continue
                if field not in readings:
                    if layout is None:
                        layout = tuple(model.cells)
                    readings[field] = _readings(model, layout, field)
                found = self._compare(q, readings[field])
                if found:
                    yield self.diagnostic(paragraph.span_of(q.start, q.end), found)

    @staticmethod
    def _excluded(field: str, q: Quantity) -> bool:
        pattern = FIELD_EXCLUDE.get(field)
        if pattern is None:
            return False
        return bool(pattern.search(q.phrase))

    @staticmethod
    def _compare(q: Quantity, readings: list[tuple[str, list]]) -> str | None:
        """None when the prose agrees with some reading (or no reading can be made); else
        the message naming the first reading's value."""
        for _, cells in readings:
            for c in cells:
                if c is not None and c.unread:
                    return None     # a cell the table holds but that could not be read: no conclusion
        known = []
        for label, cells in readings:
            value = _value(cells)
            if value is None:
                continue
            if abs(value - q.value) < 1e-9:
                return None
            if all(value != v for _, v in known):
                known.append((label, value))
        if not known:
            return None
        label, value = known[0]
        more = "；".join(f"{lab}为 {_fmt(v)}" for lab, v in known[1:3])
        return (f"正文“{_quoted(q)}”与表格不符：{label}为 {_fmt(value)}" + (f"（{more}）" if more else "")
                + "，请核对正文或表格")


# ---------------------------------------------------------------- GL402
CONNECTORS = re.compile(r"其中|主要包括")
# The paragraphs holding a connector, found in the prose joined (prose_holding) by 其 and 括.
_CONNECTOR_KEYED = keyed_words(CONNECTORS.pattern.split("|"), "其括")
PARTS_END = re.compile(r"其中|主要包括|[；;]")     # the list of parts ends here (or at the sentence end)
TOTAL_MARKERS = ("共", "合计", "总计", "累计", "主动公开", "总")
EXHAUSTIVE_MARKERS = ("其他", "其它")
UNIT_FAMILIES = ({"件", "件次"},)


def same_unit(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in UNIT_FAMILIES)


def _countable(q: Quantity) -> bool:
    return not q.percent and not q.approximate


class SumOfParts(Rule):
    """“共X条，其中A条、B条、C条”中，各部分之和大于总数；或各部分明显穷尽了总数
    （如网站、微博、微信、其他方式）而其和不等于总数。

    为什么：分项之和超过总数必有一处数字写错；列出“其他”的分项应恰好加总为总数。
    分项中先列出的几项已恰好等于总数时（后面是另一种分法），不作报告。

    错误示例：共主动公开信息100条，其中网站发布60条、微博发布30条、其他方式发布20条。
    正确示例：共主动公开信息110条，其中网站发布60条、微博发布30条、其他方式发布20条。
    """

    code, name, severity = "GL402", "sum-of-parts", "warning"

    def check(self, report):
        paragraphs = prose_paragraphs(report.document)
        for index in prose_holding(report.document, _CONNECTOR_KEYED):
            paragraph = paragraphs[index]
            text = paragraph.text
            qs = quantities(text)
            if len(qs) < 2:
                continue
            spans = sentence_spans(text)
            for m in CONNECTORS.finditer(text):
                found = self._check_at(text, qs, spans, m)
                if found:
                    total, message = found
                    yield self.diagnostic(paragraph.span_of(total.start, total.end), message)

    def _check_at(self, text: str, qs: tuple[Quantity, ...], spans, m: re.Match):
        at, after = m.start(), m.end()      # not a method call per quantity in the filters below
        index = next(i for i, (s, e) in enumerate(spans) if s <= at < e)
        start, end = spans[index]
        inside = _inside_brackets(text, at)     # once: _total asks too
        total = self._total(text, qs, spans, index, at, inside)
        if total is None:
            return None
        limit = end
        if inside:
            limit = _closing_bracket(text, after, end)
            parts = [q for q in qs if after <= q.start < limit]
        else:
            following = PARTS_END.search(text, after, end)
            limit = following.start() if following else end
            parts = [q for q in qs if after <= q.start < limit and not q.bracketed]
        if any(q.approximate for q in parts):
            return None
        parts = [q for q in parts if _countable(q) and same_unit(q.unit, total.unit)]
        if not parts:
            return None
        running, sums = 0, []
        for q in parts:
            running += q.value
            sums.append(running)
        if any(abs(s - total.value) < 1e-9 for s in sums):
            return None
        listed = "、".join(_fmt(q.value) for q in parts)
        if len(parts) > 2 and any(abs(running - q.value - total.value) < 1e-9 for q in parts):
            return None     # one part lies within another (解读类 within 政务信息): they overlap
        if running > total.value:
            return total, (f"分项之和大于总数：“{_quoted(total)}”，其中各项（{listed}）"
                           f"合计 {_fmt(running)}{total.unit}")
        if any(w in parts[-1].phrase for w in EXHAUSTIVE_MARKERS):
            return total, (f"分项之和与总数不符：“{_quoted(total)}”，其中各项（{listed}）"
                           f"已列到“其他”，合计却为 {_fmt(running)}{total.unit}")
        return None

    @staticmethod
    def _total(text: str, qs: tuple[Quantity, ...], spans, index: int, at: int,
               inside: bool) -> Quantity | None:
        """The total a connector refers to: the last count before it in its sentence; for a
        sentence that starts with the connector, the last count of the sentence before.
        `inside`: whether the connector is inside round brackets (_inside_brackets)."""
        start = spans[index][0]
        # _countable inline: a call per quantity of the paragraph cost more than the filter
        before = [q for q in qs if start <= q.start < at and q.unit != "%" and not q.approximate
                  and (inside or not q.bracketed)]
        if not before and not text[start:at].strip(" \u3000：:，,") and index > 0:
            p_start, p_end = spans[index - 1]
            if CONNECTORS.match(text[p_start:p_end].lstrip(" \u3000")):
                return None
            before = [q for q in qs if p_start <= q.start < p_end and q.unit != "%" and not q.approximate
                      and not q.bracketed]
        if not before:
            return None
        total = before[-1]
        return total if any(w in total.phrase for w in TOTAL_MARKERS) else None


_ROUND_BRACKET = re.compile(r"[（()）]")


def _inside_brackets(text: str, at: int) -> bool:
    depth = 0
    for m in _ROUND_BRACKET.finditer(text, 0, at):
        depth = depth + 1 if m.group() in "（(" else max(0, depth - 1)
    return depth > 0


def _closing_bracket(text: str, start: int, end: int) -> int:
    for i in range(start, end):
        if text[i] in "）)":
            return i
    return end


# ---------------------------------------------------------------- GL403
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RISE, _FALL = "增长|增加|上升|提高|提升", "下降|减少|降低|下滑|回落"
_DIRECTION = rf"(?P<dir>{_RISE}|{_FALL})了?(?:约)?"
# 比去年同期（13152条）增长27.1% / 较上年的13152条下降5%
GROWTH_BASE_FIRST = re.compile(
    r"(?:比|较|与)(?:去年|上年|上一年|(?:19|20)\d{2}年)度?(?:同期)?(?:相比)?(?:的)?\s*[（(]?\s*"
    rf"(?P<base>{_NUM})\s*(?P<unit>[件条次篇个项场]|人次|件次|万元|元)\s*[)）]?\s*(?:相比)?[，,]?\s*{_DIRECTION}"
    rf"\s*(?P<pct>{_NUM})\s*[%％]")
# 同比增长27.1%（去年同期为13152条）
GROWTH_BASE_AFTER = re.compile(
    rf"(?:同比|比去年|比上年|较去年|较上年)?{_DIRECTION}\s*(?P<pct>{_NUM})\s*[%％]\s*[（(]\s*"
    rf"(?:去年|上年|上一年)(?:同期)?(?:为|是|共)?\s*(?P<base>{_NUM})\s*(?P<unit>[件条次篇个项场]|人次|件次|万元|元)\s*[)）]")
# 3件，占5.56% / 占总数的31.48%
# The words a match of GROWTH_BASE_AFTER holds (the base in brackets after the percentage
# names 去年/上年): a paragraph without them is not searched, which is most of the regex
# work of GL403 (the pattern, led by an optional group, is tried at every character).
_GROWTH_BASE_AFTER_WORDS = needed_words(GROWTH_BASE_AFTER)
# The paragraphs holding a percent sign (every pattern of GL403 ends in one).
_PERCENT_KEYED = keyed_words(("%", "％"), "%％")
SHARE = re.compile(rf"占(?P<mid>[^，。；,;%％]{{0,16}}?)(?P<pct>{_NUM})\s*[%％]")
SHARE_WHOLE_WORDS = re.compile(r"^(?:比|比例|比重|总数|总量|全部|全年|总|申请总数|的|为|达|了|\s)*$")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _within(computed: float, shown: float, decimals: int) -> bool:
    return abs(computed - shown) <= 10 ** -decimals + 1e-9


class Percentage(Rule):
    """增长率（比去年同期（13152条）增长27.1%）或占比（3件，占5.56%）与其据以计算的数字不符；
    允许末位相差一个单位。

    为什么：百分比由正文中的数字算出，读者可以自己验算；算错会损害报告的可信度。
    只在基数（去年的数字）或总数写在同一句、同一段时检查；“同比下降15.6%”未给基数则不检查。

    错误示例：主动公开信息18049条，比去年同期（13152条）增长27.1%。   （实为增长37.2%）
    正确示例：主动公开信息18049条，比去年同期（13152条）增长37.2%。
    """

    code, name, severity = "GL403", "percentage", "error"

    def check(self, report):
        paragraphs = prose_paragraphs(report.document)
        for index in prose_holding(report.document, _PERCENT_KEYED):
            paragraph = paragraphs[index]
            text = paragraph.text
            qs = quantities(text)
            after = GROWTH_BASE_AFTER.finditer(text) if holds_needed_words(text, _GROWTH_BASE_AFTER_WORDS) else ()
            for m in list(GROWTH_BASE_FIRST.finditer(text)) + list(after):
                message = self._growth(text, qs, m)
                if message:
                    yield self.diagnostic(paragraph.span_of(m.start("pct"), m.end()), message)
            for m in SHARE.finditer(text):
                message = self._share(text, qs, m)
                if message:
                    yield self.diagnostic(paragraph.span_of(m.start("pct"), m.end()), message)

    @staticmethod
    def _growth(text: str, qs: tuple[Quantity, ...], m: re.Match) -> str | None:
        base, unit = _number(m.group("base")), m.group("unit")
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。！？!?") + 1
        before = [q for q in qs if sentence_start <= q.start < m.start() and q.unit == unit
                  and not q.bracketed and not q.approximate]
        if not before or base == 0:
            return None
        current = before[-1].value
        shown = _number(m.group("pct"))
        falling = bool(re.fullmatch(_FALL, m.group("dir")))
        computed = (current - base) / base * 100
        if _within(computed, -shown if falling else shown, _decimals(m.group("pct"))):
            return None
        d = _decimals(m.group("pct"))
        word = "增长" if computed >= 0 else "下降"
        return (f"百分比与数字不符：由 {_fmt(current)}{unit} 与基数 {_fmt(base)}{unit} 算得{word}"
                f" {abs(computed):.{d}f}%，正文写作{m.group('dir')} {m.group('pct')}%")

    @staticmethod
    def _share(text: str, qs: tuple[Quantity, ...], m: re.Match) -> str | None:
        part = next((q for q in reversed(qs) if q.end <= m.start()), None)
        if part is None or not _countable(part) or text[part.end:m.start()].strip(" ，,\u3000"):
            return None
        explicit = [q for q in qs if m.start() < q.start < m.start("pct") and same_unit(q.unit, part.unit)]
        if explicit:
            totals = possible = explicit[-1:]
        elif SHARE_WHOLE_WORDS.match(m.group("mid")):
            # Any earlier count of the same unit at least as large may be the whole meant;
            # only one that says it is a total (共…) is taken as the whole when none fits.
            possible = [q for q in qs if q.end <= part.start and same_unit(q.unit, part.unit) and _countable(q)
                        and not q.bracketed and q.value >= part.value and q.value]
            totals = [q for q in possible if any(w in q.phrase for w in TOTAL_MARKERS)]
        else:
            return None
        shown, d = _number(m.group("pct")), _decimals(m.group("pct"))
        if not totals or any(_within(part.value / q.value * 100, shown, d) for q in possible):
            return None
        whole = totals[-1]
        computed = part.value / whole.value * 100
        return (f"占比与数字不符：{_fmt(part.value)}{part.unit} 占总数 {_fmt(whole.value)}{whole.unit}"
                f" 应为 {computed:.{d}f}%，正文写作 {m.group('pct')}%")


@hookimpl
def govlint_rules():
    return [TextTableMismatch, SumOfParts, Percentage]
