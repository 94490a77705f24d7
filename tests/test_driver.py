"""The one-pass LALR driver (linter/syntax/driver.py) against the previous parse, kept as an
oracle in tests/oracle.py (Lark's own loop, a Lark tree, a builder walking it): the same
blocks with the same spans and texts, the same outline, the same unplaceable lines, the same
refusal — on arbitrary report-like text and on builder reports with lines mangled."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import build_report
from oracle import reference_parse, tree_shape
from govlint.read.text import InputError, from_text
from govlint.syntax.driver import driver
from govlint.syntax.parser import parse
from test_fuzz_properties import ANY_TEXT, PIECES, REPORT_LIKE, SETTINGS, mangled_reports

# Rows are where the driver takes its shortcut: lines that start, continue and end rows,
# and lines that break them (TAB inside, a bookmark, no blank line before the end).
ROW_PIECES = PIECES + ["\t0\n", "\t12\n\n", "\t\n", "\n\n", " \n", "\u3000\n", "第\n", "3页\n", "- 2 -\n",
                       "a\tb\n", "[bookmark: x]\t1\n", "\t自然人\n\t3\n\n", "\t（一）\n续行\n\n",
                       "\t7\r\n", "\t\r\n", "\r\n"]
ROW_LIKE = st.lists(st.sampled_from(ROW_PIECES), max_size=160).map("".join)


def _outcome(parse_function, text: str):
    source = from_text(text)
    try:
        return tree_shape(parse_function(source))
    except InputError as e:
        return "refused", str(e)


def test_the_row_shortcut_is_on_for_this_grammar():
    assert driver().row_starts        # else every row goes line by line: correct, slower


def test_blank_lines_are_skipped_for_this_grammar():
    assert driver().blank_cycles      # else each blank line is lexed, shifted and reduced: correct, slower


@settings(max_examples=1000, **SETTINGS)
@given(st.one_of(ROW_LIKE, REPORT_LIKE, ANY_TEXT))
def test_driver_builds_what_the_lark_tree_builds(text):
    assert _outcome(parse, text) == _outcome(reference_parse, text)


@settings(max_examples=300, **SETTINGS)
@given(mangled_reports())
def test_driver_builds_what_the_lark_tree_builds_on_mangled_reports(text):
    assert _outcome(parse, text) == _outcome(reference_parse, text)


def test_driver_on_builder_reports():
    for year in (2019, 2021):
        for newline in ("\n", "\r\n"):
            text = build_report(year=year, results={"open": {"natural": 7}}, newline=newline)
            for variant in (text, text.rstrip("\r\n"), text + "\n\n", text.replace("\n\n", "\n")):
                assert _outcome(parse, variant) == _outcome(reference_parse, variant)


def test_line_cells_make_their_spans_when_read_and_pickle():
    import pickle
    from govlint.syntax.tree import LineCell, Span
    text = build_report(year=2021, results={"open": {"natural": 7}})
    cells = [c for b in parse(from_text(text)).blocks if hasattr(b, "rows") for r in b.rows for c in r.cells]
    line_cells = [c for c in cells if isinstance(c, LineCell)]
    assert line_cells and "span" not in vars(line_cells[0])
    for cell in line_cells:
        copy = pickle.loads(pickle.dumps(cell))
        assert cell.span == copy.span == Span(cell.span.line, 2, cell.span.line, 2 + len(cell.text),
                                              cell.span.offset, cell.span.offset + len(cell.text))
        assert text[cell.span.offset:cell.span.end_offset] == cell.text


def test_the_lf_scanners_are_rewritten():
    patterns = driver().scanner_patterns
    from govlint.syntax.driver import lf_only
    assert all(lf_only(p) is not None for p in patterns)
    assert any("(?![^\n]*\t)" in lf_only(p) for p in patterns)     # else LF texts get no faster
    # TEXT_LINE after CHART_LINE without its own look-ahead for a TAB (prose lines get no faster)
    assert any("|(?P<TEXT_LINE>[^\t\n][^\n]*\n)" in lf_only(p) for p in patterns)


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(ROW_LIKE, REPORT_LIKE, ANY_TEXT))
def test_lf_scanners_match_what_the_scanners_match_in_lf_text(text):
    """On a text without CR (the parse's choice) every scanner and its LF rewrite match the
    same terminal to the same end, at every position."""
    text = text.replace("\r", "") + "\n"
    run = driver()
    for state, scanner in run.scanners.items():
        fast = run.lf_scanners[state]
        for pos in range(len(text)):
            exact, quick = scanner.match(text, pos), fast.match(text, pos)
            assert (exact and (exact.lastgroup, exact.end())) == (quick and (quick.lastgroup, quick.end()))


def test_prose_lines_over_several_lines_in_lf_and_crlf_text():
    """A page number whose \\s runs over line breaks is the one prose token lf_paragraph
    hands back to paragraph (its content holds an LF); single lines take its own path."""
    for text in ("一、总体情况\n第\n3页\n正文\n", "一、总体情况\n共 2\n页第\n3页\n正文", "正文\n第\n3页",
                 "正文\r\n第\r\n3页\r\n", "正文\n- 2 -\n（一）小标题\n1、条目\n一是要点"):
        assert _outcome(parse, text) == _outcome(reference_parse, text)
    pages = [b for b in parse(from_text("正文\n第\n3页\n")).blocks if b.kind == "page_number"]
    assert [(p.text, p.span.line, p.span.end_line) for p in pages] == [("第\n3页", 2, 3)]


def test_row_runs_against_the_lark_tree():
    """Rows one empty line apart are read as a run (driver._row_run): runs ending at prose,
    at blank lines of spaces, at a row with a continuation line, a CR or the end of the text,
    runs holding rows with continuation lines (first, in turn, several apart)."""
    row = "\t自然人\n\t3\n\t\n"
    broken = "\t（一）\n续行\n\t2\n\n"
    tails = [broken + row + "\n" + broken + row + "\n" + row + "\n正文\n", broken * 3 + row + "\n",
             row + "\n" + broken + broken + row + "\n" + broken + "\n正文\n","二、正文\n", " \n\t9\n\n", "\n\n\t9\n\n正文\n", "\t（一）\n续行\n\n\t5\n\n", "\t7\r\n\t8\n\n",
             "\t7\n", "", "\t\n\n\t\n\n", "第\n3页\n\n\t1\n\n"]
    for count in (1, 2, 5):
        for tail in tails:
            for lead in ("一、总体情况\n", "一、总体情况\n\t表\n\n"):
                text = lead + (row + "\n") * count + tail
                assert _outcome(parse, text) == _outcome(reference_parse, text)
                assert _outcome(parse, text.rstrip("\n")) == _outcome(reference_parse, text.rstrip("\n"))
