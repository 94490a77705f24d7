"""Reading report files: encodings, line endings, and input that is not a report text."""
from __future__ import annotations

import codecs
import re

import pytest

from govlint.syntax.tree import Artifact, Cell, Paragraph, Row, Table
from govlint.run.engine import Linter
from govlint.syntax.parser import parse
from govlint.read.text import InputError, decode, from_text, read_file
from builder import build_report, cell_line

CJK = re.compile(r"[\u4e00-\u9fff]")
REPORT = build_report(year=2019, place="杭州市拱墅区", cells={"t3.new.natural": ""})
BLANK_LINE = cell_line("t3.new.natural", year=2019, place="杭州市拱墅区")


def _shape(document):
    """Everything the parse says about a document, newline-independent."""
    out = []
    for node in document.walk():
        text = getattr(node, "text", None)
        kind = getattr(node, "kind", "")
        out.append(("Cell" if isinstance(node, Cell) else type(node).__name__, kind,   # LineCell: a Cell with a lazy span
                    node.span.line, node.span.column, node.span.end_line,
                    None if text is None else text.replace("\r", "")))
    out.append(tuple((s.number, s.heading.span.line) for s in document.sections))
    out.append(tuple(p.stripped for p in document.title))
    return out


def _write(tmp_path, data: bytes, name: str = "report.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- encodings
@pytest.mark.parametrize("encoding, data", [
    ("utf-8", REPORT.encode("utf-8")),
    ("utf-8-bom", codecs.BOM_UTF8 + REPORT.encode("utf-8")),
    ("gb18030", REPORT.encode("gb18030")),
    ("gbk", REPORT.encode("gbk")),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le")),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be")),
])
def test_every_supported_encoding_decodes_to_the_same_text(tmp_path, encoding, data):
    source = read_file(_write(tmp_path, data))
    assert source.text == REPORT
    assert not source.text.startswith("\ufeff")
    assert source.bom == encoding.endswith("bom")


@pytest.mark.parametrize("encode", [
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("gb18030"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
])
def test_encoded_report_is_linted_like_utf8(tmp_path, encode):
    linter = Linter(select=["GL3"])
    plain = linter.lint_file(_write(tmp_path, REPORT.encode("utf-8"), "plain.txt")).diagnostics
    other = linter.lint_file(_write(tmp_path, encode(REPORT), "other.txt")).diagnostics
    assert [(d.code, d.line, d.column, d.offset) for d in other] == [
        (d.code, d.line, d.column, d.offset) for d in plain]
    assert [(d.code, d.line) for d in plain] == [("GL301", BLANK_LINE)]


def test_gb18030_only_characters_survive(tmp_path):
    text = build_report(prose={1: ["本单位地址：㐀路（扩展汉字测试）。"]})
    assert read_file(_write(tmp_path, text.encode("gb18030"))).text == text


def test_from_text_drops_a_bom():
    assert from_text("\ufeff" + REPORT).text == REPORT


# ---------------------------------------------------------------- line endings
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_parse_the_same_as_lf(newline):
    lf = parse(from_text(REPORT))
    other = parse(from_text(REPORT.replace("\n", newline)))
    assert _shape(other) == _shape(lf)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_give_the_same_diagnostics(newline, tmp_path):
    text = build_report(year=2021, place="杭州市拱墅区", cells={"t3.carried.total": "5"},
                        prose={1: ["拱墅市今年加强了公开工作。"]})
    linter = Linter()
    lf = linter.lint_file(_write(tmp_path, text.encode("utf-8"), "lf.txt")).diagnostics
    other = linter.lint_file(_write(tmp_path, text.replace("\n", newline).encode("utf-8"), "o.txt")).diagnostics
    assert lf, "the fixture must produce findings"
    assert [(d.code, d.line, d.column, d.end_line, d.end_column) for d in other] == [
        (d.code, d.line, d.column, d.end_line, d.end_column) for d in lf]


def test_crlf_offsets_point_into_the_crlf_text(tmp_path):
    text = build_report(place="杭州市拱墅区", prose={1: ["拱墅市今年加强了公开工作。"]}).replace("\n", "\r\n")
    path = _write(tmp_path, text.encode("utf-8"))
    result = Linter(select=["GL501"]).lint_file(path)
    [d] = result.diagnostics
    assert result.report.source.text[d.offset:d.end_offset] == "拱墅市"


def test_lone_cr_keeps_offsets_and_lines():
    source = from_text("第一行\r第二行\r第三行\r")
    assert source.text == "第一行\n第二行\n第三行\n"
    assert source.newline == "\r"
    assert source.position(4) == (2, 1)
    assert source.line_text(3) == "第三行"


def test_crlf_line_text_has_no_line_ending():
    source = from_text("甲乙\r\n丙丁\r\n")
    assert source.line_text(1) == "甲乙"
    assert source.position(source.text.index("丙")) == (2, 1)
    assert source.newline == "\r\n"


# ---------------------------------------------------------------- input that is not a report text
def _input_error(path) -> str:
    with pytest.raises(InputError) as info:
        read_file(path)
    message = str(info.value)
    assert CJK.search(message), message
    return message


@pytest.mark.parametrize("data", [b"", b"   \r\n\n \t\n"])
def test_empty_file(tmp_path, data):
    assert "空" in _input_error(_write(tmp_path, data))


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,
    b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" * 50,
    b"\x00\x01\x02\x03" * 300,
    b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100,
])
def test_binary_file(tmp_path, data):
    message = _input_error(_write(tmp_path, data))
    assert "文本" in message or "编码" in message


def test_directory(tmp_path):
    assert "文件夹" in _input_error(tmp_path)


def test_missing_file(tmp_path):
    assert "找不到" in _input_error(tmp_path / "nope.txt")


@pytest.mark.parametrize("magic, word", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
    (b"{\\rtf1\\ansi\\deff0", "RTF"),
    (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, ".docx"),
])
def test_other_document_formats_are_named(tmp_path, magic, word):
    assert word in _input_error(_write(tmp_path, magic))


def test_corrupt_bom_text(tmp_path):
    # A UTF-8 BOM followed by bytes that are not UTF-8.
    message = _input_error(_write(tmp_path, codecs.BOM_UTF8 + b"\xff\xfe\xfd abc"))
    assert "UTF-8" in message


def test_decode_error_names_the_path():
    with pytest.raises(InputError, match="报告.txt"):
        decode(b"%PDF-1.4", "报告.txt")


def test_parsed_report_has_no_stray_nodes_for_bom(tmp_path):
    """The BOM is not part of the text, so the title starts at column 1."""
    path = _write(tmp_path, codecs.BOM_UTF8 + REPORT.encode("utf-8"))
    document = parse(read_file(path))
    assert document.title[0].span.column == 1
    assert document.title[0].stripped.startswith("2019年")
    assert all(isinstance(b, (Paragraph, Table, Artifact)) for b in document.blocks)
    assert any(isinstance(n, (Row, Cell)) for n in document.walk())


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, encoding):
    source = read_file(_write(tmp_path, REPORT.encode(encoding)))
    assert source.text == REPORT and source.encoding == encoding and not source.bom
