"""Reading a report published as a web page (.html/.htm, as government CMS such as TRS write
them) into blocks, then into the shared text layout (layout.py).

What a page holds besides the report — navigation, breadcrumbs (当前位置), 相关链接, 附件下载,
share and print buttons, footers, scripts, styles, hidden elements — is not report text. The
reader finds the element that holds the report: the deepest one holding (nearly) all of its
*markers* — the template's tables (表二 第二十条…, 表三 本年新收…, 表四 复议后起诉…) and the
section headings 一、总体情况 … 六、其他需要报告的事项 — widened to parents that add only
prose. The title (…年政府信息公开工作年度报告), usually an <h1> or title <div> just above that
element, is taken as the first paragraph, with a bracketed subtitle line under it.

Inside, <p>, <div>, <h1>–<h6>, <li> and <br>-separated lines are paragraphs; a <table> is read
cell by cell on the HTML table grid: a cell spanning columns (colspan) once, a cell spanning
rows (rowspan) in its first row and as "" in each row below (blocks.py). A table used to lay
out the page (one cell, or one holding the report's tables or headings) is walked through, not
read as a table; a table inside a cell is read as the cell's text.

Locations are those of the Word reader: paragraphs with text numbered 1… in document order
(段落N), tables numbered 1… with rows and cells counted from 1, a merged cell once
(表t 第r行第c列).
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from govlint.errors import InputError
from govlint.read.layout import LaidOutSource, lay_out
from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, MB
from govlint.read.web_page_body import html_blocks

# A report's page is 0.1–1 MB; far larger files are not one report page (or are a hostile one).
MAX_HTML_BYTES = int(DEFAULT_LIMITS.html_mb * MB)
# Bytes scanned for a <meta charset>: browsers look at the first 1024; CMS heads can be long.
CHARSET_SCAN_BYTES = 32_768

_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_FOREIGN = [
    (b"%PDF", "这是 PDF 文件，不是网页"),
    (b"PK\x03\x04", "这是压缩包格式的文件（如 .docx、.xlsx、.zip），不是网页"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）或 WPS 文件，不是网页"),
    (b"{\\rtf", "这是 RTF 文件，不是网页"),
    (b"\x89PNG", "这是图片（PNG），不是网页"),
    (b"\xff\xd8\xff", "这是图片（JPEG），不是网页"),
    (b"GIF8", "这是图片（GIF），不是网页"),
]
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "gb_2312",
       "csgb2312", "euc-cn", "chinese", "iso-ir-58", "936"}
_WESTERN = {"iso-8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1"}
_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\r\n\f\v\x1b"}
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|p|div|table|span|br|h[1-6])\b", re.I)


# ---------------------------------------------------------------- entry points
def read_html(path: str | Path, *, max_bytes: int | None = None) -> LaidOutSource:
    """A web page's report as a laid-out source (tree, regions, locations 段落N / 表t 第r行第c列)."""
    limit = MAX_HTML_BYTES if max_bytes is None else max_bytes
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{path}")
    if p.is_dir():
        raise InputError(f"{path} 是文件夹，不是报告文件")
    if not p.is_file():
        raise InputError(f"{path} 不是普通文件（可能是管道或设备），不是报告文件")
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(_too_large(path, size, limit))
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"没有读取权限：{path}") from None
    except OSError as e:
        raise InputError(f"无法读取文件 {path}：{e.strerror or e}") from None
    return read_html_bytes(data, str(path), max_bytes=limit)


def read_html_bytes(data: bytes, path: str = "<html>", *, max_bytes: int | None = None) -> LaidOutSource:
    limit = MAX_HTML_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise InputError(_too_large(path, len(data), limit))
    text, charset = decode_html(data, path)
    blocks = html_blocks(text, path)
    source = lay_out(path, blocks, encoding="html")
    source.charset = charset     # informational: what the page was decoded with
    return source


def _too_large(path, size: int, limit: int) -> str:
    return (f"{path}：网页文件过大（{size / 1e6:.1f} MB）。一份年度报告的网页通常不到 1 MB，"
            f"govlint 只读取 {limit / 1e6:g} MB 以内的网页；请确认这是报告页面本身")



# ---------------------------------------------------------------- bytes -> text
def decode_html(data: bytes, path: str = "") -> tuple[str, str]:
    """The page's text and the charset it was read with: the BOM, else the charset the page
    declares (<meta charset>, <meta http-equiv … charset=…>, <?xml encoding>; GB2312/GBK read
    as GB18030), else UTF-8, then GB18030."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(f"文件是空的：{path}")
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise InputError(f"{path}：{what}。请提供报告网页（.html）本身，或把报告另存为 .docx 或纯文本（.txt）再检查")
    text = charset = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text, charset = data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(f"{path}：网页开头标明为 {encoding.upper()} 编码，但内容无法按此编码读取，文件可能已损坏") from None
            break
    if text is None and len(data) >= 4 and (data[:4:2] == b"<<" and data[1:4:2] == b"\x00\x00"
                                            or data[1:4:2] == b"<<" and data[:4:2] == b"\x00\x00"):
        encoding = "utf-16-le" if data[0:1] == b"<" else "utf-16-be"
        try:
            text, charset = data.decode(encoding), encoding
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data.rstrip(b"\x00"):
            raise InputError(f"{path}：这不是网页文件（含有二进制内容）。请提供报告网页（.html）本身")
        declared = _declared_charset(data[:CHARSET_SCAN_BYTES])
        candidates = ["utf-8", "gb18030"]
        if declared and declared not in _WESTERN:
            candidates.insert(0, declared)
        for encoding in candidates:
            try:
                text, charset = data.decode(encoding), encoding
                break
            except (UnicodeDecodeError, LookupError):
                continue
        if text is None:
            said = f"网页声明的编码是 {declared}，但" if declared else ""
            raise InputError(f"{path}：{said}无法识别网页的文字编码（既不是 UTF-8，也不是 GB18030/GBK/GB2312），"
                             "文件可能已损坏。请在浏览器中打开该页面后“另存为”网页（UTF-8）再检查")
    sample = text[:20000]
    if len(sample) - len(sample.translate(_CONTROLS)) > max(8, len(sample) // 50):
        raise InputError(f"{path}：这不是网页文件（含有大量控制字符或二进制内容）。请提供报告网页（.html）本身")
    if not _MARKUP.search(text[:200_000]):
        raise InputError(f"{path}：这个文件里没有网页标记（HTML），不是网页。纯文本报告请以 .txt 扩展名检查")
    return text, charset


def _declared_charset(head: bytes) -> str | None:
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower().strip(".:")
    if name in _GB:
        return "gb18030"
    if name in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    if name in _WESTERN:
        return name
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page saved as text cannot be UTF-16 here (no BOM, no NUL bytes): the declaration is stale.
    return None if codec.startswith(("utf-16", "utf-32")) else codec


