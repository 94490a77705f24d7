"""GL501 place-name: the report's own place (from its title) written elsewhere in the
report with another administrative suffix (拱墅市 for 拱墅区)."""
from __future__ import annotations

import re

from linter import hookimpl
from linter.ast import Paragraph
from linter.diagnostic import Fix
from linter.rule import Rule

SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "街道", "省", "市", "区", "县", "旗", "盟", "镇", "乡")
# Characters that, right after a suffix character, make an ordinary word rather than a
# place (杭州区域, 拱墅市场, 大源镇域): stem + suffix + one of these is not a place name.
WORD_AFTER = {
    "区": "域划块间位段内外级",
    "市": "场民政值容貌级内外区委",
    "县": "域城级委",
    "镇": "域区级",
    "乡": "村镇土亲级",
    "省": "级委内外",
    "旗": "帜",
}
MIN_STEM = 2


def split_place(name: str) -> tuple[str, str] | None:
    """拱墅区 -> (拱墅, 区); None when the name has no known suffix or too short a stem."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM:
            return name[: -len(suffix)], suffix
    return None


class PlaceName(Rule):
    """本单位的地名（取自报告标题，如“杭州市拱墅区”）在正文中写错了行政区划后缀。

    为什么：把“拱墅区”写成“拱墅市”是公开报告中最显眼的错误之一，读者会据此质疑整份报告的严谨。

    错误示例：2020年，拱墅市将切实落实……      （标题为“杭州市拱墅区”）
    正确示例：2020年，拱墅区将切实落实……
    """

    code, name, severity = "GL501", "place-name", "error"
    options = {"ignore": []}

    def check(self, report):
        ignored = set(self.config["ignore"])
        for place in report.meta.places:
            parts = split_place(place)
            if parts is None:
                continue
            stem, suffix = parts
            wrong = [s for s in SUFFIXES if s != suffix]
            pattern = re.compile(re.escape(stem) + "(" + "|".join(map(re.escape, wrong)) + ")")
            for paragraph in report.document.paragraphs():
                if paragraph in report.document.title:
                    continue
                yield from self._scan(paragraph, pattern, place, stem, ignored)

    def _scan(self, paragraph: Paragraph, pattern, place: str, stem: str, ignored: set[str]):
        text = paragraph.text
        for m in pattern.finditer(text):
            written = m.group(0)
            after = text[m.end(): m.end() + 1]
            if written in ignored or (after and after in WORD_AFTER.get(m.group(1), "")):
                continue
            yield self.diagnostic(paragraph.span_of(m.start(), m.end()), f"“{written}”应为“{place}”：本报告单位所在地是{place}（见标题）",
                                  Fix(place))


@hookimpl
def govlint_rules():
    return [PlaceName]
