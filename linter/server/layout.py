"""The report as the check page draws it: the decoded text and its blocks by character
offsets — paragraphs as lines, tables as rows of cells — so findings can be marked in place.
Only offsets travel; the page takes every string from `text` and inserts it as text."""
from __future__ import annotations

from govlint.syntax.tree import Artifact, Paragraph, Table


def document_view(report) -> dict:
    return {"text": report.source.text, "blocks": [_block(b) for b in report.document.blocks]}


def _block(block) -> dict:
    s = block.span
    if isinstance(block, Table):
        rows = [[[c.span.offset, c.span.end_offset] for c in row.cells] for row in block.rows]
        return {"type": "table", "kind": None, "start": s.offset, "end": s.end_offset, "rows": rows}
    kind = block.kind if isinstance(block, (Paragraph, Artifact)) else None
    kind_type = "artifact" if isinstance(block, Artifact) else "paragraph"
    return {"type": kind_type, "kind": kind, "start": s.offset, "end": s.end_offset, "rows": None}
