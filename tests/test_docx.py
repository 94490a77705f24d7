"""Reading Word .docx reports: the same tree and findings as the text layout, locations a
clerk can find in Word, what is not report text, and inputs that cannot be read."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from builder import build_report, cell_line
from docx_builder import render_docx
from govlint.syntax.tree import Artifact, Cell, Paragraph, Row, Table
from govlint.cli import main
from govlint.read.docx import read_docx
from govlint.run.engine import Linter
from govlint.results.fixes import fix_result
from govlint.syntax.parser import parse
from govlint.read.text import InputError, from_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _shape(document):
    out = [("Cell" if isinstance(n, Cell) else "Row" if isinstance(n, Row) else type(n).__name__,
            getattr(n, "kind", ""), n.span, getattr(n, "text", None))
           for n in document.walk()]      # a cell (row) of the text layout is a LineCell (LineRow): its span made when read
    out.append(tuple((s.number, s.heading.span if s.heading else None) for s in document.sections))
    out.append(tuple(p.span for p in document.title))
    return out


def _findings(result):
    return [(d.code, d.line, d.column, d.end_line, d.end_column, d.offset, d.end_offset, d.message, d.fix)
            for d in result.diagnostics]


VARIANTS = {
    "clean 2019": dict(year=2019),
    "clean 2021": dict(year=2021, place="杭州市拱墅区"),
    "blank and padded cells": dict(year=2019, cells={"t3.new.natural": "", "t3.carried.business": "\u00a0",
                                                     "t4.counts.review_upheld": "\u3000"}),
    "numbers that do not add up": dict(year=2019, results={"open": {"natural": 3}},
                                       cells={"t3.new.natural": 9, "t3.open.total": 4}),
    "prose errors": dict(year=2021, prose={1: ["本年度收到申请228件,其中予以公开10件。", "2021年，西湖市印发文件（杭政办发[2021]3号）。"],
                                           5: ["一是二0二一年培训不足。"]}),
    "missing and reordered sections": dict(year=2019, headings={5: None}, order=[1, 3, 2, 4, 5, 6]),
    "bookmark in front of a line": dict(year=2019, prose={5: ["[bookmark: _GoBack]三是加强培训。"]}),
}
SILENT = {"clean 2019", "clean 2021", "bookmark in front of a line"}


# ---------------------------------------------------------------- one tree, one set of findings
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_docx_reads_to_the_tree_and_findings_of_its_text(tmp_path, linter, variant):
    text = build_report(**VARIANTS[variant])
    path = render_docx(text, tmp_path / "report.docx")
    source = read_docx(path)
    assert source.text == text
    assert _shape(source.document) == _shape(parse(from_text(text)))
    from_word = linter.lint_file(path)
    from_text_ = linter.lint_text(text)
    assert _findings(from_word) == _findings(from_text_)
    assert bool(from_word.diagnostics) == (variant not in SILENT)


def test_table_three_is_made_of_merged_cells_as_word_makes_them(tmp_path):
    path = render_docx(build_report(year=2021), tmp_path / "report.docx")
    tables = docx.Document(str(path)).tables
    t3 = next(t for t in tables if "本年新收" in "".join(c.text for c in t._tbl.iter(f"{{{W}}}t")))._tbl
    spans = [int(e.get(f"{{{W}}}val")) for e in t3.iter(f"{{{W}}}gridSpan")]
    merges = [e.get(f"{{{W}}}val") for e in t3.iter(f"{{{W}}}vMerge")]
    assert 3 in spans and 2 in spans                       # 一、本年新收 over three columns; （一）予以公开 over two
    assert merges.count("restart") >= 4 and merges.count(None) >= 20   # 三、本年度办理结果, （三）…, headers
    # Word's grid: every row covers the same ten columns.
    for tr in t3.findall("w:tr", NS):
        assert sum(int(tc.find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val")) if tc.find("w:tcPr/w:gridSpan", NS)
                   is not None else 1 for tc in tr.findall("w:tc", NS)) == 10


def test_merged_cells_read_as_the_template_expects(tmp_path, linter):
    path = render_docx(build_report(year=2021, results={"deny_2": {"legal": 2}}), tmp_path / "report.docx")
    result = linter.lint_file(path)
    assert result.diagnostics == []
    model = result.report.model
    assert model.template.key == "2021" and not model.issues
    assert model.get("t3.deny_2.legal").number.value == 2
    assert model.get("t3.result_total.total").number.value == 2
    deny = next(r for t in result.report.document.tables() for r in t.rows if len(r.cells) > 1 and r.cells[1].value == "（三）不予公开")
    assert [c.value for c in deny.cells[:3]] == ["", "（三）不予公开", "1.属于国家秘密"]


# ---------------------------------------------------------------- locations in Word
def test_locations_name_the_table_cell_and_the_paragraph(tmp_path, capsys):
    kwargs = dict(year=2019, cells={"t3.new.natural": ""}, prose={5: ["2019年，西湖市将继续加强培训。"]})
    text = build_report(**kwargs)
    path = render_docx(text, tmp_path / "report.docx")
    assert main(["--format", "json", "--select", "blank-cell,place-name", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    blank = next(d for d in data if d["rule"] == "blank-cell")
    place = next(d for d in data if d["rule"] == "place-name")
    # Table 二 is the first table; table 三's 一、本年新收 is its 4th row, 自然人 the 2nd cell.
    assert blank["location"] == {"table": 2, "row": 4, "col": 2, "quote": ""}
    assert blank["line"] == cell_line("t3.new.natural", **kwargs)
    lines = text.split("\n")
    outside_tables = [ln for ln in lines[:place["line"]] if ln.strip() and not ln.startswith("\t")]
    assert place["location"]["paragraph"] == len(outside_tables)
    assert "西湖市" in place["location"]["quote"]
    assert main(["--select", "blank-cell,place-name", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:表2 第4行第2列 GL301" in out
    assert f"{path}:段落{len(outside_tables)} GL501" in out


def test_text_reports_keep_their_json_and_have_no_location(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(build_report(year=2019, cells={"t3.new.natural": ""}), encoding="utf-8")
    main(["--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    assert data and all(d["location"] is None and isinstance(d["line"], int) for d in data)


# ---------------------------------------------------------------- not report text
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"


def _xml(fragment: str):
    return etree.fromstring(f'<w:root xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:v="{V}">'
                            f'{fragment}</w:root>')[0]


def _box(text: str) -> str:
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{content}</wps:txbx>"
            f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape>"
            f"</w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def _decorated(tmp_path) -> Path:
    """A report with a header, a footer page field, a text box, a hyperlink field and a
    bookmark, each holding the wrong place name 西湖市 except the field's shown result."""
    path = render_docx(build_report(year=2019), tmp_path / "plain.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    section.header.paragraphs[0].text = "西湖市人民政府办公室"
    section.footer.paragraphs[0]._p.append(_xml(
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    body = [p for p in document.paragraphs if p.text.startswith("本年度")][0]._p
    body.append(_xml(_box("西湖市文本框")))
    body.append(_xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    body.append(_xml('<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://西湖市.example" </w:instrText></w:r>'))
    body.append(_xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    body.append(_xml('<w:r><w:t>详见门户网站。</w:t></w:r>'))
    body.append(_xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    body.append(_xml('<w:bookmarkStart w:id="90" w:name="西湖市要点"/>'))
    body.append(_xml('<w:bookmarkEnd w:id="90"/>'))
    out = tmp_path / "decorated.docx"
    document.save(str(out))
    return out


def test_header_footer_text_box_fields_and_bookmarks_are_kept_but_not_report_text(tmp_path, linter):
    path = _decorated(tmp_path)
    result = linter.lint_file(path)
    assert [d for d in result.diagnostics if d.rule == "place-name"] == []
    document = result.report.document
    artifacts = {(a.kind, a.text) for a in document.blocks if isinstance(a, Artifact)}
    assert ("header", "西湖市人民政府办公室") in artifacts
    assert ("textbox", "西湖市文本框") in artifacts and ("footer", "1") in artifacts
    assert ("field", 'HYPERLINK "http://西湖市.example"') in artifacts
    assert ("bookmark", "[bookmark: 西湖市要点]") in artifacts
    assert sum(1 for kind, text in artifacts if text == "西湖市文本框") == 1      # mc:Fallback copy skipped
    paragraph = next(p for p in document.paragraphs() if p.text.startswith("本年度"))
    assert paragraph.text.endswith("部署推进政务公开工作。详见门户网站。")        # the field's shown result
    assert all("西湖市" not in p.text for p in document.paragraphs())
    assert not any(isinstance(b, Artifact) and b.kind == "unparsed" for b in document.blocks)


def test_field_results_and_tracked_changes_read_as_word_shows_them(tmp_path, linter):
    path = render_docx(build_report(year=2019), tmp_path / "plain.docx")
    document = docx.Document(str(path))
    body = [p for p in document.paragraphs if p.text.startswith("本年度")][0]._p
    body.append(_xml('<w:ins w:id="1" w:author="a"><w:r><w:t>西湖市新增。</w:t></w:r></w:ins>'))
    body.append(_xml('<w:del w:id="2" w:author="a"><w:r><w:delText>删去的西湖县。</w:delText></w:r></w:del>'))
    document.save(str(tmp_path / "tracked.docx"))
    result = linter.lint_file(tmp_path / "tracked.docx")
    assert [(d.rule, d.location.label()) for d in result.diagnostics] == [("place-name", "段落4")]   # 1 title, 2 place, 3 heading, 4 text


def test_headings_indented_with_the_tab_key_are_still_headings(tmp_path, linter):
    path = render_docx(build_report(year=2021), tmp_path / "report.docx")
    document = docx.Document(str(path))
    headings = [p for p in document.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    for p in headings:
        p._p.insert(0, _xml("<w:r><w:tab/></w:r>"))
    document.save(str(path))
    result = linter.lint_file(path)
    assert len(headings) == 6 and result.diagnostics == []
    assert [s.heading.text for s in result.report.document.sections] == [p.text for p in headings]


def test_word_markup_around_text_and_tables_is_looked_through(tmp_path, linter):
    """Content controls round a table, proofing marks and page-break marks between runs,
    a legacy horizontal merge: Word writes them; the reading stays the same."""
    text = build_report(year=2019, cells={"t3.new.natural": ""}, prose={5: ["下一步，西湖市将继续加强培训。"]})
    path = render_docx(text, tmp_path / "report.docx")
    document = docx.Document(str(path))
    body = document.element.body
    t3 = body.findall("w:tbl", NS)[1]
    sdt = _xml("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")
    t3.addprevious(sdt)
    sdt.find("w:sdtContent", NS).append(t3)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("下一步"))._p
    for child in list(paragraph):
        paragraph.remove(child)
    for fragment in ('<w:r><w:t>下一步，西</w:t></w:r>', '<w:proofErr w:type="spellStart"/>',
                     '<w:r><w:lastRenderedPageBreak/><w:t>湖</w:t></w:r>', '<w:proofErr w:type="spellEnd"/>',
                     '<w:smartTag w:uri="u" w:element="place"><w:r><w:t>市</w:t></w:r></w:smartTag>',
                     '<w:r><w:t>将继续加强培训。</w:t></w:r>'):
        paragraph.append(_xml(fragment))
    t2_first_row = body.findall("w:tbl", NS)[0].find("w:tr", NS)   # 第二十条第（一）项 over the row
    t2_first_row.append(_xml('<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>'))
    document.save(str(path))
    result = linter.lint_file(path)
    assert _findings(result) == _findings(linter.lint_text(text))
    assert fix_result(result).applied                      # 西湖市 over three runs becomes 西湖区
    fixed = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith("下一步"))
    assert fixed.text == "下一步，西湖区将继续加强培训。"
    assert linter.lint_file(path).diagnostics == []


# ---------------------------------------------------------------- inputs that cannot be read
def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("name, make, words", [
    ("old.doc", lambda p: p.write_bytes(OLE + b"WordDocument".ljust(64, b"\x00")), ["另存为 .docx"]),
    ("old.wps", lambda p: p.write_bytes(OLE), ["WPS", "另存为 .docx"]),
    ("cut.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj"), ["PDF", "不完整"]),
    ("locked.docx", lambda p: p.write_bytes(OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64),
     ["密码", "清除密码"]),
    ("renamed.docx", lambda p: p.write_bytes(OLE + b"WordDocument".ljust(64, b"\x00")), [".doc", "另存为 .docx"]),
    ("truncated.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 30), ["损坏"]),
    ("sheet.docx", lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
     ["没有 Word 正文"]),
    ("broken.docx", lambda p: _zip(p, {"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
     ["损坏"]),
    ("empty.docx", lambda p: p.write_bytes(b""), ["空"]),
    ("text.docx", lambda p: p.write_text("一、总体情况\n", encoding="utf-8"), ["不是有效的 Word .docx"]),
])
def test_unreadable_inputs_get_a_clear_message_and_exit_2(tmp_path, capsys, linter, name, make, words):
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as caught:
        linter.lint_file(path)
    assert all(w in str(caught.value) for w in words), str(caught.value)
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and words[0] in err


def test_damaged_xml_inside_a_real_docx(tmp_path, linter):
    path = render_docx(build_report(year=2019), tmp_path / "report.docx")
    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    files["word/document.xml"] = files["word/document.xml"][:-200]
    broken = _zip(tmp_path / "cut.docx", files)
    with pytest.raises(InputError, match="损坏"):
        linter.lint_file(broken)


def test_a_docx_saved_under_another_name_is_read_as_word(tmp_path, linter):
    text = build_report(year=2019, cells={"t3.new.natural": ""})
    path = render_docx(text, tmp_path / "report.docx").rename(tmp_path / "report.bin")
    assert _findings(linter.lint_file(path)) == _findings(linter.lint_text(text))


def test_folders_are_searched_for_docx_without_word_lock_files(tmp_path, capsys):
    render_docx(build_report(year=2019, cells={"t3.new.natural": ""}), tmp_path / "a.docx")
    (tmp_path / "~$a.docx").write_bytes(b"\x00lock")
    (tmp_path / "b.txt").write_text(build_report(year=2019), encoding="utf-8")
    assert main(["--format", "json", str(tmp_path)]) == 1
    paths = {d["path"] for d in json.loads(capsys.readouterr().out)}
    assert paths == {str(tmp_path / "a.docx")}


def test_parse_command_prints_the_tree_of_a_docx(tmp_path, capsys):
    path = render_docx(build_report(year=2019), tmp_path / "report.docx")
    assert main(["parse", str(path)]) == 0
    tree = capsys.readouterr().out
    assert "一、总体情况" in tree


# ---------------------------------------------------------------- the seeds as Word documents
def _seed_expectations_hold(diagnostics, expected, rules) -> tuple[list, list]:
    required = [e for e in expected["required"] if e["rule"] in rules]
    allowed = [e for e in expected["allowed"] if e["rule"] in rules]

    def take(pool, d):
        for i, e in enumerate(pool):
            if e["rule"] == d.rule and (d.line == e["line"] if "line" in e else e["lines"][0] <= d.line <= e["lines"][1]):
                del pool[i]
                return True
        return False

    extra = [d for d in sorted(diagnostics, key=lambda d: d.line) if not take(required, d) and not take(allowed, d)]
    return required, extra


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_rendered_as_docx_meets_the_seed_expectations(tmp_path, linter, seed):
    expected = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))[seed]
    text_result = linter.lint_file(SEEDS / seed)
    path = render_docx(text_result.report.source.text, tmp_path / (Path(seed).stem + ".docx"))
    result = linter.lint_file(path)
    assert result.report.document.tables(), "table cells must be real cells"
    assert len(docx.Document(str(path)).tables) == len(result.report.document.tables())
    rules = {cls.name for cls in linter.registry.rules.values()}
    missing, unexpected = _seed_expectations_hold(result.diagnostics, expected, rules)
    assert missing == [] and [(d.rule, d.line, d.message) for d in unexpected] == []
    assert [f[:5] + f[7:] for f in _findings(result)] == [f[:5] + f[7:] for f in _findings(text_result)]
    assert all(d.location is not None for d in result.diagnostics)
