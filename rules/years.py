"""GL502 year-mismatch: the report's year (from its title, else the statistics period, or
the configuration) against the years the report states for its own period: 统计期限
…年1月1日至…年12月31日, 本年度（20XX年）, and years in table headings."""
from __future__ import annotations

import re

from govlint import hookimpl
from govlint.syntax.tree import Paragraph, Table
from govlint.model.cell_numbers import read_number
from govlint.model.quantities import prose_paragraphs
from govlint.plugins.rule import Rule

_Y = r"(?:19|20)\d{2}"
# Each pattern's named groups y1, y2 … are years that must equal the report year.
PERIOD = re.compile(
    r"(?:统计期限|统计时间|统计期间|统计区间|统计周期|统计范围|数据统计|统计截止)[^。；]{0,16}?"
    rf"(?P<y1>{_Y})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    rf"(?:(?P<y2>{_Y})\s*年\s*)?12\s*月\s*31\s*日")
THIS_YEAR = re.compile(rf"本年度?\s*[（(]\s*(?P<y1>{_Y})\s*年?度?\s*[)）]")
PATTERNS = ((PERIOD, "统计期限", "统计"), (THIS_YEAR, "“本年度”", "本年"))   # pattern, its name, a word it needs
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
        for paragraph in prose_paragraphs(report.document):
            for pattern, what, word in PATTERNS:
                if word not in paragraph.text:
                    continue
                for m in pattern.finditer(paragraph.text):
                    for group in ("y1", "y2"):
                        if m.groupdict().get(group) and int(m.group(group)) != year:
                            yield self.diagnostic(
                                paragraph.span_of(m.start(group), m.end(group)),
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
            # A year is written with 年: the other cells (most of them: numbers) are passed over.
            candidates += [c for row in table.rows for c in row.cells
                           if "年" in c.text and not read_number(c.text).numeric]
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


def _is_caption(block: Paragraph) -> bool:
    text = block.text
    return len(text) <= 40 and ("表" in text or "情况" in text)


@hookimpl
def govlint_rules():
    return [YearMismatch]
