"""quantities() (issue 17, round 17) against the reading it replaced, kept here as the
oracle: patterns without the look-behind and the atomic number, a regex scan of the whole
paragraph for its sentence starts and brackets, and each phrase found in a reversed slice.
Every Quantity must come out the same, field by field."""
from __future__ import annotations

import re
from bisect import bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.model import clauses as C, quantities as Q
from govlint.model.clauses import sentence_spans
from govlint.model.quantities import Quantity
from govlint.model.prose import prose_paragraphs
from oracle import built_reports


_ARABIC = re.compile(r"(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?)\s?(?P<about>多|余)?(?P<wan>万(?!元))?\s?"
                     r"(?P<unit>" + Q._UNIT + ")")
_CHINESE = re.compile(r"(?P<cn>[零〇两一二三四五六七八九十百千]+)(?P<cunit>" + "|".join(Q.COUNT_UNITS) + ")")
_FULLWIDTH = re.compile("[０-９．％]")
# The former reading's sentence starts (a regex scan of the whole paragraph) and bracket
# depths (kept for every paragraph) are what clauses.py still has: used from there.
_sentence_starts, _BracketDepth = C._sentence_starts, C._BracketDepth


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    starts = _sentence_starts(text)
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(text)]) if s < e]


def _phrase_before(text: str, start: int) -> str:
    begin = max(0, start - C.MAX_PHRASE)
    for m in C._PHRASE_BREAK.finditer(text[begin:start][::-1]):
        at = start - 1 - m.start()
        if not (m.group() in ",:" and C._between_digits(text, at)):
            begin = at + 1
            break
    return text[begin:start].strip(C._PAD)


def _quantity(text, m, depth, starts):
    start, end = m.start(), m.end()
    if m.re is _ARABIC:
        number = m.group("num")
        if "," in number and not Q._GROUPED.fullmatch(number):
            cut = number.rindex(",") + 1
            number, start = number[cut:], start + cut
        if start and text[start - 1] in Q._NOT_BEFORE_NUMBER:
            return None
        value = Q._arabic(number, bool(m.group("wan")))
        unit = "%" if m.group("unit") in ("%", "％") else m.group("unit")
        number_end = m.start("unit")
        about = bool(m.group("about"))
    else:
        if start and text[start - 1] in Q._NOT_BEFORE_CHINESE:
            return None
        unit = m.group("cunit")
        after = text[m.end(): m.end() + 1]
        if after and after in Q._WORD_AFTER.get(unit[-1], ""):
            return None
        value = Q.chinese_number(m.group("cn"))
        if value is None:
            return None
        number_end, about = m.start("cunit"), False
    approximate = about or Q._approximate_before(text, start) or text.startswith(Q.APPROX_AFTER, end)
    sentence_start = starts[bisect_right(starts, start) - 1]
    return Quantity(value, unit, text[start:end], start, end, number_end, _phrase_before(text, start),
                    sentence_start, depth.at(start) > 0, approximate)


def quantities_before(text: str) -> tuple[Quantity, ...]:
    """quantities() as it was before round 17."""
    folded = text.translate(Q._FULLWIDTH_DIGITS) if _FULLWIDTH.search(text) else text
    matches = sorted(list(_ARABIC.finditer(folded)) + list(_CHINESE.finditer(folded)), key=lambda m: m.start())
    if not matches:
        return ()
    depth = _BracketDepth(folded)
    starts = _sentence_starts(folded)
    out = []
    for m in matches:
        q = _quantity(folded, m, depth, starts)
        if q is not None:
            out.append(q)
    return tuple(out)


def _same(text: str) -> None:
    now, before = Q.quantities.__wrapped__(text), quantities_before(text)
    assert now == before
    assert [tuple(map(type, q)) for q in now] == [tuple(map(type, q)) for q in before]
    assert sentence_spans(text) == _sentence_spans(text)


# Prose made of what the reading looks at: digits (ASCII and full-width), numerals, units and
# the words around them, brackets, sentence and clause marks, white space.
PIECES = (list("0123456789０１２３４５６７８９,.，。；：、;！？!?\n （）()％%万余多约近超逾足到以上左右元件条次篇个项场份人性例目额第A-/")
          + list("零〇两一二三四五六七八九十百千") + ["以上", "左右", "不足", "不到", "万元", "人次", "件次", "共收到申请",
                                                 "其中", "同比增长", "比去年同期", "1,234", "3,5", "12.5", "\u3000",
                                                 "约\n", "不到\n", "5件", "12条", "30%", "260人次", "三件"])
PROSE = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=3000, deadline=None)
@given(PROSE)
def test_quantities_read_as_before(text):
    _same(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.integers(0, 120))
def test_long_phrases_are_cut_as_before(tail, length):
    """A phrase longer than MAX_PHRASE, with breaks before and inside that stretch."""
    _same("，" + "字" * length + tail)


@pytest.mark.parametrize("text", [
    "2023年共收到申请54件，其中1,234条、3,5件、12.5万元、约260人次、20多个、13万余条。",
    "第十二条规定，一二三件，三件，两场（四份），十一个人，一次性",
    "比去年同期（13152条）增长27.1%。)（（5件））6件(7件",
    "A12件 .5件 -3件 1.2.3件 １２次，占３０％\n约\n5件不足3件",
    "1,2345件 12,345件 1,234,56件 ٣件 ０３件",
])
def test_examples_read_as_before(text):
    _same(text)


def test_built_reports_read_as_before():
    """Every prose paragraph of the seed reports (when present) and of the test data."""
    read = 0
    for _, report in built_reports():
        for paragraph in prose_paragraphs(report.document, title=True):
            _same(paragraph.text)
            read += 1
    assert read > 100
