"""Renders a report in the Tika text layout (tests/builder.py) as a government website
publishes it, for tests of the web page reader.

    text = build_report(year=2019)
    path = write_html(text, tmp_path / "report.html")                   # UTF-8, <meta charset>
    path = write_html(text, tmp_path / "gb.html", charset="gb2312")     # http-equiv, GB2312 bytes

The page is what a CMS (TRS and its kind) writes: a <head> with scripts and styles, a site
header with navigation, a 当前位置 breadcrumb, the title in an <h1> above the article with a
publication line and share buttons under it, the article in <div class="TRS_Editor">,
then 附件下载, 相关链接 and a footer with scripts. Tables carry the official template's merged
cells as HTML writes them (colspan, rowspan, computed by docx_builder._layout as for Word), the
header cells of table 三 are broken over several <p> and padded with runs of &nbsp; and an
empty cell is a lone &nbsp;. `layout="table"` builds the page itself out of nested tables,
as older sites do. All text is ours (builder.py); nothing is taken from a real page.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from docx_builder import _layout
from govlint.syntax.tree import Table
from govlint.syntax.parser import parse
from govlint.read.text import from_text

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,2}、")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_NBSP_RUN = " &nbsp;" * 8

HEAD = """<head>
<meta charset="{charset}" name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="ArticleTitle" content="{title}"/>
<title>{title}_政府信息公开年报_示例市人民政府</title>
<link rel="stylesheet" type="text/css" href="/images/style.css">
<style>.TRS_Editor p {{ text-indent: 2em; }} .hide {{ display: none; }}</style>
<script type="text/javascript">var pageTitle = "一、总体情况"; function share() {{ return "分享到微信"; }}</script>
</head>"""
HEAD_HTTP_EQUIV = """<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_政府信息公开年报_示例市人民政府</title>
<script src="/js/jquery.min.js"></script>
</head>"""
HEAD_NONE = """<head>
<title>{title}</title>
</head>"""

SITE_HEADER = """<div class="header">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="示例市人民政府门户网站"/></a></div>
  <div class="nav" role="navigation"><ul>
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjsl/">走进示例</a></li>
  </ul></div>
  <div class="search"><input type="text" value="请输入关键词"/><button>搜索</button></div>
</div>"""
BREADCRUMB = """<div class="position"><span>当前位置：</span><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>
  &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>"""
ARTICLE_INFO = """<div class="info">
  <span>发布时间：2022-01-20 10:00</span><span>来源：示例市人民政府办公室</span>
  <span class="font">字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span>
  <div class="share">分享到：<a href="javascript:;">微信</a><a href="javascript:;">微博</a><a href="javascript:;">QQ空间</a></div>
</div>
<div class="hide">全真版 文字版</div>"""
AFTER_ARTICLE = """<div class="fujian"><span>附件下载：</span><ul><li><a href="./P0.pdf">年度报告全文.pdf</a></li></ul></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>"""
SIDEBAR = """<div class="related"><h3>相关链接</h3><ul>
  <li><a href="../t1.htm">示例市2018年政府信息公开工作年度报告</a></li>
  <li><a href="../t2.htm">示例市2017年政府信息公开工作年度报告</a></li>
</ul></div>"""
FOOTER = """<div class="footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>
  <p>主办单位：示例市人民政府办公室　网站标识码：0000000000</p>
  <p>浙ICP备00000000号　浙公网安备 00000000000000号</p>
</div>
<script type="text/javascript">document.write("三、收到和处理政府信息公开申请情况");</script>
<noscript>您的浏览器不支持脚本</noscript>"""


def render_html(text: str, charset: str = "utf-8", declare: str = "meta", layout: str = "div",
                bom: bool = False) -> bytes:
    """The page for a report in the text layout, as bytes in `charset` (GB2312 pages are
    written as GB18030 bytes, as the sites' servers do). `declare`: "meta" (<meta charset>
    combined with the viewport), "http-equiv", or "none" (the reader has to sniff)."""
    title, subtitle, body = _article(text)
    head = {"meta": HEAD, "http-equiv": HEAD_HTTP_EQUIV, "none": HEAD_NONE}[declare]
    head = head.format(charset=charset, title=html.escape(title))
    heading = f'<div class="article_title"><h1>{html.escape(title)}</h1>'
    if subtitle:
        heading += "".join(f'<p class="subtitle">{html.escape(s)}</p>' for s in subtitle)
    heading += "</div>"
    article = f'<div class="TRS_Editor">{body}</div>'
    if layout == "table":
        page = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td>{SITE_HEADER}</td></tr>
<tr><td>{BREADCRUMB}</td></tr>
<tr><td><table width="980" align="center"><tr>
  <td width="200" valign="top">{SIDEBAR}</td>
  <td valign="top"><table width="100%"><tr><td>{heading}</td></tr><tr><td>{ARTICLE_INFO}</td></tr>
    <tr><td>{article}</td></tr><tr><td>{AFTER_ARTICLE}</td></tr></table></td>
</tr></table></td></tr>
<tr><td>{FOOTER}</td></tr>
</table>"""
    else:
        page = f"""<div class="wrap">
{SITE_HEADER}
<div class="main">
{BREADCRUMB}
<div class="article">
{heading}
{ARTICLE_INFO}
<div class="article_content">
{article}
</div>
{AFTER_ARTICLE}
</div>
{SIDEBAR}
</div>
{FOOTER}
</div>"""
    document = f"<!DOCTYPE html>\n<html>\n{head}\n<body>\n{page}\n</body>\n</html>\n"
    codec = "gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset
    data = document.encode(codec)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_html(text: str, path: str | Path, **options) -> Path:
    Path(path).write_bytes(render_html(text, **options))
    return Path(path)


# ---------------------------------------------------------------- the article
def _article(text: str) -> tuple[str, list[str], str]:
    """(title, subtitle lines, the editor's HTML) of a report in the text layout."""
    source = from_text(text)
    tables = {b.span.line: b for b in parse(source).blocks if isinstance(b, Table)}
    lines = source.text.replace("\r\n", "\n").split("\n")
    title: list[str] = []
    number = 1
    while number <= len(lines) and number not in tables:      # the title group: lines before the first blank after text
        line = lines[number - 1]
        if not line.strip():
            if title:
                break
        elif _SECTION.match(line) or len(line) > 40 or len(title) >= 3:
            break
        else:
            title.append(line)
        number += 1
    parts: list[str] = []
    while number <= len(lines):
        table = tables.get(number)
        if table is not None:
            parts.append(_table(table))
            number = table.span.end_line + 2
            continue
        parts.append(_paragraph(lines[number - 1]))
        number += 1
    head = title[0] if title else ""
    return head, title[1:], "".join(parts)


_BOOKMARKS = re.compile(r"\[bookmark: [^\]]*\]")


def _paragraph(line: str) -> str:
    line = _BOOKMARKS.sub("", line)     # Word's leftovers in a text export; a page has none
    if not line.strip():
        return '<p style="text-indent: 2em;">&nbsp;</p>'
    if _SECTION.match(line):
        return f'<p style="text-indent: 2em;"><strong>{html.escape(line)}</strong></p>'
    # An editor splits prose into spans at the marks it formats; the reader must join them.
    pieces = re.findall(r"[^，]*，|[^，]+$", line)
    return '<p style="text-indent: 2em;">' + "".join(
        f'<span style="font-family: 仿宋_GB2312;">{html.escape(p)}</span>' for p in pieces if p) + "</p>"


def _table(table: Table) -> str:
    rows = [[cell.text.replace("\r", "") for cell in row.cells] for row in table.rows]
    layout = _layout(rows)
    # rowspan of a cell that starts a vertical merge: the continuations below at the same place
    grid = []
    for row in layout:
        start, placed = 0, {}
        for text, span, merge in row:
            placed[(start, span)] = merge
            start += span
        grid.append(placed)
    out = ['<table style="border-collapse: collapse; border: none;" cellspacing="0" align="center" border="1"><tbody>']
    for r, row in enumerate(layout):
        out.append('<tr style="height:19px">')
        start = 0
        for text, span, merge in row:
            if merge == "continue":
                start += span
                continue
            attributes = f' colspan="{span}"' if span > 1 else ""
            if merge == "restart":
                down = 1
                while r + down < len(grid) and grid[r + down].get((start, span)) == "continue":
                    down += 1
                attributes += f' rowspan="{down}"'
            out.append(f'<td{attributes} style="padding:5px; border:1px solid windowtext" valign="center">'
                       f"{_cell(text, header=not _NUMBER.match(text.strip()))}</td>")
            start += span
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell(text: str, header: bool) -> str:
    """A cell's paragraphs: empty as &nbsp;; a label over several <p> padded with &nbsp; runs
    (as table 三's header is in published pages); a line break in the text as <br/>."""
    if not text.strip(" \u3000\u00a0"):
        return "<p>&nbsp;</p>" if not text else f"<p>{html.escape(text).replace(chr(0xa0), '&nbsp;')}</p>"
    if "\n" in text:
        return "<p>" + "<br/>".join(html.escape(t) for t in text.split("\n")) + "</p>"
    if header and 4 <= len(text) <= 10 and re.fullmatch(r"[\u4e00-\u9fff、]+", text):
        half = len(text) // 2
        return f"<p>{html.escape(text[:half])}{_NBSP_RUN}</p><p>{html.escape(text[half:])}{_NBSP_RUN}</p>"
    return f'<p style="text-indent: 0em;">{html.escape(text)}</p>'
