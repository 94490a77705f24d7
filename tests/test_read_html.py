"""Reading reports published as web pages: the report found inside the site's chrome, its
tables read on the HTML grid (rowspan, colspan, &nbsp;), the same findings as the text layout,
locations a reader finds on the page, charsets, and pages that cannot be read."""
from __future__ import annotations

import codecs
import re
import time
from pathlib import Path

import pytest

from builder import build_report
from render_html import render_html, write_html
from govlint.syntax.tree import Table
from govlint.run.engine import Linter
from govlint.read import web_page as html_reader
from govlint.read.cjk_text import join_lines, normalise
from govlint.read.sniff import is_html
from govlint.read.web_page import decode_html, read_html, read_html_bytes
from govlint.read.web_page_body import cell_text, html_blocks, table_rows
from govlint.read.blocks import TableBlock, TextBlock
from govlint.read.text import InputError
from govlint.model.templates.national import TEMPLATE_2019, TEMPLATE_2021

REAL_PAGE = Path(__file__).resolve().parents[1].parent / "shared" / "real" / "2025_fujian-pingtan_gwh.html"
PAD = " \u3000\u00a0"
LOCATION = re.compile(r"^(段落\d+|表\d+ 第\d+行第\d+列)$")


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _table(markup: str):
    import lxml.html
    return lxml.html.fragment_fromstring(markup, create_parent=False)


def _page(article: str, before: str = "", after: str = "", title: str = "示例区2021年政府信息公开工作年度报告") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></div>"
            f"<div class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/nb/'>年报</a></div>{before}"
            f"<h1>{title}</h1><div class='TRS_Editor'>{article}</div>{after}"
            f"<div class='footer'>主办单位：示例区人民政府办公室 网站标识码：0000000000</div></body></html>").encode()


# ---------------------------------------------------------------- (a) the real page
@pytest.fixture(scope="module")
def real(linter):
    if not REAL_PAGE.is_file():
        pytest.skip("the real web page (../shared/real) is not here")
    source = read_html(REAL_PAGE)
    return source, linter.build_report(source)


def test_real_page_has_the_three_tables_with_every_cell(real):
    source, report = real
    tables = [b for b in source.document.blocks if isinstance(b, Table)]
    assert len(tables) == 3
    model = report.model
    assert model.detected is TEMPLATE_2021 and not model.issues
    expected = set(Linter().build_report(_text_source(build_report(year=2021))).model.cells)
    assert set(model.cells) == expected
    assert all(c.node is not None and c.number.value is not None for c in model.cells.values())


def test_real_page_has_no_finding(real, linter):
    source, _ = real
    assert linter.lint_source(source).diagnostics == []


def test_real_page_is_read_without_the_site_chrome(real):
    source, report = real
    assert report.document.title and "年度报告" in report.document.title[0].text
    assert source.regions[0].paragraph == 1 and source.text.startswith(report.document.title[0].text)
    assert [s.number for s in report.document.sections] == [1, 2, 3, 4, 5, 6]
    for chrome in ("当前位置", "相关链接", "附件下载", "分享到", "ICP", "扫一扫", "全真版", "首页"):
        assert chrome not in source.text, chrome
    assert "\u00a0" not in source.text and "&nbsp;" not in source.text


def test_real_page_loses_no_report_text(real):
    """Every paragraph and cell of the page's article element is in the text read, in order."""
    import lxml.html
    source, _ = real
    root = lxml.html.parse(str(REAL_PAGE)).getroot()
    editor = next(el for el in root.iter("div") if "TRS_Editor" in (el.get("class") or ""))
    paragraphs = [normalise(p.text_content()) for p in editor if p.tag == "p"]
    paragraphs = [p for p in paragraphs if p]
    lines = [line.strip("\t") for line in source.text.split("\n")]
    assert [p for p in paragraphs if p in lines] == paragraphs
    cells = [cell_text(td) for td in editor.iter("td")]
    assert len(cells) > 100 and all(c in lines for c in cells if c)


def test_real_page_is_read_fast():
    if not REAL_PAGE.is_file():
        pytest.skip("the real web page (../shared/real) is not here")
    data = REAL_PAGE.read_bytes()
    read_html_bytes(data, "warm-up")
    start = time.perf_counter()
    for _ in range(5):
        read_html_bytes(data, str(REAL_PAGE))
    assert (time.perf_counter() - start) / 5 < 1.0


# ---------------------------------------------------------------- (b) the same findings as the text
def _text_source(text: str):
    from govlint.read.text import from_text
    return from_text(text)


def _findings(result, source) -> list[tuple[str, str, str]]:
    """(code, the whole cell or paragraph, the text found) of each finding: the same report
    gives the same set in every format, whatever the line numbers."""
    out = []
    for d in result.diagnostics:
        out.append((d.code, source.line_text(d.line).strip("\t" + PAD), source.text[d.offset:d.end_offset].strip(PAD)))
    return sorted(out)


VARIANTS = {
    "clean 2019": dict(year=2019),
    "clean 2021": dict(year=2021, place="杭州市拱墅区"),
    "blank and padded cells": dict(year=2019, cells={"t3.new.natural": "", "t3.carried.business": "\u00a0",
                                                     "t4.counts.review_upheld": "\u3000"}),
    "numbers that do not add up 2019": dict(year=2019, results={"open": {"natural": 3}},
                                            cells={"t3.new.natural": 9, "t3.open.total": 4}),
    "numbers that do not add up 2021": dict(year=2021, results={"deny_1": {"business": 2}, "other_3": {"natural": 1}},
                                            cells={"t3.result_total.total": 7, "t4.counts.direct_total": 5}),
    "prose errors": dict(year=2021, prose={1: ["本年度收到申请228件,其中予以公开10件。",
                                               "2021年，西湖市印发文件（杭政办发[2021]3号）。"],
                                           5: ["一是二0二一年培训不足。"]}),
    "missing and reordered sections": dict(year=2019, headings={5: None}, order=[1, 3, 2, 4, 5, 6]),
    "text in a number cell 2021": dict(year=2021, cells={"t3.open.natural": "无", "t2.art20_1.made": "三"}),
}
SILENT = {"clean 2019", "clean 2021"}


@pytest.mark.parametrize("layout", ["div", "table"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_page_gives_the_findings_of_its_text(linter, variant, layout):
    text = build_report(**VARIANTS[variant])
    source = read_html_bytes(render_html(text, layout=layout), "report.html")
    from_page = linter.lint_source(source)
    from_text = linter.lint_text(text)
    assert _findings(from_page, source) == _findings(from_text, from_text.report.source)
    assert bool(from_page.diagnostics) == (variant not in SILENT)
    for d in from_page.diagnostics:
        assert d.location is not None and LOCATION.match(d.where), d.where
    assert from_page.report.model.template is (TEMPLATE_2021 if VARIANTS[variant]["year"] >= 2021 else TEMPLATE_2019)


@pytest.mark.parametrize("layout", ["div", "table"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_page_holds_the_text_of_its_report_and_nothing_else(variant, layout):
    text = build_report(**VARIANTS[variant])
    source = read_html_bytes(render_html(text, layout=layout), "report.html")
    assert [line.strip() for line in source.text.split("\n") if line.strip()] == \
        [line.strip() for line in text.split("\n") if line.strip()]


def test_locations_are_paragraphs_and_cells_as_shown(linter):
    text = build_report(year=2019, cells={"t3.new.natural": ""},
                        prose={1: ["本年度收到申请228件,其中予以公开10件。"]})
    result = linter.lint_source(read_html_bytes(render_html(text), "report.html"))
    where = {d.code: d.where for d in result.diagnostics}
    # title, subtitle, 一、总体情况, two default paragraphs, then ours
    assert "段落6" in where.values()
    blank = next(d for d in result.diagnostics if "为空" in d.message)
    assert blank.where == "表2 第4行第2列"          # table 三, row 一、本年新收, column 自然人
    assert blank.location.table == 2 and blank.location.row == 4


def test_gb2312_page_reads_as_its_utf8_twin(linter):
    text = build_report(**VARIANTS["prose errors"])
    gb = read_html_bytes(render_html(text, charset="gb2312", declare="http-equiv"), "gb.html")
    utf8 = read_html_bytes(render_html(text), "utf8.html")
    assert gb.charset == "gb18030" and utf8.charset == "utf-8"
    assert gb.text == utf8.text
    assert _findings(linter.lint_source(gb), gb) == _findings(linter.lint_source(utf8), utf8)


def test_write_html_and_read_html(tmp_path, linter):
    path = write_html(build_report(year=2021), tmp_path / "report.htm")
    assert linter.lint_source(read_html(path)).diagnostics == []
    assert is_html(path) and not is_html(tmp_path / "report.txt")
    saved = tmp_path / "t20220120_1"                      # a page saved without an extension
    saved.write_bytes(b"\xef\xbb\xbf<!-- saved -->\n<!DOCTYPE html>" + path.read_bytes()[15:])
    text_report = tmp_path / "report.txt"
    text_report.write_text(build_report(year=2021), encoding="utf-8")
    assert is_html(saved) and not is_html(text_report)


# ---------------------------------------------------------------- (c) charsets
def _report_page(**options) -> bytes:
    return render_html(build_report(year=2021), **options)


@pytest.mark.parametrize("options, charset", [
    (dict(), "utf-8"),                                          # <meta charset> with viewport in one tag
    (dict(bom=True, declare="none"), "utf-8"),                  # the BOM
    (dict(charset="gb2312", declare="http-equiv"), "gb18030"),  # http-equiv, GB2312 read as GB18030
    (dict(charset="gbk", declare="meta"), "gb18030"),
    (dict(declare="none"), "utf-8"),                            # nothing declared: sniffed
    (dict(charset="gb18030", declare="none"), "gb18030"),
])
def test_charset(options, charset):
    source = read_html_bytes(_report_page(**options), "page.html")
    assert source.charset == charset
    assert source.text.startswith("2021年政府信息公开工作年度报告\n（杭州市西湖区）\n一、总体情况")


def test_a_wrong_declaration_falls_back_to_sniffing():
    data = _report_page(charset="gb2312", declare="http-equiv").decode("gb18030").encode("utf-8")
    assert read_html_bytes(data, "page.html").charset == "utf-8"
    latin = _report_page().replace(b'charset="utf-8"', b'charset="iso-8859-1"')
    assert read_html_bytes(latin, "page.html").charset == "utf-8"


def test_utf16_with_bom():
    data = codecs.BOM_UTF16_LE + _report_page(declare="none").decode("utf-8").encode("utf-16-le")
    assert read_html_bytes(data, "page.html").charset == "utf-16-le"


def test_xml_declaration_and_xhtml():
    data = b'<?xml version="1.0" encoding="gb2312"?>\n' + _report_page(charset="gb2312", declare="none")
    assert read_html_bytes(data, "page.xhtml").charset == "gb18030"


# ---------------------------------------------------------------- (c) text and tables
def test_normalise_and_join():
    assert normalise("\n  本年度\n   收到 申请 12 件，\u00a0 其中 A B\u00a0 ") == "本年度收到申请12件，其中 A B"
    assert normalise("\u00a0\u3000 \u00a0") == ""
    assert normalise("共\u200b3件") == "共3件"
    assert join_lines(["商业", "企业"]) == "商业企业"
    assert join_lines(["1.", "属于国家秘密"]) == "1.属于国家秘密"
    assert join_lines(["Word", "2010"]) == "Word 2010"


def test_nbsp_cells_are_blank_and_br_and_p_join():
    table = _table("<table><tr><td>&nbsp;</td><td>&nbsp;&nbsp; \u3000</td><td><p><br/></p></td>"
                   "<td>商业<br>企业</td><td><p>社会</p><p>公益&nbsp;&nbsp;&nbsp;&nbsp;</p><p>组织 &nbsp; &nbsp;</p></td>"
                   "<td><span>1</span><span>2</span></td><td><p>total</p><p>3</p></td></tr></table>")
    assert table_rows(table) == [["", "", "", "商业企业", "社会公益组织", "12", "total 3"]]


def test_colspan_is_one_cell_and_rowspan_leaves_blanks_below():
    # the header of table 三 as the template has it: 3 label columns, 7 value columns
    table = _table("""<table><tbody>
      <tr><td colspan="3" rowspan="3">说明</td><td colspan="7">申请人情况</td></tr>
      <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
      <tr><td>甲</td><td>乙</td><td>丙</td><td>丁</td><td>戊</td></tr>
      <tr><td rowspan="3">三、办理结果</td><td colspan="2">（一）公开</td><td>1</td><td>2</td></tr>
      <tr><td rowspan="2">（二）不予</td><td>1.秘密</td><td>3</td><td>4</td></tr>
      <tr><td>2.其他</td><td>5</td><td>6</td></tr>
      <tr><td colspan="3">四、结转</td><td>7</td><td>8</td></tr>
    </tbody></table>""")
    assert table_rows(table) == [
        ["说明", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "甲", "乙", "丙", "丁", "戊", ""],
        ["三、办理结果", "（一）公开", "1", "2"],
        ["", "（二）不予", "1.秘密", "3", "4"],
        ["", "", "2.其他", "5", "6"],
        ["四、结转", "7", "8"],
    ]


def test_rowspan_beyond_the_table_and_odd_spans():
    table = _table("<table><thead><tr><th rowspan='9'>a</th><th colspan='x'>b</th></tr></thead>"
                   "<tbody><tr><td>c</td></tr><tr></tr><tr><td rowspan='0'>d</td><td>e</td></tr>"
                   "<tr><td>f</td></tr></tbody></table>")
    assert table_rows(table) == [["a", "b"], ["", "c"], ["", "d", "e"], ["", "", "f"]]


def test_nested_table_in_a_cell_is_read_as_its_text():
    table = _table("<table><tr><td>甲</td><td><table><tr><td>内</td><td>表</td></tr></table></td></tr>"
                   "<tr><td>乙</td><td>2</td></tr></table>")
    assert table_rows(table) == [["甲", "内表"], ["乙", "2"]]


def test_page_of_layout_tables_is_walked_through(linter):
    text = build_report(year=2019, cells={"t3.new.natural": ""})
    source = read_html_bytes(render_html(text, layout="table"), "page.html")
    tables = [b for b in source.document.blocks if isinstance(b, Table)]
    assert len(tables) == 3                     # 表二, 表三, 表四; not the page's own tables
    assert "当前位置" not in source.text and "相关链接" not in source.text
    blank = next(d for d in linter.lint_source(source).diagnostics if "为空" in d.message)
    assert blank.where == "表2 第4行第2列"


def test_blocks_of_a_small_page():
    page = _page("<p>一、总体情况</p><div>本年度，本单位推进政务公开。<br/>第二行。<br><br></div>"
                 "<ul><li>其一。</li><li>其二。</li></ul>"
                 "<h3>二、主动公开政府信息情况</h3><table><tr><td>第二十条第（一）项</td></tr>"
                 "<tr><td>规章</td><td>1</td></tr></table>"
                 "<p style='display:none'>隐藏的文字</p><script>var a = '三、收到和处理';</script>"
                 "<p>附件下载：<a href='a.pdf'>报告.pdf</a></p>",
                 before="<div class='share'>分享到：<a>微信</a></div>")
    blocks = html_blocks(page.decode(), "page.html")
    texts = [b.text for b in blocks if isinstance(b, TextBlock)]
    assert texts == ["示例区2021年政府信息公开工作年度报告", "一、总体情况", "本年度，本单位推进政务公开。", "第二行。",
                     "其一。", "其二。", "二、主动公开政府信息情况"]
    assert [b.place.paragraph for b in blocks if isinstance(b, TextBlock)] == list(range(1, 8))
    table = next(b for b in blocks if isinstance(b, TableBlock))
    assert [[c.text for c in row] for row in table.rows] == [["第二十条第（一）项"], ["规章", "1"]]
    assert (table.rows[1][1].place.table, table.rows[1][1].place.row, table.rows[1][1].place.col) == (1, 2, 2)


def test_intro_just_outside_the_editor_is_kept():
    page = _page("<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p><p>六、其他需要报告的事项</p>",
                 before="")
    page = page.replace(b"<div class='TRS_Editor'>",
                        "<div class='intro'><p>本报告依据条例编制，统计期限为2021年1月1日至12月31日。</p></div>"
                        "<div class='TRS_Editor'>".encode())
    page = page.replace(b"<h1>", b"<div class='article'><h1>").replace(b"<div class='footer'>", b"</div><div class='footer'>")
    texts = [b.text for b in html_blocks(page.decode(), "p.html")]
    assert texts[:3] == ["示例区2021年政府信息公开工作年度报告", "本报告依据条例编制，统计期限为2021年1月1日至12月31日。", "一、总体情况"]


def test_report_shown_only_by_a_script_is_still_read():
    page = _page("<div style='display:none'><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p></div>")
    texts = [b.text for b in html_blocks(page.decode(), "p.html")]
    assert "一、总体情况" in texts and "正文。" in texts


# ---------------------------------------------------------------- (d) pages that cannot be read
def _error(data: bytes, **options) -> str:
    with pytest.raises(InputError) as info:
        read_html_bytes(data, "page.html", **options)
    message = str(info.value)
    assert "Traceback" not in message and re.search(r"[\u4e00-\u9fff]", message)
    return message


def test_a_page_without_a_report():
    index = _page("", after="<ul><li><a href='t1.htm'>示例区2021年政府信息公开工作年度报告</a></li>"
                            "<li><a href='t2.htm'>示例区2020年政府信息公开工作年度报告</a></li></ul>")
    assert "这个网页中没有找到年度报告正文" in _error(index)
    assert "这个网页中没有找到年度报告正文" in _error(b"<html><body></body></html>")


def test_oversize(tmp_path, monkeypatch):
    data = _report_page()
    assert "网页文件过大" in _error(data, max_bytes=len(data) - 1)
    monkeypatch.setattr(html_reader, "MAX_HTML_BYTES", 1000)
    assert "网页文件过大" in _error(data)
    path = tmp_path / "big.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match="网页文件过大"):
        read_html(path)


def test_binary_garbage_empty_and_other_formats(tmp_path):
    import random
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(5000))
    messages = {
        "garbage": _error(noise),
        "empty": _error(b""),
        "blank": _error(b" \r\n\t "),
        "pdf": _error(b"%PDF-1.7\n..."),
        "zip": _error(b"PK\x03\x04rest"),
        "plain text": _error("一、总体情况\n本年度……".encode()),
        "controls": _error(b"<html>" + bytes(range(1, 9)) * 400),
    }
    assert "二进制" in messages["garbage"]
    assert "文件是空的" in messages["empty"] and "文件是空的" in messages["blank"]
    assert "PDF" in messages["pdf"] and "压缩包" in messages["zip"]
    assert "没有网页标记" in messages["plain text"]
    assert "控制字符" in messages["controls"]
    assert len({m for k, m in messages.items() if k != "blank"}) == len(messages) - 1
    with pytest.raises(InputError, match="找不到文件"):
        read_html(tmp_path / "missing.html")
    with pytest.raises(InputError, match="文件夹"):
        read_html(tmp_path)


def test_undecodable_page():
    data = b"<html><head><meta charset='gb2312'></head><body>\xff\xfe\xfd\x80\x80</body></html>"
    assert "文字编码" in _error(data)


def test_page_nested_too_deep_is_refused_not_truncated():
    page = _report_page().decode()
    deep = page.replace('<div class="TRS_Editor">', '<div class="TRS_Editor">' + "<div>" * 400)
    assert "嵌套" in _error(deep.encode())


def test_decode_html_reports_the_charset():
    page = "<p>一、总体情况。本年度，本单位推进政务公开。</p>"
    assert decode_html(page.encode("gb18030"), "x") == (page, "gb18030")
    assert decode_html(page.encode("utf-8"), "x") == (page, "utf-8")
    assert cell_text(_table("<td>&nbsp;</td>")) == ""
