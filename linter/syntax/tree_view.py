"""`govlint parse FILE`: the syntax tree as indented text, each node with its location; with
--format json as nested objects (kind, text, span, children)."""
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


def tree_json(document: Document, text: str = "") -> dict:
    """The tree as JSON-ready dicts: each node has `kind`, `text` (a paragraph's or cell's
    own text, a section's heading, a table's or row's source text; null for the document),
    `span` (line, column, end_line, end_column, offset, end_offset as in diagnostics) and,
    for containers, `children`. Paragraphs add `paragraph_kind`, sections `number`."""
    children = [_node("title", p.stripped, p.span) for p in document.title]
    children += [_block_json(b, text) for b in document.preamble]
    for section in document.sections:
        h = section.heading
        node = _node("section", h.stripped if h is not None else "", section.span)
        node["number"] = section.number
        node["children"] = [_block_json(b, text) for b in section.blocks]
        children.append(node)
    root = _node("document", None, document.span)
    root["children"] = children
    return root


def _node(kind: str, text, span) -> dict:
    return {"kind": kind, "text": text, "span": {"line": span.line, "column": span.column, "end_line": span.end_line,
                                                 "end_column": span.end_column, "offset": span.offset,
                                                 "end_offset": span.end_offset}}


def _block_json(block, text: str) -> dict:
    if isinstance(block, Paragraph):
        node = _node("paragraph", block.stripped, block.span)
        node["paragraph_kind"] = block.kind
        return node
    if isinstance(block, Artifact):
        node = _node("artifact", block.text, block.span)
        node["artifact_kind"] = block.kind
        return node
    if isinstance(block, Table):
        node = _node("table", text[block.span.offset:block.span.end_offset], block.span)
        node["children"] = [_row_json(row, text) for row in block.rows]
        return node
    return _node(type(block).__name__.lower(), None, block.span)


def _row_json(row: Row, text: str) -> dict:
    node = _node("row", text[row.span.offset:row.span.end_offset], row.span)
    node["children"] = [_node("cell", cell.value, cell.span) for cell in row.cells]
    return node
