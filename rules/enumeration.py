"""GL803 enumeration-order: the markers of an enumeration in the prose (一是…三是…, （一）…（三）…,
1. 2. 2.) out of order — skipped, repeated or reversed. Only the report's prose is read; table
debris written as prose and references such as 第二十条第（一）项 are left alone."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from govlint import hookimpl
from govlint.model.joined_texts import JoinedTexts
from govlint.model.quantities import chinese_number
from govlint.model.templates.national import TEMPLATE_2019, TEMPLATE_2021
from govlint.plugins.rule import Rule
from govlint.syntax.tree import Paragraph


def is_basic_han(ch: str) -> bool:
    """A character of the CJK Unified Ideographs block (U+4E00-U+9FFF)."""
    return "\u4e00" <= ch <= "\u9fff"


_CN = "一二三四五六七八九十"
# Each style: a pattern whose group "n" is the number, matched where its anchor (a literal
# the search skips to: much faster than a regular expression tried at every character)
# says it may start; a marker must also start a clause (BOUNDARY before it).
BOUNDARY = set("。；;：:！？!?，,）)]】 \u3000\t\u00a0")
STYLES = {
    "point": re.compile(rf"(?P<n>[{_CN}]{{1,3}})是(?![非否])"),
    "cn_paren": re.compile(rf"[（(](?P<n>[{_CN}]{{1,3}})[）)](?![项款条目])"),
    "num_paren": re.compile(r"[（(](?P<n>\d{1,2})[）)](?![项款条目\d])"),
    "num": re.compile(r"(?P<n>\d{1,2})(?:[、．]|\.(?!\d))(?![\d%％年月日])"),
    "ordinal": re.compile(rf"第(?P<n>[{_CN}]{{1,3}})[，,、：:]"),
}
# anchor literal → (styles, how far back over which characters the marker may start)
ANCHORS = (("是", ("point",), _CN), ("（", ("cn_paren", "num_paren"), ""), ("(", ("cn_paren", "num_paren"), ""),
           ("、", ("num",), "0123456789"), (".", ("num",), "0123456789"), ("．", ("num",), "0123456789"),
           ("第", ("ordinal",), ""))


def _occurrences(literal: str, back: str) -> re.Pattern:
    """Finds `literal` where a marker may end in it: with `back`, only where one of those
    characters stands before it. Led by the literal, the search skips in C to each
    occurrence and tests the character before it there: most 、 of the prose follow no digit."""
    found = re.escape(literal)
    return re.compile(f"{found}(?<=[{re.escape(back)}]{found})" if back else found)


_OCCURRENCES = {literal: _occurrences(literal, back) for literal, _, back in ANCHORS}


# The markers of a paragraph's start that continue from paragraph to paragraph in a section.
LEADING = ("cn_paren", "num", "point")
# A paragraph led by a marker of one of these styles starts a new list of the styles below it.
RESETS = {"cn_paren": ("num", "num_paren", "point", "ordinal"), "num": ("num_paren", "point", "ordinal")}
_LEADING_PAD = " \u3000\t\u00a0"
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")      # matched at the start only
_LEADING_START = frozenset(_LEADING_PAD + "[")         # what a text starting past 0 starts with


def _lead_at(text: str) -> int:
    """Where a paragraph's own words start: after its padding and a [bookmark: …] left over
    (most start with neither: answered without copying the text by lstrip)."""
    if text[:1] not in _LEADING_START:
        return 0
    words = text.lstrip(_LEADING_PAD)
    bookmark = _BOOKMARK.match(words)
    if bookmark is not None:
        words = words[bookmark.end():].lstrip(_LEADING_PAD)
    return len(text) - len(words)


def _number(style: str, text: str) -> int | None:
    if style in ("num", "num_paren"):
        return int(text)
    return chinese_number(text)


def _cn_numeral(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + (_CN[n - 11] if n > 10 else "")
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _numeral(style: str, n: int) -> str:
    return str(n) if style in ("num", "num_paren") else _cn_numeral(n)


@lru_cache(maxsize=1)
def _table_labels() -> tuple[str, ...]:
    """The template's row labels of table 三 without their ordinals (予以公开, 属于国家秘密 …):
    a lost table row exported as a line of prose starts with one of these."""
    labels = set()
    for template in (TEMPLATE_2019, TEMPLATE_2021):
        for row in template.table("t3").rows:
            for label in row.labels:
                if label:
                    labels.add(re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\.)", "", label))
    return tuple(sorted(labels))


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _table_characters() -> frozenset[str]:
    """Every character of the template tables' labels (表三, 表四 headers and rows)."""
    chars: set[str] = set()
    for template in (TEMPLATE_2019, TEMPLATE_2021):
        for key in ("t3", "t4"):
            spec = template.table(key)
            texts = list(spec.header_labels) + [c.label for c in spec.columns]
            texts += [label for row in spec.rows for label in row.labels if label]
            for text in texts:
                chars.update(text)
    return frozenset(chars)


_SENTENCE_MARKS = re.compile(r"[，。；：、,;:！？!?]")


def table_header_line(text: str) -> bool:
    """A line of a table's header exported as prose (结果结果其他尚未, 总计总计): no sentence
    punctuation, and only characters of the template tables' labels."""
    if _SENTENCE_MARKS.search(text):
        return False
    han = [ch for ch in text if is_basic_han(ch)]
    table = _table_characters()
    return bool(han) and all(ch in table for ch in han)


def _table_debris(rest: str) -> bool:
    """A paragraph that is a table row label cut off (（三）不, 2.其他法律行政法规禁)."""
    m = _HAN_RUN.match(rest.lstrip(_LEADING_PAD))
    return bool(m) and m.group() in _label_prefixes()


@lru_cache(maxsize=1)
def _label_prefixes() -> frozenset[str]:
    return frozenset(label[:k] for label in _table_labels() for k in range(1, len(label) + 1))


@dataclass
class _Marker:
    """A sequence marker (一、 （一） 1.) found in a paragraph."""

    style: str
    n: int
    start: int
    end: int
    leading: bool
    before: str          # the marker as written around its number: "（" "）", "" "、", "第" ""
    after: str

    def label(self, n: int | None = None) -> str:
        return self.before + _numeral(self.style, self.n if n is None else n) + self.after


_START = attrgetter("start")


class EnumerationOrder(Rule):
    """列举的序号跳号、重号或顺序颠倒：“一是……三是……”“（一）……（三）……”“1. 2. 2. ……”
    “第二……第一……第三”。

    为什么：序号错乱多是增删条目后没有重新编号，读者会以为漏了一条。同一段中的列举逐个检查；
    段首的序号（（一）小标题、1、条目、一是）在同一部分的相连段落中接续检查，上一级序号出现后
    下一级重新编号。从头（一、（一）、1.）重新开始的列举不算错；第一个序号不是“一”的不报告
    （可能接在前文之后）；表格、“第二十条第（一）项”这类引用和“1、2月”这类数字不检查。

    错误示例：一是加强组织领导；二是完善工作制度；四是强化监督检查。
    正确示例：一是加强组织领导；二是完善工作制度；三是强化监督检查。
    """

    code, name, severity = "GL803", "enumeration-order", "warning"

    def check(self, report):
        document = report.document
        groups = [[block for block in blocks if isinstance(block, Paragraph) and block.kind != "page_number"]
                  for blocks in [document.preamble] + [section.blocks for section in document.sections]]
        occurrences = _anchored([paragraph.text for paragraphs in groups for paragraph in paragraphs])
        index = 0
        for paragraphs in groups:
            state: dict[str, int] = {}      # per section: the last number of each paragraph-leading list
            for paragraph in paragraphs:
                found = occurrences.get(index)
                index += 1
                if found is not None:       # a paragraph without an anchor holds no marker
                    yield from self._paragraph(paragraph, state, self._markers(paragraph.text, found))

    def _paragraph(self, paragraph: Paragraph, state: dict[str, int], markers: list[_Marker]):
        text = paragraph.text
        if not markers:
            return
        lead = markers[0] if markers[0].leading else None
        if lead is not None and lead.style in LEADING and _table_debris(text[lead.end:]):
            return
        if lead is not None:
            for lower in RESETS.get(lead.style, ()):
                state.pop(lower, None)
        chain: dict[str, int] = {}
        for marker in markers:
            if marker.leading and marker.style in LEADING:
                previous = state.get(marker.style)
            else:
                previous = chain.get(marker.style)
            problem = self._problem(marker, previous)
            if problem:
                yield self.diagnostic(paragraph.span_of(marker.start, marker.end), problem)
            chain[marker.style] = marker.n
        if lead is not None and lead.style in LEADING:
            state[lead.style] = chain[lead.style]

    @staticmethod
    def _problem(marker: _Marker, previous: int | None) -> str | None:
        if previous is None or marker.n == 1 or marker.n == previous + 1:
            return None
        here, before, expected = marker.label(), marker.label(previous), marker.label(previous + 1)
        if marker.n == previous:
            return f"列举序号“{here}”与上一项重复，应为“{expected}”"
        if marker.n > previous + 1:
            missing = "、".join(f"“{marker.label(k)}”" for k in range(previous + 1, min(marker.n, previous + 4)))
            return f"列举序号跳号：“{before}”之后是“{here}”，缺少{missing}"
        return f"列举序号顺序颠倒：“{before}”之后是“{here}”，应为“{expected}”"

    @staticmethod
    def _markers(text: str, occurrences: list[tuple[int, int]] | None = None) -> list[_Marker]:
        """The markers of `text`, from its `occurrences` (_anchored's: (anchor, position) in
        the order of ANCHORS, then of the text; sought here when not given)."""
        if occurrences is None:
            occurrences = _anchored([text]).get(0, ())
        lead_at = _lead_at(text) if occurrences else None
        found = []
        for anchor, at in occurrences:
            _, styles, back = ANCHORS[anchor]
            start = at
            while back and start > 0 and at - start < 3 and text[start - 1] in back:
                start -= 1      # at least one: _OCCURRENCES found one of `back` before `at`
            if start and start != lead_at and text[start - 1] not in BOUNDARY:
                continue
            for style in styles:
                m = STYLES[style].match(text, start)
                if m is None:
                    continue
                n = _number(style, m.group("n"))
                if n is None or n == 0 or n > 30:
                    break
                before = text[m.start():m.start("n")]
                after = text[m.end("n"):m.end()].rstrip("，,：:")
                found.append(_Marker(style, n, m.start(), m.end("n") + len(after), m.start() == lead_at,
                                     before, after))
                break
        if len(found) > 1:
            found.sort(key=_START)
        return found


def _anchored(texts: list[str]) -> dict[int, list[tuple[int, int]]]:
    """By the index of a text, where in it ANCHORS' literals stand as _OCCURRENCES finds them:
    (the anchor's index, the position), in the order of ANCHORS, then of the text. Sought in
    all the texts joined by line breaks (a line break is none of `back`: a look-behind
    sees no more at a text's start than in the text alone), one search per literal the
    texts hold: most paragraphs hold none, and were each tested for every literal. A literal
    without `back` is found by str.find (~0.4 instructions a character, where the regex
    engine's scan for a literal costs ~3): each of its occurrences is one anyway."""
    joined = JoinedTexts(texts)
    text, locate = joined.text, joined.locate
    found: dict[int, list[tuple[int, int]]] = {}
    for anchor, (literal, _, back) in enumerate(ANCHORS):
        if literal not in text:
            continue
        if back:
            for occurrence in _OCCURRENCES[literal].finditer(text):
                i, at = locate(occurrence.start())
                found.setdefault(i, []).append((anchor, at))
            continue
        position = text.find(literal)
        while position >= 0:
            i, at = locate(position)
            found.setdefault(i, []).append((anchor, at))
            position = text.find(literal, position + 1)
    return found


@hookimpl
def govlint_rules():
    return [EnumerationOrder]
