"""--format text: `path:line:col CODE message`, the source line with the span marked, and a
summary of counts per severity and what --fix can do. Colour (rich) as --color says: `auto`
on a terminal unless NO_COLOR is set, `always`, `never`.

A table's blank cells (GL301) are one problem to a reader, fixed at once by --fix: when a
table has GROUPED_BLANKS or more, they are shown as one line where the first one is (the
summary still counts each cell, and JSON and the other formats keep one entry per cell)."""
from __future__ import annotations

import os
import re
from collections import Counter

from govlint.results.formats import plain_console

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_NAME = {"error": "错误", "warning": "警告", "info": "提示"}
MAX_SHOWN_LINE = 120
GROUPED_BLANKS = 3           # a table's blank cells from this many on are shown as one line
_BLANK_CODE = "GL301"
_TABLE = re.compile(r"^(表[一二三四五六])")


def render(results, stream, color: str = "auto", **_) -> None:
    if color == "always":
        plain = False
    elif color == "never":
        plain = True
    else:
        plain = bool(os.environ.get("NO_COLOR")) or not getattr(stream, "isatty", lambda: False)()
    if plain and plain_console.usable():       # no rich to import (see plain_console.py)
        console, Text = plain_console.PlainConsole(stream), plain_console.PlainText
    else:
        from rich.text import Text
        console = plain_console.rich_console(stream, plain)
    counts: Counter[str] = Counter()
    for result in results:
        groups = _blank_groups(result.diagnostics)
        for d in result.diagnostics:
            counts[d.severity] += 1
            group = groups.get(id(d))
            if group is not None and group[0] is not d:
                continue                   # shown in its table's grouped line
            message = _group_message(group) if group is not None else d.message
            head = Text(f"{d.path}:{d.where} ", style="bold")
            head.append(d.code, style=_STYLE.get(d.severity, ""))
            head.append(f" {message}")     # path:line:col CODE message, as editors parse it
            console.print(head)
            if result.report is not None:
                _source_excerpt(console, Text, result.report.source, d)
    if counts:
        summary = "，".join(f"{_SEVERITY_NAME[s]} {counts[s]} 个" for s in ("error", "warning", "info") if counts[s])
        files = sum(1 for r in results if r.diagnostics)
        console.print(Text(f"共发现 {summary}（{files} 个文件）", style="bold"))
        for line in fix_hints(results):
            console.print(Text(line))
    elif results:
        console.print(Text(f"未发现问题（{len(results)} 个文件）", style="bold green"))


def fix_hints(results) -> list[str]:
    """The closing lines on what --fix can do (as ruff's "[*] N fixable with the --fix
    option"): safe fixes, then the unsafe ones that --unsafe-fixes would add. Findings in a
    PDF or a web page are not counted: those files are never rewritten."""
    from govlint.read.sniff import editable     # not results.fixes: that loads the Word reader
    safe = unsafe = 0
    for result in results:
        if not editable(result.path):
            continue
        for d in result.diagnostics:
            if d.fix is not None:
                if d.fix.safe:
                    safe += 1
                else:
                    unsafe += 1
    lines = []
    if safe:
        lines.append(f"其中 {safe} 处可用 govlint --fix 自动修正")
    if unsafe:
        lines.append(f"另有 {unsafe} 处可用 --unsafe-fixes 修正（修正前请核对，见 govlint --fix --unsafe-fixes --diff）")
    return lines


def _blank_groups(diagnostics) -> dict[int, list]:
    """id of each blank-cell diagnostic in a table with GROUPED_BLANKS or more -> the
    table's blank-cell diagnostics, in report order."""
    tables: dict[tuple[str, str], list] = {}
    for d in diagnostics:
        m = _TABLE.match(d.message) if d.code == _BLANK_CODE else None
        if m:
            tables.setdefault((d.severity, m.group(1)), []).append(d)
    return {id(d): group for group in tables.values() if len(group) >= GROUPED_BLANKS for d in group}


def _group_message(group: list) -> str:
    first, last = group[0], group[-1]
    table = _TABLE.match(first.message).group(1)
    if first.location is None:
        where = f"第 {first.line} 行" if first.line == last.end_line else f"第 {first.line}–{last.end_line} 行"
    else:
        where = f"{first.where} 至 {last.where}"
    fix = "，govlint --fix 可一次填写" if all(d.fix is not None for d in group) else ""
    return f"{table}有 {len(group)} 个空白单元格应填 0（{where}）{fix}"


def _source_excerpt(console, Text, source, d) -> None:
    """The source line with the span marked; `Text` is rich's or plain_console's."""
    if d.line > source.line_count:
        return
    line = source.line_text(d.line).replace("\t", " ")
    start = d.column - 1
    end = d.end_column - 1 if d.end_line == d.line else len(line)
    if start >= MAX_SHOWN_LINE:   # show a window around the span of a long line
        shift = start - 20
        line, start, end = "…" + line[shift:], start - shift + 1, end - shift + 1
    line = line[:MAX_SHOWN_LINE]
    end = max(start + 1, min(end, len(line)))
    gutter = f"{d.line:>5} | " if d.location is None else "      | "   # Word: no line numbers
    text = Text(gutter, style="dim")
    text.append(line[:start])
    text.append(line[start:end], style="reverse" if not console.no_color else "")
    text.append(line[end:])
    console.print(text)
    marker = "".join("　" if _wide(ch) else " " for ch in line[:start])
    width = "".join("＾" if _wide(ch) else "^" for ch in line[start:end]) or "^"
    console.print(Text(" " * len(gutter) + marker + width, style=_STYLE.get(d.severity, "")))


def _wide(ch: str) -> bool:
    import unicodedata
    return unicodedata.east_asian_width(ch) in ("W", "F")
