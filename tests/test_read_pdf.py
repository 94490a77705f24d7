"""Reading PDF reports from their text layer (linter/read/pdf.py): the real report's tables
and silence, the same tables and findings as the text layout for our rendered fixtures, and
a clear message for every PDF that cannot be read."""
from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")

from docx_builder import render_docx
from render_pdf import DATA, FIXTURES, SEAL_HEADER, SEAL_TEXT, build
from govlint.syntax.tree import Artifact, Paragraph, Table
from govlint.read.docx import read_docx
from govlint.run.engine import Linter
from govlint.read.blocks import ArtifactBlock, TableBlock, TextBlock
from govlint.read.pdf import MAX_PDF_BYTES, MAX_PDF_PAGES, read_pdf, read_pdf_blocks
from govlint.read.sniff import is_pdf
from govlint.read.pdf_text import clean_text
from govlint.read.text import InputError

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real" / "2024_jiangsu-huaian_szf.pdf"


@pytest.fixture(scope="module")
def linter():
    return Linter()


@pytest.fixture(scope="module")
def real():
    if not REAL.is_file():
        pytest.skip("the real PDF (../shared/real) is not here")
    return read_pdf(REAL)


@functools.lru_cache(maxsize=None)
def _fixture(name: str):
    """A fixture read once for the whole module (reading is what takes time here)."""
    return read_pdf(DATA / f"{name}.pdf")


def _tables(document) -> list[list[list[str]]]:
    return [[[cell.text.replace("\n", "") for cell in row.cells] for row in block.rows]
            for block in document.blocks if isinstance(block, Table)]


def _where(document, offset: int) -> tuple:
    """The table cell (table, row, column, text) or paragraph a finding is in."""
    tables = [b for b in document.blocks if isinstance(b, Table)]
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell.span.offset <= offset <= cell.span.end_offset:
                    return ("cell", t, r, c, cell.text.replace("\n", ""))
    for node in document.walk():
        if isinstance(node, Paragraph) and node.span.offset <= offset <= node.span.end_offset:
            return ("paragraph", node.text)
    return ("document",)


def _findings(result) -> set[tuple]:
    document = result.report.document
    return {(d.code, _where(document, d.offset)) for d in result.diagnostics}


# ---------------------------------------------------------------- the real report
def test_real_report_tables_are_read_whole(real, linter):
    model = linter.build_report(real).model
    assert set(model.tables) == {"t2", "t3", "t4"}
    assert model.template.key == "2021" and model.issues == []
    assert model.cells and all(v.node is not None and v.number.value is not None for v in model.cells.values())
    rows = {tuple(r[:3]) for t in _tables(real.document) for r in t}
    # the label cut by the page break is one row, joined in its first row
    assert any("（四）无法提供" in r for r in rows)
    assert not any("法提供" in c and "无" not in c for r in rows for c in r)


def test_real_report_has_no_findings(real, linter):
    result = linter.lint_source(real)
    assert [(d.code, d.where, d.message) for d in result.diagnostics] == []


def test_real_report_locations_carry_the_page(real, linter):
    model = linter.build_report(real).model
    pages = {key: real.locate(model.cells[key].node.span.offset, model.cells[key].node.span.end_offset).page
             for key in ("t3.new.natural", "t3.carry_next.total", "t4.counts.review_upheld")}
    assert pages == {"t3.new.natural": 4, "t3.carry_next.total": 5, "t4.counts.review_upheld": 5}
    assert all(r.page is not None for r in real.regions)
    paragraphs = [n for n in real.document.walk() if isinstance(n, Paragraph)]
    assert real.locate(paragraphs[0].span.offset, paragraphs[0].span.end_offset).page == 1
    artifacts = [n for n in real.document.walk() if isinstance(n, Artifact)]
    assert [a.kind for a in artifacts] == ["page_number"] * 6
    # no wrapped-line leftovers: no paragraph that is only punctuation, no space between CJK
    assert not [p.text for p in paragraphs if len(p.text) <= 1]
    assert not any(" " in p.text for p in paragraphs if "@" not in p.text)


# ---------------------------------------------------------------- our rendered reports
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_tables_equal_the_word_readers(name, tmp_path):
    """The PDF LibreOffice made from a .docx gives the tables the Word reader reads from it."""
    text = build(name)
    word = read_docx(render_docx(text, tmp_path / "report.docx"))
    assert _tables(_fixture(name).document) == _tables(word.document)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_findings_equal_the_texts(name, linter):
    """Same findings, in the same cell or paragraph, as the text layout of the same report."""
    text = build(name)
    expected = _findings(linter.lint_text(text))
    result = linter.lint_source(_fixture(name))
    assert _findings(result) == expected
    assert all(d.location is not None and d.location.page is not None for d in result.diagnostics)


def test_defect_fixtures_are_found(linter):
    codes = {name: {d.code for d in linter.lint_source(_fixture(name)).diagnostics}
             for name in ("wrong-total-2019", "blank-cell-2021", "clean-2021")}
    assert codes["clean-2021"] == set()
    assert codes["wrong-total-2019"] and codes["blank-cell-2021"]


def test_table_over_a_page_break_is_one_table():
    blocks = read_pdf_blocks(DATA / "table3-over-page-2021.pdf")
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 3
    t3 = tables[1]
    pages = {cell.place.page for row in t3.rows for cell in row}
    assert len(pages) >= 2                          # it does go over a page break
    labels = [row[2].text for row in t3.rows if len(row) == 10]
    assert "3.补正后申请内容仍不明确" in labels       # a row cut by the break is one row
    assert all(isinstance(b.place.page, int) and b.place.page >= 1 for b in blocks
               if isinstance(b, (TextBlock, ArtifactBlock)))


def test_page_numbers_are_artifacts_not_text():
    blocks = read_pdf_blocks(DATA / "clean-2019.pdf")
    texts = [b.text for b in blocks if isinstance(b, TextBlock)]
    assert texts[:3] == ["2019年政府信息公开工作年度报告", "（杭州市西湖区）", "一、总体情况"]


def test_running_header_and_seal_are_artifacts(linter):
    """sealed-2021.pdf is clean-2021.pdf with a header line on every page and a red seal (a
    ring of rotated characters) over the end of the last page: neither is report text."""
    source = read_pdf(DATA / "sealed-2021.pdf")
    artifacts = [(n.kind, n.text) for n in source.document.walk() if isinstance(n, Artifact)]
    assert ("seal", "".join(SEAL_TEXT)) in artifacts
    headers = [text for kind, text in artifacts if kind == "header"]
    assert headers and set(headers) == {SEAL_HEADER}
    texts = " ".join(n.text for n in source.document.walk() if isinstance(n, Paragraph))
    assert SEAL_HEADER not in texts and "政务公开室" not in texts
    assert _findings(linter.lint_source(source)) == _findings(linter.lint_text(build("clean-2021")))


@pytest.mark.parametrize("raw, clean", [
    ("2024 年 1 月", "2024年1月"), ("第二十条 第（一）项", "第二十条第（一）项"),
    ("open data  portal", "open data portal"), (" 电话： 0517-1 ", "电话：0517-1"),
])
def test_spaces_extraction_inserts_are_removed(raw, clean):
    assert clean_text(raw) == clean


# ---------------------------------------------------------------- PDFs that cannot be read
def _message(path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        read_pdf(path, **kwargs)
    return str(info.value)


def test_scanned_pdf():
    assert "扫描件" in _message(DATA / "bad-scanned.pdf")


def test_fonts_without_unicode_map():
    assert "Unicode 映射" in _message(DATA / "bad-no-unicode-map.pdf")


def test_encrypted_pdf():
    assert "加密" in _message(DATA / "bad-encrypted.pdf")


def test_truncated_pdf(tmp_path):
    data = (DATA / "clean-2019.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:len(data) * 2 // 3])
    assert "不完整" in _message(cut)


def test_damaged_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert "已损坏" in _message(bad)


def test_not_a_pdf_and_empty(tmp_path):
    other = tmp_path / "report.pdf"
    other.write_text("这不是 PDF\n", encoding="utf-8")
    assert "不是有效的 PDF" in _message(other)
    assert not is_pdf(other) and is_pdf(DATA / "clean-2019.pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "空的" in _message(empty)
    assert "无法读取" in _message(tmp_path / "missing.pdf")


def test_limits():
    assert MAX_PDF_PAGES == 300 and MAX_PDF_BYTES == 50_000_000
    assert "超过上限 2 页" in _message(DATA / "clean-2019.pdf", max_pages=2)
    assert "太大" in _message(DATA / "clean-2019.pdf", max_bytes=10_000)


def test_mangled_pdfs_never_give_a_traceback(tmp_path):
    data = bytearray((DATA / "clean-2021.pdf").read_bytes())
    rng = random.Random(7)
    for n in range(4):
        mangled = bytearray(data)
        start = rng.randrange(len(mangled) - 600)
        mangled[start:start + 500] = bytes(rng.randrange(256) for _ in range(500))
        path = tmp_path / f"m{n}.pdf"
        path.write_bytes(bytes(mangled))
        try:
            read_pdf(path)
        except InputError as e:
            assert str(e)


# ---------------------------------------------------------------- paragraphs and stitching, from geometry
from govlint.read.pdf_document import Assembler
from govlint.read.pdf_text import PdfCell, PdfGrid, PdfLine, PdfPage   # noqa: E402

S, LEFT, RIGHT = 16.0, 72.0, 520.0     # body size, text column


def _line(text, page=1, row=0, indent=0.0, end=None, size=S):
    """A line of CJK text (each character one em wide) on row `row` of a page."""
    x0 = LEFT + indent * size
    x1 = end if end is not None else x0 + len(text) * size
    top = 80 + row * 1.6 * size
    first = (len(text) - len(text.lstrip("0123456789")) or 1) * size * (0.5 if text[0].isdigit() else 1)
    return PdfLine(text, x0, x1, top, top + size, size, page, first)


def _paragraphs(*pages_lines):
    pages = []
    for number, lines in enumerate(pages_lines, start=1):
        page = PdfPage(number, 595.0, 842.0)
        page.items = list(lines)
        pages.append(page)
    return [(b.text, b.place.page) for b in Assembler(pages).blocks() if isinstance(b, TextBlock)]


FULL = "政" * 28                         # 28 ems: a full line between LEFT and RIGHT


def test_paragraphs_of_an_indented_justified_text():
    lines = [_line("一、总体情况", row=0, indent=2), _line("本" * 26, row=1, indent=2), _line(FULL, row=2),
             _line("完成。", row=3), _line("（一）" + "情" * 23, row=4, indent=2), _line(FULL, row=5),
             _line("年" * 26, row=6, indent=2), _line("止。", row=7), _line("。", row=7, end=LEFT + 3 * S)]
    assert _paragraphs(lines + [_line(FULL, row=8), _line(FULL, row=9), _line(FULL, row=10)]) == [
        ("一、总体情况", 1), ("本" * 26 + FULL + "完成。", 1), ("（一）" + "情" * 23 + FULL, 1),
        ("年" * 26 + "止。。", 1), (FULL * 3, 1)]


def test_paragraphs_of_a_flush_left_text():
    """No first-line indents (as LibreOffice lays out a plain .docx): a line that stops short of
    the right edge by more than the next line's first word needs ends its paragraph."""
    lines = [_line("政" * 27 + "，", row=0, end=RIGHT - 4),   # short by less than a character
             _line("务" * 10, row=1),
             _line("共" * 24, row=2),                      # 4 ems free; the next starts with a 6-em number
             _line("123456789012件" + "x" * 3, row=3),
             _line("三" * 20, row=4)]                       # 4 ems free, next starts with one character
    assert [t for t, _ in _paragraphs(lines + [_line("五" * 3, row=5)])] == [
        "政" * 27 + "，" + "务" * 10, "共" * 24 + "123456789012件xxx", "三" * 20, "五" * 3]


def test_a_paragraph_goes_on_over_a_page_break_but_not_across_a_heading():
    page1 = [_line("甲" * 26, row=0, indent=2), _line(FULL, row=1)]
    page2 = [_line("乙" * 5 + "。", page=2, row=0), _line("（二）" + "丙" * 25, page=2, row=1, indent=0),
             _line("丁" * 4, page=2, row=2)]
    assert _paragraphs(page1, page2) == [("甲" * 26 + FULL + "乙" * 5 + "。", 1), ("（二）" + "丙" * 25 + "丁" * 4, 2)]


def _grid(rows, page, top=100.0):
    cells = []
    for row in rows:
        x, out = LEFT, []
        width = (RIGHT - LEFT) / len(row)
        for text in row:
            out.append(PdfCell(text, x, x + width, page))
            x += width
        cells.append(out)
    return PdfGrid(cells, LEFT, RIGHT, top, top + 20 * len(rows), page)


def test_a_table_over_a_page_break_drops_its_repeated_header():
    header = ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    a = _grid([header, ["规章", "1", "2", "3"]], 1, top=700)
    b = _grid([header, ["规范性文件", "4", "5", "6"]], 2)
    pages = [PdfPage(1, 595.0, 842.0, items=[a]), PdfPage(2, 595.0, 842.0, items=[b])]
    tables = [b for b in Assembler(pages).blocks() if isinstance(b, TableBlock)]
    assert [[c.text for c in row] for row in tables[0].rows] == [header, ["规章", "1", "2", "3"], ["规范性文件", "4", "5", "6"]]
    assert [row[0].place.page for row in tables[0].rows] == [1, 1, 2]


def test_a_row_cut_by_a_page_break_is_one_row():
    a = _grid([["", "（四）无", "1.本机关不掌握相关政府信息", "7"]], 1, top=700)
    a.rows.insert(0, _grid([["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项", "1"]], 1).rows[0])
    b = _grid([["", "法提供", "2.没有现成信息需要另行制作", "2"], ["", "", "3.补正后申请内容仍不明确", "0"]], 2)
    pages = [PdfPage(1, 595.0, 842.0, items=[a]), PdfPage(2, 595.0, 842.0, items=[b])]
    table = next(b for b in Assembler(pages).blocks() if isinstance(b, TableBlock))
    assert [[c.text for c in row] for row in table.rows][1:] == [
        ["", "（四）无法提供", "1.本机关不掌握相关政府信息", "7"], ["", "", "2.没有现成信息需要另行制作", "2"],
        ["", "", "3.补正后申请内容仍不明确", "0"]]


def test_a_full_line_ending_a_sentence():
    """Without indents or paragraph spacing only the stop at the end of a full line can tell
    that a paragraph ended there; with spacing, the gap tells, and a sentence may end a line."""
    ending = "政" * 27 + "。"
    plain = [_line(ending, row=0), _line(FULL, row=1), _line("完。", row=2)]
    assert [t for t, _ in _paragraphs(plain)] == [ending, FULL + "完。"]
    spaced = [_line(ending, row=0), _line(FULL, row=1), _line("完。", row=2),
              _line(FULL, row=3.5), _line("止。", row=4.5), _line("再。", row=6)]
    assert [t for t, _ in _paragraphs(spaced)] == [ending + FULL + "完。", FULL + "止。", "再。"]


def test_without_pdfplumber_the_message_says_what_to_install(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_pdfplumber(name, *args, **kwargs):
        if name == "pdfplumber":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pdfplumber)
    assert "pip install pdfplumber" in _message(DATA / "clean-2019.pdf")


def test_importing_the_reader_does_not_load_pdfplumber():
    import subprocess
    import sys
    code = ("import sys, govlint.read.pdf; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer', 'pypdfium2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"
