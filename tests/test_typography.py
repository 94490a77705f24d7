"""GL601 punctuation-width, GL602 bracket-balance, GL603 doc-number-format, GL604
numeral-zero: our own sentences; the fix replaces exactly the reported span."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from builder import build_report, find_line
from govlint.run.engine import Linter

INTRO = "本年度政务公开情况如下。\n"


def lint(code: str, sentence: str):
    """Lint a short text whose line 2 is `sentence`."""
    text = INTRO + sentence + "\n"
    return text, Linter(select=[code]).lint_text(text).diagnostics


def spans(text: str, found) -> list[tuple[int, int, str, str | None]]:
    """(line, column, text at the span, fix replacement) per diagnostic."""
    return [(d.line, d.column, text[d.offset:d.end_offset], d.fix.replacement if d.fix else None) for d in found]


def apply(text: str, found) -> str:
    for d in sorted(found, key=lambda d: -d.offset):
        text = text[:d.offset] + d.fix.replacement + text[d.end_offset:]
    return text


# ---------------------------------------------------------------- GL601

@pytest.mark.parametrize("sentence, mark, fixed", [
    ("全年共收到申请228件,其中本年新收223件。", ",", "，"),
    ("要严肃批评,限期整改;对不履行的严肃处理。", ";", "；"),
    ("联系方式如下:电话和传真。", ":", "："),
    ("是否公开?请及时答复。", "?", "？"),
    ("根据有关规定,“予以公开”的20件。", ",", "，"),
])
def test_half_width_mark_between_chinese(sentence, mark, fixed):
    text, found = lint("GL601", sentence)
    first = next(d for d in found if d.column == sentence.index(mark) + 1)
    assert (first.code, first.rule, first.line, first.column) == ("GL601", "punctuation-width", 2,
                                                                  sentence.index(mark) + 1)
    assert (text[first.offset:first.end_offset], first.fix.replacement, first.fix.safe) == (mark, fixed, True)


def test_every_mark_is_reported_and_fixed():
    sentence = "在明确职责的基础上,对工作不力等情况要严肃批评,限期整改;对不履行主动公开严肃处理。"
    text, found = lint("GL601", sentence)
    assert [s[2] for s in spans(text, found)] == [",", ",", ";"]
    assert apply(text, found) == INTRO + "在明确职责的基础上，对工作不力等情况要严肃批评，限期整改；对不履行主动公开严肃处理。\n"


def test_half_width_brackets_around_chinese():
    sentence = "《条例》(以下简称条例)规定。"
    text, found = lint("GL601", sentence)
    assert spans(text, found) == [(2, 5, "(", "（"), (2, 12, ")", "）")]


@pytest.mark.parametrize("sentence", [
    "网址：http://www.example.gov.cn/a,b;c?x=1&y=2，欢迎访问。",
    "邮箱：gk,office@example.gov.cn。",
    "共公开信息1,234条，每天9:00开始受理。",
    "He said: Hello, world! 这是外文段落。",
    "新媒体(APP)已上线。",                         # Latin inside the brackets
    "联系(电话：0571-12345678）。",                 # mixed widths: GL602's
    "（一）主动公开情况：全年公开信息100条。",
])
def test_punctuation_near_misses(sentence):
    assert lint("GL601", sentence)[1] == []


def test_table_cells_are_not_prose():
    text = build_report(year=2019, cells={"t3.new.natural": "不详,待查"})
    assert Linter(select=["GL601"]).lint_text(text).diagnostics == []


def test_title_is_checked():
    text = build_report(year=2019, title=["2019年政府信息公开工作年度报告", "（杭州市西湖区,区政府办公室）"])
    [d] = Linter(select=["GL601"]).lint_text(text).diagnostics
    assert d.line == find_line(text, "区政府办公室")


# ---------------------------------------------------------------- GL602

def test_unclosed_bracket():
    sentence = "根据《指导意见》（国办发〔2019〕54号、《实施意见》（浙政办发〔2020〕16号）要求执行。"
    text, found = lint("GL602", sentence)
    assert [(d.code, d.rule) for d in found] == [("GL602", "bracket-balance")]
    assert spans(text, found) == [(2, sentence.index("（") + 1, "（", None)]


def test_unopened_bracket():
    sentence = "按照条例规定）及时答复。"
    text, found = lint("GL602", sentence)
    assert spans(text, found) == [(2, sentence.index("）") + 1, "）", None)]


def test_half_width_opener_closed_by_full_width():
    sentence = "请与办公室联系(电话：0571-12345678；邮编：310000）。"
    text, found = lint("GL602", sentence)
    assert spans(text, found) == [(2, sentence.index("(") + 1, "(", "（")]
    assert "混用" in found[0].message


def test_full_width_opener_closed_by_half_width():
    sentence = "请与办公室联系（电话：0571-12345678)。"
    text, found = lint("GL602", sentence)
    assert spans(text, found) == [(2, sentence.index(")") + 1, ")", "）")]


@pytest.mark.parametrize("sentence, mark", [
    ("落实好“第一解读人职责。", "“"),
    ("依据《条例规定，及时公开。", "《"),
    ("公开目录】已更新。", "】"),
])
def test_quotes_and_title_marks(sentence, mark):
    text, found = lint("GL602", sentence)
    assert [s[:3] for s in spans(text, found)] == [(2, sentence.index(mark) + 1, mark)]


@pytest.mark.parametrize("sentence", [
    "根据《国务院办公厅关于印发2019年政务公开工作要点的通知》（国办发〔2019〕14号）要求。",
    "设置了“我要咨询”“我要投诉”等栏目（见附件（一））。",
    "1）加强培训；2）强化督查。",
    "网址：（http://www.example.gov.cn/col(1)/index.html）",
    "He doesn’t know it.",
])
def test_bracket_near_misses(sentence):
    assert lint("GL602", sentence)[1] == []


def test_bracket_across_a_line_break():
    text = build_report(year=2019, title=["2019年政府信息公开工作年度报告（杭州市", "西湖区）"])
    assert Linter(select=["GL602"]).lint_text(text).diagnostics == []
    text = build_report(year=2019, prose={1: ["根据《条例》（国办发〔2019〕14号", "本年度继续推进。"]})
    [d] = Linter(select=["GL602"]).lint_text(text).diagnostics
    assert d.line == find_line(text, "国办发") and text[d.offset:d.end_offset] == "（"


# ---------------------------------------------------------------- GL603

@pytest.mark.parametrize("written, fixed", [
    ("国办发[2019]14号", "〔2019〕14号"),
    ("浙政办发（2020）16号", "〔2020〕16号"),
    ("杭政办函【2019】62号", "〔2019〕62号"),
    ("浙政办发(2020)16号", "〔2020〕16号"),
    ("国办发〔2019〕014号", "〔2019〕14号"),
    ("国办发〔2019〕第14号", "〔2019〕14号"),
])
def test_document_number_forms(written, fixed):
    sentence = f"根据《通知》（{written}）要求。"
    text, found = lint("GL603", sentence)
    [d] = found
    bracket = next(i for i, ch in enumerate(written) if ch in "[【(（〔")
    assert (d.code, d.rule, d.line) == ("GL603", "doc-number-format", 2)
    assert d.column == sentence.index(written) + bracket + 1
    assert text[d.offset:d.end_offset] == written[bracket:]
    assert d.fix.replacement == fixed and d.fix.safe


def test_two_digit_year_has_no_fix():
    text, [d] = lint("GL603", "根据《通知》（国办发〔19〕14号）要求。")
    assert d.fix is None and "四位" in d.message


@pytest.mark.parametrize("sentence", [
    "根据《通知》（国办发〔2019〕14号）要求。",
    "本案（2019）浙01行终123号已审结。",        # a court case number is written with （）
    "2019年第14号公告。",
])
def test_document_number_near_misses(sentence):
    assert lint("GL603", sentence)[1] == []


# ---------------------------------------------------------------- GL604

@pytest.mark.parametrize("written, fixed", [
    ("二0一九", "二〇一九"), ("二O二一", "二〇二一"), ("二零一九", "二〇一九"), ("二○二○", "二〇二〇"),
    ("二０一九", "二〇一九"),
])
def test_zero_in_a_chinese_numeral_year(written, fixed):
    sentence = f"{written}年，本单位推进政务公开。"
    text, [d] = lint("GL604", sentence)
    assert (d.code, d.rule, d.line, d.column) == ("GL604", "numeral-zero", 2, 1)
    assert (text[d.offset:d.end_offset], d.fix.replacement) == (written, fixed)


def test_zero_in_the_title():
    text = build_report(year=2019, title=["二0一九年政府信息公开工作年度报告", "（杭州市西湖区）"])
    [d] = Linter(select=["GL604"]).lint_text(text).diagnostics
    assert (d.line, d.column) == (find_line(text, "二0一九"), 1)


@pytest.mark.parametrize("sentence", ["二〇一九年，本单位推进政务公开。", "2010年以来持续推进。",
                                      "一千零五件。", "建设二〇二〇年度项目。", "编号二二0一九年。"])
def test_numeral_near_misses(sentence):
    assert lint("GL604", sentence)[1] == []


# ---------------------------------------------------------------- properties

LINT_601_602 = Linter(select=["GL601", "GL602"])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7e), max_size=60))
def test_latin_text_has_no_width_findings(latin):
    found = LINT_601_602.lint_text(INTRO + latin.replace("\n", " ") + "\n").diagnostics
    assert [d for d in found if d.code == "GL601"] == []


def _balanced(draw_depth: int):
    leaf = st.text(alphabet="公开信息条例年度报告12,", min_size=0, max_size=4)
    if draw_depth == 0:
        return leaf
    inner = st.deferred(lambda: _balanced(draw_depth - 1))
    pairs = st.sampled_from(["（）", "〔〕", "《》", "“”", "【】", "‘’"])
    wrapped = st.tuples(pairs, inner).map(lambda t: t[0][0] + t[1] + t[0][1])
    return st.lists(st.one_of(leaf, wrapped), max_size=3).map("".join)


@settings(max_examples=60, deadline=None)
@given(_balanced(3))
def test_balanced_brackets_are_silent(text):
    found = LINT_601_602.lint_text(INTRO + "根据" + text + "。\n").diagnostics
    assert [d for d in found if d.code == "GL602"] == []


def test_joined_prose_is_the_prose_joined_and_kept_while_it_is_the_same():
    """joined_prose gives prose_paragraphs(title=True) and their texts joined by line breaks,
    made once per document: again while the prose is the same paragraphs, anew otherwise."""
    from govlint.model.prose import prose_paragraphs
    from govlint.rules.typography import joined_prose
    report = _report(INTRO + "全年共收到申请228件,其中本年新收223件。\n二是加强培训。\n")
    document = report.document
    paragraphs, joined = joined_prose(document)
    assert paragraphs == prose_paragraphs(document, title=True)
    assert joined.text == "\n".join(p.text for p in paragraphs)
    assert joined_prose(document)[1] is joined
    document.blocks.pop()                   # the prose changed: it is joined again
    again = joined_prose(document)[1]
    assert again is not joined and again.text == "\n".join(p.text for p in prose_paragraphs(document, title=True))


def _report(text: str):
    from govlint.read.text import from_text
    return Linter().build_report(from_text(text, "r.txt"))
