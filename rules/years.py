"""GL502 year-mismatch: the report's year (from its title, else the statistics period, or
the configuration) against the years the report states for its own period: 统计期限
…年1月1日至…年12月31日, 本年度（20XX年）, and years in table headings."""
from __future__ import annotations

import re
from operator import itemgetter

from govlint import hookimpl
from govlint.syntax.tree import Paragraph, Table
from govlint.model.cell_numbers import read_number
from govlint.model.joined_texts import JoinedTexts
from govlint.model.prose import prose_paragraphs
from govlint.model.table_reading import table_cells
from govlint.plugins.rule import Rule

_Y = r"(?:19|20)\d{2}"
# Each pattern's named groups y1, y2 … are years that must equal the report year.
PERIOD = re.compile(
    r"(?:统计期限|统计时间|统计期间|统计区间|统计周期|统计范围|数据统计|统计截止)[^。；]{0,16}?"
    rf"(?P<y1>{_Y})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    rf"(?:(?P<y2>{_Y})\s*年\s*)?12\s*月\s*31\s*日")
THIS_YEAR = re.compile(rf"本年度?\s*[（(]\s*(?P<y1>{_Y})\s*年?度?\s*[)）]")
PATTERNS = ((PERIOD, "统计期限"), (THIS_YEAR, "“本年度”"))   # pattern, its name
HEADING_YEAR = re.compile(rf"(?P<y1>{_Y})\s*年")
# A year next to these words in a table heading is the year before or after on purpose.
NEIGHBOUR_YEAR_WORDS = {-1: re.compile(r"上年|上一年|结转|去年"), 1: re.compile(r"下年|下一年|结转|明年")}

TABLE_SECTIONS = (2, 3, 4)     # the sections whose headings name a table
SOURCE_NAMES = {"title": "标题", "period": "统计期限", "config": "配置"}


class YearMismatch(Rule):
    """统计期限、“本年度（20XX年）”或表格标题中的年份与报告年份（取自标题）不一致。

    为什么：年度报告沿用上一年的文本时，最容易漏改年份；统计期限写错会让全部数字失去依据。
    对下一年的工作计划（2020年将……）和引用的往年文件（〔2019〕60号）不作检查。

    错误示例：本报告所列数据的统计期限为2018年1月1日至2018年12月31日。   （标题为2019年度报告）
    正确示例：本报告所列数据的统计期限为2019年1月1日至2019年12月31日。
    """

    code, name, severity = "GL502", "year-mismatch", "error"

    def check(self, report):
        year = report.meta.year
        if year is None:
            return
        source = SOURCE_NAMES.get(report.meta.year_source, "标题")
        for paragraph, at, what, m in _stated(prose_paragraphs(report.document)):
            for group in ("y1", "y2"):
                if m.groupdict().get(group) and int(m.group(group)) != year:
                    yield self.diagnostic(
                        paragraph.span_of(m.start(group) - at, m.end(group) - at),
                        f"{what}中的年份 {m.group(group)} 与报告年份 {year}（见{source}）不一致")
        yield from self._headings(report, year, source)

    def _headings(self, report, year: int, source: str):
        """Section headings, the line just before a table, and a table's text cells."""
        document = report.document
        candidates = [s.heading for s in document.sections if s.heading is not None and s.number in TABLE_SECTIONS]
        blocks = document.blocks
        candidates += [blocks[i - 1] for i, b in enumerate(blocks)
                       if isinstance(b, Table) and i and isinstance(blocks[i - 1], Paragraph)
                       and _is_caption(blocks[i - 1])]
        for table in (read.node for read in report.model.tables.values()):   # the template's tables only
            cells, texts = table_cells(table)
            if _YEAR_END.search("\0".join(texts)) is None:
                continue        # no cell holds a year (most tables: 本年, 上年 only)
            # A year is written with 年: the other cells (most of them: numbers) are passed over.
            candidates += [c for c in cells if "年" in c.text and not read_number(c.text).numeric]
        seen = set()
        for node in candidates:
            if id(node) in seen:
                continue
            seen.add(id(node))
            for m in HEADING_YEAR.finditer(node.text):
                found = int(m.group("y1"))
                if found == year or self._neighbour(node.text, found - year):
                    continue
                yield self.diagnostic(report.span(node.span.offset + m.start("y1"), node.span.offset + m.end("y1")),
                                      f"表格标题中的年份 {found} 与报告年份 {year}（见{source}）不一致")

    @staticmethod
    def _neighbour(text: str, delta: int) -> bool:
        words = NEIGHBOUR_YEAR_WORDS.get(delta)
        return bool(words and words.search(text))


def _stated(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, int, str, re.Match]]:
    """The matches of PATTERNS in the paragraphs: (paragraph, where its text starts, the
    pattern's name, match), by paragraph, then as PATTERNS and the text order them. Each
    pattern is sought once in the texts joined by 。, which no match holds (PERIOD's gap
    stops at it), not each paragraph tested for a word each pattern needs in turn."""
    joined = JoinedTexts([paragraph.text for paragraph in paragraphs], "。")
    found = []
    for order, (pattern, what) in enumerate(PATTERNS):
        for m in _period(joined.text) if pattern is PERIOD else pattern.finditer(joined.text):    # THIS_YEAR: led by 本年
            i = joined.index(m.start())
            found.append((i, order, paragraphs[i], joined.starts[i], what, m))
    found.sort(key=_PARAGRAPH_PATTERN)          # stable: a pattern's matches stay in text order
    return [entry[2:] for entry in found]


_PARAGRAPH_PATTERN = itemgetter(0, 1)
_STATISTICS = re.compile("统计")
_DATA = "数据"            # the one word of PERIOD's first group that 统计 does not start


def _period(text: str):
    """The matches PERIOD.finditer(text) yields, PERIOD tried only where its first group
    may start: at each 统计, and two characters before it after 数据. PERIOD starts with a
    choice of words (tried at every character), 统计 is a literal the search skips to."""
    end = 0
    for statistics in _STATISTICS.finditer(text):
        at = statistics.start()
        after_data = at >= len(_DATA) and text.startswith(_DATA, at - len(_DATA))
        for start in (at - len(_DATA), at) if after_data else (at,):
            if start >= end and (m := PERIOD.match(text, start)) is not None:
                yield m
                end = m.end()
                break


# The 年 of a HEADING_YEAR match: after a digit or white space. Led by the literal, the
# search skips to each 年 of a table's cells joined.
_YEAR_END = re.compile(r"年(?:(?<=\d年)|(?<=\s年))")


def _is_caption(block: Paragraph) -> bool:
    text = block.text
    return len(text) <= 40 and ("表" in text or "情况" in text)


@hookimpl
def govlint_rules():
    return [YearMismatch]
