"""`govlint parse FILE`: the syntax tree as indented text, each node with its location."""
from __future__ import annotations

from govlint.syntax.tree import Artifact, Cell, Document, Paragraph, Row, Section, Table

MAX_TEXT = 40


def _short(text: str) -> str:
    text = text.replace("\n", "⏎").replace("\t", "→")
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def render_tree(document: Document) -> str:
    out: list[str] = [f"document {document.span.line}:{document.span.column}-"
                      f"{document.span.end_line}:{document.span.end_column}"]
    for p in document.title:
        out.append(f"  title {p.span.label()} {_short(p.stripped)!r}")
    for block in document.preamble:
        _block(out, block, 1)
    for section in document.sections:
        _section(out, section)
    return "\n".join(out) + "\n"


def _section(out: list[str], section: Section) -> None:
    h = section.heading
    out.append(f"  section {section.number} {h.span.label()} {_short(h.stripped)!r}")
    for block in section.blocks:
        _block(out, block, 2)


def _block(out: list[str], block, depth: int) -> None:
    pad = "  " * depth
    if isinstance(block, Paragraph):
        out.append(f"{pad}paragraph:{block.kind} {block.span.label()} {_short(block.stripped)!r}")
    elif isinstance(block, Artifact):
        out.append(f"{pad}{block.kind} {block.span.label()} {_short(block.text)!r}")
    elif isinstance(block, Table):
        out.append(f"{pad}table {block.span.label()}-{block.span.end_line} ({len(block.rows)} rows)")
        for i, row in enumerate(block.rows, 1):
            _row(out, row, i, depth + 1)


def _row(out: list[str], row: Row, index: int, depth: int) -> None:
    pad = "  " * depth
    out.append(f"{pad}row {index} {row.span.label()} ({len(row.cells)} cells)")
    for cell in row.cells:
        _cell(out, cell, depth + 1)


def _cell(out: list[str], cell: Cell, depth: int) -> None:
    out.append(f"{'  ' * depth}cell {cell.span.label()} {_short(cell.value)!r}")
