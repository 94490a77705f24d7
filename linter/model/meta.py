"""What a report says about itself: its year and its own place (from the title, else the
statistics period), used by the template choice and the place-name rule."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.syntax.tree import Document, Paragraph

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "0": "0"}
_CN_YEAR = re.compile(r"([〇零○O0一二三四五六七八九]{4})\s*年")
_PERIOD = re.compile(r"(?:统计|数据|期限|时间)[^。]{0,30}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
# A place name in a title: a few characters ending in an administrative suffix.
PLACE = re.compile(r"[\u4e00-\u9fff]{1,9}?(?:特别行政区|自治州|自治县|自治旗|地区|街道|省|市|区|县|旗|盟|镇|乡)")
_REPORT_NAME = re.compile(r"政府信息公开(?:工作)?(?:年度)?报告|年度报告|政府信息公开工作|政府信息公开")


@dataclass
class ReportMeta:
    """What a report says of itself: its year and places (and where each was found)."""

    year: int | None = None
    year_source: str = ""                       # title | period | config
    places: list[str] = field(default_factory=list)   # 杭州市, 拱墅区 (outermost first)


def read_meta(document: Document, year: int | None = None, place: str | None = None) -> ReportMeta:
    meta = ReportMeta()
    title = "".join(p.stripped for p in document.title)
    if year:
        meta.year, meta.year_source = year, "config"
    else:
        meta.year = _year_in(title)
        meta.year_source = "title" if meta.year else ""
        if meta.year is None:
            meta.year = _period_year(document)
            meta.year_source = "period" if meta.year else ""
    meta.places = places_in(place) if place else places_in(_YEAR.sub("", title))
    return meta


def _year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        digits = "".join(_CN_DIGITS.get(c, "") for c in m.group(1))
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return int(digits)
    return None


def _period_year(document: Document) -> int | None:
    for block in document.blocks:
        if isinstance(block, Paragraph):
            m = _PERIOD.search(block.text)
            if m:
                return int(m.group(1))
    return None


def places_in(text: str) -> list[str]:
    """Administrative units named in a title or setting: 杭州市拱墅区 -> [杭州市, 拱墅区]."""
    return PLACE.findall(_REPORT_NAME.sub("|", text))
