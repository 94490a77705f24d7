"""The fast paths of the prose rules of round 13 of issue 17 against the code they replaced,
kept here as oracles: each gives what the former code gave, on many generated inputs."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import build_report
from govlint.read.text import from_text
from govlint.model.cell_numbers import read_number
from govlint.model.prose import prose_paragraphs
from govlint.rules import enumeration, typography, years
from govlint.run.engine import Linter
from govlint.syntax.tree import Paragraph, Table

SETTINGS = dict(max_examples=800, deadline=None)
_LINTER = Linter()


def _report(lines: list[str], **kwargs):
    """A report built around `lines`, set as the prose of sections 一 and 五."""
    return _LINTER.build_report(from_text(build_report(prose={1: lines, 5: lines[::-1]}, **kwargs), "t.txt"))


def _key(d):
    return (d.offset, d.end_offset, d.code, d.severity, d.message, d.fix)


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


# Han characters that end an issuing office (发 函 …) and others, a run longer than an org,
# the brackets, digits, 第, 号 and white space of document numbers, and text around them.
DOC_TEXT = st.lists(st.sampled_from(list("国办发函字令〔〕[]【】()（）［］第号 012349杭政，。a") +
                                    ["2019", "19", "014", "浙江省人民政府办公厅关于", "国办发〔2019〕14号"]),
                    max_size=30).map("".join)


@settings(**SETTINGS)
@given(DOC_TEXT)
def test_document_numbers_are_found_as_by_the_whole_pattern(text):
    """GL603 tries DOC_NUMBER only before the matches of its tail: the same matches."""
    assert _spans(typography.doc_numbers(text)) == _spans(typography.DOC_NUMBER.finditer(text))


def test_document_numbers_after_each_other_and_long_offices():
    text = "依据国办发〔2019〕14号国办函[2020]3号和浙江省人民政府办公厅关于做好工作的通知发（2018）第014号"
    assert len(list(typography.doc_numbers(text))) == 3
    assert _spans(typography.doc_numbers(text)) == _spans(typography.DOC_NUMBER.finditer(text))


# ---------------------------------------------------------------- GL803
def _markers_before(text: str) -> list:
    """EnumerationOrder._markers as it was: each literal of ANCHORS sought in the text."""
    e = enumeration
    lead_at = None
    found = []
    for literal, styles, back in e.ANCHORS:
        if literal not in text:
            continue
        for occurrence in e._OCCURRENCES[literal].finditer(text):
            at = start = occurrence.start()
            if lead_at is None:
                lead_at = e._lead_at(text)
            while back and start > 0 and at - start < 3 and text[start - 1] in back:
                start -= 1
            if start and start != lead_at and text[start - 1] not in e.BOUNDARY:
                continue
            for style in styles:
                m = e.STYLES[style].match(text, start)
                if m is None:
                    continue
                n = e._number(style, m.group("n"))
                if n is None or n == 0 or n > 30:
                    break
                before = text[m.start():m.start("n")]
                after = text[m.end("n"):m.end()].rstrip("，,：:")
                found.append(e._Marker(style, n, m.start(), m.end("n") + len(after), m.start() == lead_at,
                                       before, after))
                break
    found.sort(key=lambda mk: mk.start)
    return found


def _enumeration_before(rule, report):
    """EnumerationOrder.check as it was: every paragraph's markers sought on their own."""
    document = report.document
    for blocks in [document.preamble] + [section.blocks for section in document.sections]:
        state: dict[str, int] = {}
        for block in blocks:
            if isinstance(block, Paragraph) and block.kind != "page_number":
                yield from rule._paragraph(block, state, _markers_before(block.text))


ANCHOR_TEXT = st.lists(st.sampled_from(list("是（(、.．第）)一二三四十0123456789 \u3000。，；项条工作\n") +
                                       ["[bookmark: x]", "一是", "（二）", "3.", "第三，"]), max_size=24).map("".join)


@settings(**SETTINGS)
@given(st.lists(ANCHOR_TEXT, max_size=6))
def test_markers_are_found_as_in_each_text_alone(texts):
    """_anchored over the texts joined, then _markers, finds what _markers found in each
    text on its own."""
    occurrences = enumeration._anchored(texts)
    for i, text in enumerate(texts):
        assert enumeration.EnumerationOrder._markers(text, occurrences.get(i, [])) == _markers_before(text)
        assert enumeration.EnumerationOrder._markers(text) == _markers_before(text)
    assert set(occurrences) <= set(range(len(texts)))


MARKER = st.tuples(st.sampled_from(["{cn}是", "（{cn}）", "({n})", "{n}.", "{n}、", "第{cn}，", "{n}）"]),
                   st.integers(1, 5), st.sampled_from(["加强工作；", "完善制度。", "2019年", "", "第（一）项"]))
MARKED_LINE = st.lists(MARKER, min_size=1, max_size=4).map(
    lambda parts: "".join(form.format(cn=enumeration._cn_numeral(n), n=n) + words for form, n, words in parts))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(MARKED_LINE, ANCHOR_TEXT.map(lambda t: t.replace("\n", "")).filter(str.strip)),
                max_size=8))
def test_enumeration_order_finds_what_it_found(lines):
    report = _report(lines)
    rule = enumeration.EnumerationOrder()
    assert [_key(d) for d in rule.check(report)] == [_key(d) for d in _enumeration_before(rule, report)]


# ---------------------------------------------------------------- GL502
PERIOD_TEXT = st.lists(st.sampled_from(["统计期限", "数据统计", "数据", "统计", "统计截止", "为", "2019", "2018", "年",
                                        "1月1日", "01月01日", "至", "12月31日", " ", "。", "；", "本年度", "（", "）",
                                        "\n", "数"]), max_size=24).map("".join)


@settings(**SETTINGS)
@given(PERIOD_TEXT)
def test_statistics_periods_are_found_as_by_the_whole_pattern(text):
    """GL502 tries PERIOD only at 统计 and 数据统计: the same matches."""
    assert _spans(years._period(text)) == _spans(years.PERIOD.finditer(text))


def _year_mismatch_before(rule, report):
    """YearMismatch.check as it was: each paragraph tested for each pattern's word, every
    template table's cells tested for 年."""
    year = report.meta.year
    if year is None:
        return
    source = years.SOURCE_NAMES.get(report.meta.year_source, "标题")
    for paragraph in prose_paragraphs(report.document):
        for (pattern, what), word in zip(years.PATTERNS, ("统计", "本年")):
            if word not in paragraph.text:
                continue
            for m in pattern.finditer(paragraph.text):
                for group in ("y1", "y2"):
                    if m.groupdict().get(group) and int(m.group(group)) != year:
                        yield rule.diagnostic(
                            paragraph.span_of(m.start(group), m.end(group)),
                            f"{what}中的年份 {m.group(group)} 与报告年份 {year}（见{source}）不一致")
    document = report.document
    candidates = [s.heading for s in document.sections if s.heading is not None and s.number in years.TABLE_SECTIONS]
    blocks = document.blocks
    candidates += [blocks[i - 1] for i, b in enumerate(blocks)
                   if isinstance(b, Table) and i and isinstance(blocks[i - 1], Paragraph)
                   and years._is_caption(blocks[i - 1])]
    for table in (read.node for read in report.model.tables.values()):
        candidates += [c for row in table.rows for c in row.cells
                       if "年" in c.text and not read_number(c.text).numeric]
    seen = set()
    for node in candidates:
        if id(node) in seen:
            continue
        seen.add(id(node))
        for m in years.HEADING_YEAR.finditer(node.text):
            found = int(m.group("y1"))
            if found == year or rule._neighbour(node.text, found - year):
                continue
            yield rule.diagnostic(report.span(node.span.offset + m.start("y1"), node.span.offset + m.end("y1")),
                                  f"表格标题中的年份 {found} 与报告年份 {year}（见{source}）不一致")


YEAR_CELL = st.sampled_from(["2018年", "2019 年", "2018年结转1件", "本年", "3", "２０１８年", "2020\u3000年度", "年"])


STATED_YEAR = st.tuples(st.sampled_from(["本报告数据统计期限为{0}年1月1日至{1}年12月31日", "数据统计为{0}年01月01日到12月31日",
                                          "本年度（{0}年）", "本年（{1}）", "统计时间{0} 年1月1日起至{1}年12月31日；"]),
                        st.sampled_from([2018, 2019, 2020]), st.sampled_from([2018, 2019, 2020])).map(
    lambda t: t[0].format(t[1], t[2]))
PROSE_WITH_YEARS = st.lists(st.one_of(STATED_YEAR, PERIOD_TEXT.map(lambda t: t.replace("\n", "")).filter(str.strip)),
                            min_size=1, max_size=4).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(PROSE_WITH_YEARS, max_size=6),
       st.dictionaries(st.sampled_from(["t3.open.natural", "t3.carried.natural", "t3.new.legal", "t2.rules.made"]),
                       YEAR_CELL, max_size=3))
def test_year_mismatch_finds_what_it_found(lines, cells):
    report = _report(lines, cells=cells)
    rule = years.YearMismatch()
    assert [_key(d) for d in rule.check(report)] == [_key(d) for d in _year_mismatch_before(rule, report)]


def _anchored_before(texts: list[str]) -> dict:
    """enumeration._anchored as it was (round 15): every literal sought by its _OCCURRENCES."""
    joined = "\n".join(texts)
    starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
    found: dict = {}
    for anchor, (literal, _, _) in enumerate(enumeration.ANCHORS):
        for occurrence in enumeration._OCCURRENCES[literal].finditer(joined):
            i = max(k for k, start in enumerate(starts) if start <= occurrence.start())
            found.setdefault(i, []).append((anchor, occurrence.start() - starts[i]))
    return found


@settings(**SETTINGS)
@given(st.lists(ANCHOR_TEXT, max_size=6))
def test_anchors_found_by_str_find_as_by_their_patterns(texts):
    """_anchored finds the literals without a `back` by str.find: the same occurrences, in
    the same order, as each literal's pattern."""
    assert enumeration._anchored(texts) == _anchored_before(texts)


def test_anchors_of_both_kinds_in_several_texts():
    texts = ["一是（一）第一，", "", "3、（(2)", "工作。第三是二是"]
    found = enumeration._anchored(texts)
    assert found == _anchored_before(texts)
    assert {anchor for entries in found.values() for anchor, _ in entries} == {0, 1, 2, 3, 6}


def _lead_at_before(text: str) -> int:
    """enumeration._lead_at as it was: the padding stripped, then a bookmark sought."""
    words = text.lstrip(enumeration._LEADING_PAD)
    bookmark = enumeration._BOOKMARK.match(words)
    if bookmark is not None:
        words = words[bookmark.end():].lstrip(enumeration._LEADING_PAD)
    return len(text) - len(words)


@settings(**SETTINGS)
@given(st.lists(st.sampled_from([" ", "\u3000", "\t", "\u00a0", "[", "]", "[bookmark: x]", "[bookmark: ", "一是",
                                 "（一）", "工作", "\n"]), max_size=8).map("".join))
def test_lead_at_as_before(text):
    """_lead_at answers 0 at once for a text starting with neither padding nor [."""
    assert enumeration._lead_at(text) == _lead_at_before(text)
