"""The grammar and the syntax tree: lines, sections, tables, leftovers and locations."""
from __future__ import annotations

import pytest

from builder import build_report, find_line
from govlint.syntax.tree import Artifact, Cell, Paragraph, Table
from govlint.cli import main
from govlint.run.engine import Linter
from govlint.syntax.parser import parse
from govlint.read.text import from_text

NBSP, IDEO = "\u00a0", "\u3000"


def _doc(text: str):
    return parse(from_text(text))


def _cells(document):
    return [n for n in document.walk() if isinstance(n, Cell)]


def _paragraphs(document, kind=None):
    return [p for p in document.paragraphs() if kind is None or p.kind == kind]


SMALL = "\n".join([
    "2020年政府信息公开工作年度报告",
    "（杭州市拱墅区和睦街道）",
    "",
    "一、总体情况",
    "本年度，街道继续推进公开工作。",
    "（一）主动公开情况",
    "1、完善公开目录。",
    "一是加强培训；二是强化督查。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "无",
    "",
])


# ---------------------------------------------------------------- lines and sections
def test_title_lines():
    document = _doc(SMALL)
    assert [p.stripped for p in document.title] == ["2020年政府信息公开工作年度报告", "（杭州市拱墅区和睦街道）"]
    assert [p.span.line for p in document.title] == [1, 2]


def test_six_sections_with_ordinals():
    document = _doc(SMALL)
    assert [(s.number, s.heading.span.line) for s in document.sections] == [
        (1, 4), (2, 9), (3, 10), (4, 11), (5, 12), (6, 13)]
    assert all(s.heading.kind == "section" for s in document.sections)


def test_sections_without_ordinals_are_found():
    bare = SMALL.replace("五、存在", "存在").replace("六、其他", "其他")
    document = _doc(bare)
    assert [(s.number, s.heading.span.line) for s in document.sections][-2:] == [(5, 12), (6, 13)]
    assert document.section(5).heading.stripped == "存在的主要问题及改进情况"


def test_long_and_short_form_of_section_five():
    for wording in ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题及改进情况"):
        document = _doc(SMALL.replace("五、存在的主要问题及改进情况", wording))
        assert document.section(5).heading.stripped == wording


def test_subheadings_items_and_points():
    document = _doc(SMALL)
    kinds = {p.stripped: p.kind for p in document.paragraphs()}
    assert kinds["（一）主动公开情况"] == "subheading"
    assert kinds["1、完善公开目录。"] == "item"
    assert kinds["一是加强培训；二是强化督查。"] == "point"
    assert kinds["本年度，街道继续推进公开工作。"] == "text"
    first = document.section(1)
    assert [b.stripped for b in first.blocks if isinstance(b, Paragraph)] == [
        "本年度，街道继续推进公开工作。", "（一）主动公开情况", "1、完善公开目录。", "一是加强培训；二是强化督查。"]


def test_a_sentence_mentioning_a_section_title_is_not_a_heading():
    text = SMALL.replace("本年度，街道继续推进公开工作。", "本年度总体情况良好，各项工作有序推进。")
    document = _doc(text)
    assert document.section(1).heading.span.line == 4
    assert len(document.sections) == 6


def test_bookmark_in_front_of_a_heading():
    text = SMALL.replace("五、存在", "[bookmark: _GoBack]五、存在")
    document = _doc(text)
    heading = document.section(5).heading
    assert heading.stripped == "五、存在的主要问题及改进情况"
    assert heading.span.line == 12 and heading.span.column == len("[bookmark: _GoBack]") + 1
    bookmarks = [b for b in document.blocks if isinstance(b, Artifact) and b.kind == "bookmark"]
    assert [(b.text, b.span.line, b.span.column) for b in bookmarks] == [("[bookmark: _GoBack]", 12, 1)]


def test_bookmark_alone_on_a_line():
    text = SMALL.replace("无\n", "[bookmark: _GoBack]\n无\n")
    document = _doc(text)
    assert document.section(6).blocks[-1].stripped == "无"
    assert any(isinstance(b, Artifact) and b.kind == "bookmark" for b in document.walk())


# ---------------------------------------------------------------- tables
TABLE = "\n".join([
    "一、总体情况",
    "\t申请人情况",
    "\t商业",
    "企业",
    "\t总计",
    "",
    "\t ",
    f"\t{NBSP}",
    f"\t{IDEO}{IDEO}",
    "\t",
    f"\t {NBSP}{IDEO} ",
    "",
    "",
    "\t3",
    "\t 12 ",
    "",
    "二、主动公开政府信息情况",
    "",
])


def test_table_rows_and_cells():
    document = _doc(TABLE)
    [table] = document.tables()
    assert [len(r.cells) for r in table.rows] == [3, 5, 2]
    assert [r.span.line for r in table.rows] == [2, 7, 14]
    assert [c.value for c in table.rows[2].cells] == ["3", "12"]
    assert document.section(1).blocks == [table]
    assert document.section(2).heading.span.line == 17


def test_multi_line_cell():
    document = _doc(TABLE)
    cell = document.tables()[0].rows[0].cells[1]
    assert cell.text == "商业\n企业"
    assert (cell.span.line, cell.span.column, cell.span.end_line, cell.span.end_column) == (3, 2, 4, 3)


def test_empty_cells_of_tab_and_padding():
    document = _doc(TABLE)
    row = document.tables()[0].rows[1]
    assert all(c.is_empty for c in row.cells)
    assert [c.span.line for c in row.cells] == [7, 8, 9, 10, 11]


def test_chart_data_with_inner_tabs_is_an_artifact():
    text = SMALL.replace("无\n", "无\n月份\t申请数\t占比\n一月\t3\t20%\n二月\t5\t30%\n")
    document = _doc(text)
    charts = [b for b in document.blocks if isinstance(b, Artifact) and b.kind == "chart"]
    assert len(charts) == 1
    assert charts[0].span.line == 15 and charts[0].span.end_line == 17
    assert "一月\t3\t20%" in charts[0].text
    assert not document.tables()
    assert len(document.sections) == 6


def test_builder_report_tables_are_found_in_their_sections():
    for year in (2019, 2021):
        document = _doc(build_report(year=year))
        for number in (2, 3, 4):
            assert [b for b in document.section(number).blocks if isinstance(b, Table)], (year, number)


# ---------------------------------------------------------------- text copied from a web page or PDF
def _web_layout(text: str, page_every: int = 30) -> str:
    """The builder's report as a web page/PDF gives it: a table row on one line with its cells
    separated by spaces, no TABs, and page numbers between lines."""
    out: list[str] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:].strip())
        elif not line and row:
            out.append(" ".join(row))
            row = []
        else:
            out.append(line)
    lines: list[str] = []
    for i, line in enumerate(out, start=1):
        lines.append(line)
        if i % page_every == 0:
            lines.append(f"- {i // page_every} -")
    return "\n".join(lines)


@pytest.mark.parametrize("year", [2019, 2021])
def test_web_page_text_gives_sections_and_paragraphs(year):
    text = _web_layout(build_report(year=year, place="杭州市拱墅区", prose={5: ["拱墅市今后将持续改进。"]}))
    assert "\t" not in text
    document = _doc(text)
    assert [s.number for s in document.sections] == [1, 2, 3, 4, 5, 6]
    # the tables are read from the space-separated rows (plain_tables.py), page numbers and all
    assert [t.spec_key for t in document.tables()] == ["t2", "t3", "t4"]
    pages = _paragraphs(document, "page_number")
    assert pages and all(p.stripped.startswith("- ") for p in pages)
    assert any(p.kind == "subheading" for p in document.section(1).blocks)
    result = Linter().lint_text(text)
    codes = [d.code for d in result.diagnostics]
    # the tables reconcile, and the other checks run
    assert "GL105" not in codes
    assert "GL501" in codes
    assert not {"GL101", "GL102", "GL103", "GL201", "GL202", "GL203", "GL301"} & set(codes)


def test_wrapped_lines_and_pdf_page_footer():
    text = SMALL.replace("本年度，街道继续推进公开工作。", "本年度，街道继续推进公开\n工作，完善了制度。\n第 1 页 共 3 页")
    document = _doc(text)
    kinds = [(p.stripped, p.kind) for p in document.section(1).blocks if isinstance(p, Paragraph)][:3]
    assert kinds == [("本年度，街道继续推进公开", "text"), ("工作，完善了制度。", "text"),
                     ("第 1 页 共 3 页", "page_number")]


# ---------------------------------------------------------------- locations
def _assert_spans_match_text(source, document):
    for node in [*document.walk(), *document.sections]:
        span = node.span
        assert span.offset <= span.end_offset
        assert source.position(span.offset) == (span.line, span.column), node
        assert source.position(span.end_offset) == (span.end_line, span.end_column), node
        if isinstance(node, (Paragraph, Cell, Artifact)):
            assert source.text[span.offset:span.end_offset] == node.text, node


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("year", [2019, 2021])
def test_spans_slice_the_source(newline, year):
    text = build_report(year=year, prose={1: ["[bookmark: _GoBack]（二）依申请公开。"]}, newline=newline)
    text += newline.join(["月份\t件数", "一月\t3", ""])
    source = from_text(text)
    document = parse(source)
    _assert_spans_match_text(source, document)
    lf = parse(from_text(text.replace("\r\n", "\n")))
    assert [(n.span.line, n.span.column) for n in document.walk()] == [
        (n.span.line, n.span.column) for n in lf.walk()]


def test_span_of_a_known_cell():
    text = build_report(year=2019, cells={"t3.carried.natural": "７"})
    source = from_text(text.replace("\n", "\r\n"))
    document = parse(source)
    line = find_line(text, "７")
    [cell] = [c for c in _cells(document) if c.value == "７"]
    assert (cell.span.line, cell.span.column, cell.span.end_line, cell.span.end_column) == (line, 2, line, 3)
    assert source.text[cell.span.offset - 1] == "\t"
    assert source.line_text(line) == "\t７"


def test_columns_count_characters_not_bytes():
    text = SMALL.replace("本年度，街道继续推进公开工作。", "全街道共有“拱墅市”字样。")
    document = _doc(text)
    paragraph = next(p for p in document.paragraphs() if "字样" in p.text)
    start = paragraph.text.index("拱")
    span = paragraph.span_of(start, start + 3)
    assert (span.line, span.column, span.end_column) == (5, 7, 10)


# ---------------------------------------------------------------- govlint parse
def test_parse_command_prints_the_tree(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(TABLE.replace("一、总体情况", "[bookmark: _GoBack]一、总体情况"), encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "bookmark 1:1" in out
    assert "section 1 1:20 '一、总体情况'" in out
    assert "table 2:2-15 (3 rows)" in out
    assert "cell 3:2 '商业⏎企业'" in out
    assert "section 2 17:1" in out


def test_parse_command_on_a_missing_file(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "none.txt")]) == 2
    err = capsys.readouterr().err
    assert "找不到文件" in err and "Traceback" not in err
