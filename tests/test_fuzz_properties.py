"""Fuzzing with hypothesis, extending tests/test_properties.py (which covers reconciling
reports, single changed numbers and reordered sections under the issue-2 rules):

- arbitrary text, and builder reports with lines deleted, repeated, swapped or inserted,
  never make govlint raise, and no rule of any plugin fails on them (no GL000);
- the syntax tree keeps its promises on any input: node text is the exact source slice at its
  offsets, line/column agree with the offsets, blocks come in order without overlap
  (but for unplaceable lines, kept where they were);
- the lean line lexer yields exactly what Lark's own contextual lexer yields;
- a reconciling report is silent whatever its encoding and line endings;
- any single number of table 三 or 四 replaced by a blank, a word or a negative number is
  reported at that cell.
"""
from __future__ import annotations

import codecs
from functools import lru_cache

import lark
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import build_report, cell_line, edit_lines, template_for
from govlint.syntax.tree import Artifact, Cell, Paragraph, Row, Table
from govlint.run.engine import Linter
from govlint.syntax.parser import parse, parser
from govlint.read.text import InputError, decode, from_text

ALL_RULES = Linter()
CORE = Linter(select=["GL1", "GL2", "GL3"])
CELLS_AND_ARITHMETIC = Linter(select=["GL2", "GL3"])
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of report-like lines: headings, sub-headings, items, cells, numbers, units, page
# numbers, bookmarks, chart data, padding characters — and a few things that are not.
PIECES = ["\t", "\t", "\n", "\n", "\r\n", "\r", " ", "\u3000", "\u00a0", "一、", "二、总体情况",
          "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "（一）", "1、", "１．",
          "一是", "- 3 -", "第 2 页", "[bookmark: _GoBack]", "自然人", "总计", "0", "12", "-4", "１２",
          "2009.54万元", "1,234", "无", "/", "%", "年", "2019年政府信息公开工作年度报告", "（杭州市拱墅区）",
          "拱墅市", "。", "，", "(", ")", "“", "”", "a\tb", "\x0c", "\ufeff", "\x00", "𠀀", "\u200b"]
REPORT_LIKE = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
ANY_TEXT = st.text(max_size=600)


def _lint_never_raises(text: str) -> None:
    try:
        result = ALL_RULES.lint_text(text)
    except InputError as e:      # refusing the input is allowed, with a message
        assert str(e).strip()
        return
    crashed = [d.message for d in result.diagnostics if d.code == "GL000"]
    assert crashed == []


@settings(max_examples=1000, **SETTINGS)
@given(st.one_of(REPORT_LIKE, ANY_TEXT))
def test_arbitrary_text_never_raises_and_no_rule_fails(text):
    _lint_never_raises(text)


@st.composite
def mangled_reports(draw):
    """A builder report with a few lines deleted, repeated, swapped or replaced."""
    year = draw(st.sampled_from([2019, 2021]))
    lines = build_report(year=year, results={"open": {"natural": draw(st.integers(0, 30))}}).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "swap", "replace"]))
        replacement = draw(REPORT_LIKE.map(lambda s: s.replace("\n", "").replace("\r", ""))) if action == "replace" else ""
        edit_lines(lines, action, i, j, replacement)
    return "\n".join(lines)


@settings(max_examples=300, **SETTINGS)
@given(mangled_reports())
def test_mangled_reports_never_raise_and_no_rule_fails(text):
    _lint_never_raises(text)


# ---------------------------------------------------------------- the tree's promises
def _check_span(source, node) -> None:
    s = node.span
    assert 0 <= s.offset <= s.end_offset <= len(source.text)
    assert source.position(s.offset) == (s.line, s.column)
    assert source.position(s.end_offset) == (s.end_line, s.end_column)
    if isinstance(node, (Paragraph, Cell, Artifact)):
        assert source.text[s.offset:s.end_offset] == node.text


@settings(max_examples=1000, **SETTINGS)
@given(st.one_of(REPORT_LIKE, ANY_TEXT))
def test_every_node_is_the_exact_slice_at_its_offsets(text):
    source = from_text(text)
    try:
        document = parse(source)
    except InputError:
        return
    end = start = 0
    for block in document.blocks:
        assert block.span.offset >= start     # in order …
        start = block.span.offset
        if not (isinstance(block, Artifact) and block.kind == "unparsed"):
            assert block.span.offset >= end   # … without overlap (an unplaceable line stays
            end = block.span.end_offset       # where it was, which may be inside a table)
        for node in block.walk():
            _check_span(source, node)
        if isinstance(block, Table):
            assert all(isinstance(r, Row) and r.cells for r in block.rows)
    for paragraph in document.paragraphs():
        assert "\n" not in paragraph.text      # a paragraph is one line


@lru_cache(maxsize=1)
def _lark_contextual() -> lark.Lark:
    from govlint.grammar import GRAMMAR_PATH
    return lark.Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                     maybe_placeholders=False)


def _outcome(p: lark.Lark, text: str):
    try:
        tree = p.parse(text)
    except lark.exceptions.UnexpectedInput as e:
        return type(e).__name__, e.pos_in_stream
    tokens = [(t.type, t.start_pos, t.end_pos, t.line, t.end_line, t.column, t.end_column)
              for t in tree.scan_values(lambda v: isinstance(v, lark.Token))]
    return tree, tokens


@settings(max_examples=1000, **SETTINGS)
@given(REPORT_LIKE)
def test_line_lexer_yields_what_larks_contextual_lexer_yields(text):
    text = text.replace("\r", "") + "\n"
    assert _outcome(parser(), text) == _outcome(_lark_contextual(), text)


# ---------------------------------------------------------------- encodings
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
}


@settings(max_examples=80, **SETTINGS)
@given(st.sampled_from([2019, 2021]), st.integers(0, 50), st.sampled_from(sorted(ENCODINGS)),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_reconciling_report_is_silent_in_any_encoding_and_line_ending(year, count, encoding, newline):
    text = build_report(year=year, results={"open": {"natural": count}, "cannot_3": {"business": count // 3}},
                        newline=newline)
    decoded, _, _ = decode(ENCODINGS[encoding](text), "report.txt")
    assert decoded == text
    assert [(d.code, d.line) for d in CORE.lint_text(decoded).diagnostics] == []


# ---------------------------------------------------------------- cells that are not numbers
def _table_keys(year: int) -> list[str]:
    template = template_for(year)
    return sorted({k for r in template.relations for k in r.left + r.right if k.startswith(("t3.", "t4."))})


@lru_cache(maxsize=None)
def _line(key: str, year: int) -> int:
    return cell_line(key, year=year)


@settings(max_examples=150, **SETTINGS)
@given(st.data())
def test_any_number_replaced_by_a_blank_a_word_or_a_negative_is_reported_at_its_cell(data):
    year = data.draw(st.sampled_from([2019, 2021]), label="year")
    key = data.draw(st.sampled_from(_table_keys(year)), label="cell")
    replacement = data.draw(st.sampled_from(["", "　", "无", "/", "-", "-3", "－2", "若干"]), label="text")
    text = build_report(year=year, results={"open": {"natural": 4}}, cells={key: replacement})
    lines = {d.line for d in CELLS_AND_ARITHMETIC.lint_text(text).diagnostics}
    assert _line(key, year) in lines
