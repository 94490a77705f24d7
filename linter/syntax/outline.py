"""The outline pass: finds the title lines and the six template sections in the flat list
of blocks the parser produced. Heading wordings come from templates/sections.py."""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from govlint.syntax.tree import Document, Paragraph, Section, Span, new_span
from govlint.model.templates.sections import ORDINALS, SECTIONS, SectionSpec
from govlint.syntax.labels import norm_label

_CN = "一二三四五六七八九十"
# Markdown heading marks (## 三、…) in text copied from a converter: not part of the heading.
_MARKUP = re.compile(r"^#{1,6}[ \u3000]*")
# Ways a section's ordinal is written, the template's (三、) first. The others (三. 第三部分
# 3、 “三 ” with a space) still make a heading, one that GL103 reports.
_ORDINALS = (
    (re.compile(r"^([一二三四五六七八九十]{1,2})[ \u3000]*、[ \u3000]*"), "template"),
    (re.compile(r"^([一二三四五六七八九十]{1,2})[ \u3000]*[.．,，][ \u3000]*"), "other"),
    (re.compile(r"^第([一二三四五六七八九十]{1,2})部分[ \u3000]*[、.．:：]?[ \u3000]*"), "other"),
    (re.compile(r"^([0-9０-９]{1,2})[ \u3000]*[、.．][ \u3000]*"), "arabic"),
    (re.compile(r"^([一二三四五六七八九十]{1,2})[ \u3000]+(?=[^ \u3000])"), "spaced"),
)
MAX_HEADING_CHARS = 40
MAX_TITLE_LINES = 4
# How close a heading's wording must be to the template's to count as that heading.
ORDINAL_HEADING_SIMILARITY = 0.72
BARE_HEADING_SIMILARITY = 0.9


class HeadingParts(NamedTuple):
    """A heading cut into its ordinal, wording and the style of its numbering."""

    ordinal: str | None      # 三 (a 3、 is read as 三), None when the line has none
    title: str               # the wording after the ordinal
    prefix: str              # what stands before the wording, as written (## 三、, 3. …)
    style: str               # template (三、) | other (三. 第三部分) | arabic (3、) | spaced (三 …) | ""

    @property
    def as_template(self) -> bool:
        """The ordinal written as the template writes it: 三、 and no markup before it."""
        return self.style == "template" and not _MARKUP.match(self.prefix)


@lru_cache(maxsize=1 << 12)
def split_heading(text: str) -> HeadingParts:
    markup = _MARKUP.match(text)
    rest = text[markup.end():] if markup else text
    for pattern, style in _ORDINALS:
        m = pattern.match(rest)
        if m:
            written = m.group(1)
            if style == "arabic":
                number = int(written.translate({0xFF10 + i: 0x30 + i for i in range(10)}))
                ordinal = _CN[number - 1] if 1 <= number <= len(_CN) else None
                if ordinal is None:
                    continue
            else:
                ordinal = written
            end = (markup.end() if markup else 0) + m.end()
            return HeadingParts(ordinal, text[end:], text[:end], style)
    return HeadingParts(None, rest, text[: len(text) - len(rest)], "")


def heading_parts(paragraph: Paragraph) -> tuple[str | None, str]:
    """(ordinal or None, title without ordinal) of a heading-shaped line: 三、 三. 第三部分
    and, in a heading, 3、 or “三 ” too (see split_heading)."""
    parts = split_heading(paragraph.stripped)
    return parts.ordinal, parts.title


def match_section(paragraph: Paragraph) -> tuple[SectionSpec, float] | None:
    """Which template section this line heads, with how close its wording is (1.0 = exact).
    A line numbered 3、 or “三 ” (item-like) heads a section only when its number is that
    section's."""
    text = paragraph.stripped
    if paragraph.kind not in _HEADING_KINDS or len(text) > MAX_HEADING_CHARS:
        return None
    return _section_of(paragraph.kind, text)


# The kinds of line that may head a section (an item only when numbered 3、).
_HEADING_KINDS = ("section", "text", "item")


def _section_of(kind: str, text: str) -> tuple[SectionSpec, float] | None:
    """match_section of a line of one of _HEADING_KINDS, short enough, given its stripped text."""
    parts = split_heading(text)
    title = norm_label(parts.title)
    if not title or "。" in title:
        return None
    loose = parts.style in ("arabic", "spaced")
    if kind == "item" and parts.style != "arabic":
        return None
    needed = ORDINAL_HEADING_SIMILARITY if parts.ordinal else BARE_HEADING_SIMILARITY
    best = _closest_section(title, needed)
    if best is None:
        return None
    if loose and best[0].ordinal != parts.ordinal:
        return None
    return best


@lru_cache(maxsize=1 << 12)   # the same lines recur in report after report
def _closest_section(title: str, needed: float) -> tuple[SectionSpec, float] | None:
    """The section whose wording is most like `title` (the first of equals), with the ratio,
    if that ratio is at least `needed` (else None: the line heads no section, whichever
    wording comes closest). A wording whose upper bounds (real_quick_ratio, quick_ratio)
    cannot reach `needed`, nor beat the best so far, is not compared in full: the same
    answer, a fraction of the work. Most lines that are not headings (a report's title
    lines, different in every report, so that the cache does not keep them from one report
    to the next) are too long, or too unlike every wording, to be compared in full with any."""
    best: tuple[SectionSpec, float] | None = None
    least = needed          # the least ratio that still counts: then, one beating the best
    length = len(title)
    for spec, wording, size, counts, matcher in _wordings():
        if title == wording:
            ratio = 1.0
        else:
            # real_quick_ratio (the same formula), without its two calls; then a bound above
            # quick_ratio made in C: as if each character the two share matched as often as
            # the wording has it (quick_ratio's Python loop reads every character).
            if 2.0 * min(length, size) / (length + size) < least or \
                    2.0 * sum(map(counts.__getitem__, counts.keys() & title)) / (length + size) < least:
                continue
            matcher.set_seq1(title)
            if matcher.quick_ratio() < least:
                continue
            ratio = matcher.ratio()
        if ratio >= least:
            best = (spec, ratio)
            least = math.nextafter(ratio, 2.0)
    return best


@lru_cache(maxsize=1)
def _wordings() -> list[tuple[SectionSpec, str, int, dict[str, int], difflib.SequenceMatcher]]:
    """Every section's wordings, current and former, normalised, each with its length, how
    often each character is in it, and a matcher that has indexed it (SequenceMatcher
    indexes its second sequence)."""
    found = []
    for spec in SECTIONS:
        for wording in spec.titles + spec.former:
            wording = norm_label(wording)
            found.append((spec, wording, len(wording), dict(Counter(wording)),
                          difflib.SequenceMatcher(None, "", wording)))
    return found


def build_outline(document: Document) -> None:
    blocks = document.blocks
    document.title = _title(blocks)
    body = blocks[len(document.title):]        # the title is the leading lines
    # The lines that may head a section, with their stripped text (each stripped once): the
    # short prose lines of _HEADING_KINDS. Blocks are keyed by identity (nodes compare so).
    short = {b: text for b in body if isinstance(b, Paragraph) and b.kind in _HEADING_KINDS
             and len(text := b.stripped) <= MAX_HEADING_CHARS}
    matches = {b: found for b, text in short.items() if (found := _match(b.kind, text))}
    # A 3、 or “三 ” line is a heading only where no line heads that section with 三、 or 三.:
    # else it is an item inside a section (2、主动公开政府信息情况 under 一、总体情况).
    loose = [b for b in matches if split_heading(short[b]).style in ("arabic", "spaced")]
    firm = {m[0].number for b, m in matches.items() if b not in loose}
    for b in loose:
        if matches[b][0].number in firm:
            del matches[b]
    worded = {m[0].number for m in matches.values()}
    current: Section | None = None
    seen: set[int] = set()
    for block in body:
        match = matches.get(block)
        if match is not None:
            number = match[0].number
        else:
            text = short.get(block)
            number = _number_by_ordinal(block.kind, text, seen, worded) if text is not None else None
        if number and number not in seen:
            seen.add(number)
            current = Section(block.span, number, block)
            document.sections.append(current)
            continue
        if current is None:
            document.preamble.append(block)
        else:
            current.blocks.append(block)
    for section in document.sections:
        if section.blocks:        # from its heading to its last block
            section.span = _extend(section.span, section.blocks[-1].span)


def _match(kind: str, text: str) -> tuple[SectionSpec, float] | None:
    """match_section (of a line of `kind` with stripped `text`), except that a wording only
    loosely like another section's gives way to the line's own ordinal
    (三、依申请公开政府信息情况 is 三, not 二、主动公开政府信息情况)."""
    found = _section_of(kind, text)
    if found is None or found[1] >= BARE_HEADING_SIMILARITY:
        return found
    ordinal = split_heading(text).ordinal
    return None if ordinal and ordinal != found[0].ordinal else found


def _number_by_ordinal(kind: str, text: str, seen: set[int], worded: set[int]) -> int | None:
    """A heading in its place by its ordinal though not by its wording (三、依申请公开情况): a
    short 一、…六、 line (or 三. 第三部分 ## 三、) for a section that no line names and that
    comes after those found (`text`: the stripped text of a line build_outline found short)."""
    if kind not in ("section", "text"):
        return None
    parts = split_heading(text)
    if parts.style not in ("template", "other"):
        return None
    ordinal, title = parts.ordinal, parts.title
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
    return new_span(Span, (span.line, span.column, other.end_line, other.end_column, span.offset, other.end_offset))
