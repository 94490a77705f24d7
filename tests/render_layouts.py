"""Render a report in the Tika layout (builder text, seed reports) in the layouts text
copied from a PDF or a web page has, for tests of linter/plain_tables.py:

    cell_per_line(text)   each table cell on a line of its own, rows run together
    space_separated(text) each table row on one line, its cells separated by spaces
    markdown(text)        pipe tables (with a |---| rule under the first row), ## headings

Prose lines are kept as they are. In the first two layouts an empty cell cannot be seen:
it is left out (so a row with a blank cell has a cell too few there).
"""
from __future__ import annotations

import re

from govlint.syntax.tree import Table
from govlint.syntax.parser import parse
from govlint.read.text import from_text


def _cell_text(cell) -> str:
    """A cell's content on one line (a Tika cell may continue on following lines)."""
    return "".join(part.strip(" \t\u3000\u00a0") for part in cell.value.split("\n"))


def _render(text: str, table_lines, heading=lambda p, line: line) -> str:
    document = parse(from_text(text))
    source_lines = text.split("\n")
    tables = {t.span.line: t for t in document.blocks if isinstance(t, Table)}
    headings = {s.heading.span.line: s.heading for s in document.sections if s.heading is not None}
    title = document.title[0].span.line if document.title else None
    out: list[str] = []
    number = 1
    while number <= len(source_lines):
        table = tables.get(number)
        if table is not None:
            out += table_lines(table)
            number = table.span.end_line + 1
            continue
        line = source_lines[number - 1]
        if number in headings:
            line = heading(2, line)
        elif number == title:
            line = heading(1, line)
        out.append(line)
        number += 1
    return "\n".join(out)


def cell_per_line(text: str) -> str:
    return _render(text, lambda t: [v for row in t.rows for v in map(_cell_text, row.cells) if v])


def space_separated(text: str) -> str:
    return _render(text, lambda t: [" ".join(v for v in map(_cell_text, row.cells) if v) for row in t.rows])


def _pipe_table(table: Table) -> list[str]:
    width = max(len(row.cells) for row in table.rows)
    out = []
    for i, row in enumerate(table.rows):
        cells = [_cell_text(c) for c in row.cells] + [""] * (width - len(row.cells))
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "---|" * width)
    return out


_BOOKMARK = re.compile(r"\[bookmark: [^\]\n]*\]")


def markdown(text: str) -> str:
    return _render(text, _pipe_table,
                   heading=lambda level, line: "#" * level + " " + _BOOKMARK.sub("", line).strip())


LAYOUTS = {"cell_per_line": cell_per_line, "space_separated": space_separated, "markdown": markdown}
