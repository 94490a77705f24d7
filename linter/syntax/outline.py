"""The outline pass: finds the title lines and the six template sections in the flat list
of blocks the parser produced. Heading wordings come from templates/sections.py."""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from govlint.syntax.tree import Document, Paragraph, Section, Span
from govlint.model.templates.sections import ORDINALS, SECTIONS, SectionSpec
from govlint.syntax.labels import norm_label

_ORDINAL = re.compile(r"^[ \u3000]*([一二三四五六七八九十]{1,2})[ \u3000]*[、.．,，][ \u3000]*")
MAX_HEADING_CHARS = 40
MAX_TITLE_LINES = 4
# How close a heading's wording must be to the template's to count as that heading.
ORDINAL_HEADING_SIMILARITY = 0.72
BARE_HEADING_SIMILARITY = 0.9


def heading_parts(paragraph: Paragraph) -> tuple[str | None, str]:
    """(ordinal or None, title without ordinal) of a heading-shaped line."""
    text = paragraph.stripped
    m = _ORDINAL.match(text)
    if m:
        return m.group(1), text[m.end():]
    return None, text


def match_section(paragraph: Paragraph) -> tuple[SectionSpec, float] | None:
    """Which template section this line heads, with how close its wording is (1.0 = exact)."""
    if paragraph.kind not in ("section", "text") or len(paragraph.stripped) > MAX_HEADING_CHARS:
        return None
    ordinal, title = heading_parts(paragraph)
    title = norm_label(title)
    if not title or "。" in title:
        return None
    best = _closest_section(title)
    if best is None:
        return None
    needed = ORDINAL_HEADING_SIMILARITY if ordinal else BARE_HEADING_SIMILARITY
    return best if best[1] >= needed else None


@lru_cache(maxsize=1 << 12)   # the same lines recur in report after report
def _closest_section(title: str) -> tuple[SectionSpec, float] | None:
    best: tuple[SectionSpec, float] | None = None
    for spec in SECTIONS:
        for wording in spec.titles:
            wording = norm_label(wording)
            ratio = 1.0 if title == wording else difflib.SequenceMatcher(None, title, wording).ratio()
            if best is None or ratio > best[1]:
                best = (spec, ratio)
    return best


def build_outline(document: Document) -> None:
    blocks = document.blocks
    document.title = _title(blocks)
    title_ids = {id(p) for p in document.title}
    current: Section | None = None
    seen: set[int] = set()
    matches = {id(b): match_section(b) for b in blocks if isinstance(b, Paragraph) and id(b) not in title_ids}
    worded = {m[0].number for m in matches.values() if m}
    for block in blocks:
        if id(block) in title_ids:
            continue
        match = matches.get(id(block))
        number = match[0].number if match else _number_by_ordinal(block, seen, worded)
        if number and number not in seen:
            seen.add(number)
            current = Section(block.span, number, block)
            document.sections.append(current)
            continue
        if current is None:
            document.preamble.append(block)
        else:
            current.blocks.append(block)
            current.span = _extend(current.span, block.span)


def _number_by_ordinal(block, seen: set[int], worded: set[int]) -> int | None:
    """A heading in its place by its ordinal though not by its wording (三、依申请公开情况): a
    short 一、…六、 line for a section that no line names and that comes after those found."""
    if not isinstance(block, Paragraph) or block.kind != "section" or len(block.stripped) > MAX_HEADING_CHARS:
        return None
    ordinal, title = heading_parts(block)
    number = ORDINALS.find(ordinal or "-") + 1
    if (not number or "。" in title or number in worded or number <= max(seen, default=0)
            or any(ch.isdigit() for ch in title)):     # a table row copied as text: 四、结转… 0 0 0
        return None
    return number


def _title(blocks: list) -> list[Paragraph]:
    """The leading short lines on consecutive lines: 2019年…年度报告 / （杭州市拱墅区）."""
    title: list[Paragraph] = []
    for block in blocks:
        if not isinstance(block, Paragraph) or block.kind == "page_number":
            break
        text = block.stripped
        if (not text or len(text) > MAX_HEADING_CHARS or text.endswith("。")
                or match_section(block) or len(title) >= MAX_TITLE_LINES):
            break
        if title and block.span.line != title[-1].span.end_line + 1:
            break
        title.append(block)
    return title


def _extend(span: Span, other: Span) -> Span:
    return Span(span.line, span.column, other.end_line, other.end_column, span.offset, other.end_offset)
