"""The fast paths of the prose rules of round 13 of issue 17 against the code they replaced,
kept here as oracles: each gives what the former code gave, on many generated inputs."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import build_report
from govlint.read.text import from_text
from govlint.rules import enumeration, typography
from govlint.run.engine import Linter
from govlint.syntax.tree import Paragraph

SETTINGS = dict(max_examples=800, deadline=None)
_LINTER = Linter()


def _report(lines: list[str]):
    """A report built around `lines`, set as the prose of sections 一 and 五."""
    return _LINTER.build_report(from_text(build_report(prose={1: lines, 5: lines[::-1]}), "t.txt"))


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
