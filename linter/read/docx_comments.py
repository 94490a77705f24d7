"""Word comments (批注) that accept a finding: a comment on the flagged text whose text starts
with `govlint: ignore GL304 <reason>` silences that finding there (the .docx counterpart of
an `[[ignore]]` entry in govlint.toml).

The commented range is found in the document body between w:commentRangeStart and
w:commentRangeEnd, and mapped to offsets of the text govlint checks through the reader's
record of where each w:t landed (linter/docx_reader.py): a finding is covered when its span
overlaps that range. A comment on an empty cell or paragraph covers that line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.read.docx_xml import W_P, w_tag

DIRECTIVE = re.compile(r"^\s*govlint\s*[:：]\s*ignore\s+([A-Za-z0-9_\-]+(?:\s*[,，、]\s*[A-Za-z0-9_\-]+)*)\s*(.*)$",
                       re.S | re.I)
_ID = w_tag("id")
_START, _END, _COMMENT, _T = w_tag("commentRangeStart"), w_tag("commentRangeEnd"), w_tag("comment"), w_tag("t")


@dataclass(frozen=True)
class CommentDirective:
    rules: tuple[str, ...]      # codes or names after `ignore`
    reason: str
    text: str                   # the whole comment, for messages
    start: int                  # the commented range in the checked text
    end: int


def comment_directives(source) -> list[CommentDirective]:
    """The `govlint: ignore …` comments of a .docx source, with the ranges they cover."""
    package = getattr(source, "package", None)
    if package is None:
        return []
    texts = _comment_texts(package)
    wanted = {cid: m for cid, text in texts.items() if (m := DIRECTIVE.match(text))}
    if not wanted:
        return []
    ranges = _commented_ranges(source, set(wanted))
    out = []
    for cid, m in wanted.items():
        if cid not in ranges:
            continue
        rules = tuple(r for r in re.split(r"\s*[,，、]\s*", m.group(1)) if r)
        start, end = ranges[cid]
        out.append(CommentDirective(rules, m.group(2).strip(), " ".join(texts[cid].split()), start, end))
    return out


def _comment_texts(package) -> dict[str, str]:
    """Comment id -> its text, from the comments part."""
    for rel in package.part.rels.values():
        if rel.is_external or not str(rel.target_part.partname).endswith("/comments.xml"):
            continue
        part = rel.target_part
        root = part.element if hasattr(part, "element") else _parse(part.blob)
        if root is None:
            return {}
        return {c.get(_ID): "\n".join("".join(t.text or "" for t in p.iter(_T)) for p in c.iter(W_P))
                for c in root.iter(_COMMENT)}
    return {}


def _parse(blob: bytes):
    from lxml import etree
    try:
        return etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return None


def _commented_ranges(source, ids: set[str]) -> dict[str, tuple[int, int]]:
    """Comment id -> (start, end) offsets of the text between its range marks, in body order."""
    text_at: dict[int, tuple[int, int]] = {}
    for piece in source.pieces:
        key = id(piece.element)
        start, end = text_at.get(key, (piece.start, piece.end))
        text_at[key] = (min(start, piece.start), max(end, piece.end))
    line_at = {id(a.paragraph): (a.start, a.end) for a in reversed(source.anchors)}
    open_ranges: dict[str, list] = {}
    found: dict[str, tuple[int, int]] = {}
    line = None                                  # the line of the paragraph being walked
    for element in source.package.element.body.iter():
        tag = element.tag
        if tag == _START and element.get(_ID) in ids:
            open_ranges[element.get(_ID)] = [None, None, line]     # start, end, fallback line
        elif tag == _END and element.get(_ID) in open_ranges:
            start, end, fallback = open_ranges.pop(element.get(_ID))
            if start is not None:
                found[element.get(_ID)] = (start, end)
            elif fallback is not None:
                found[element.get(_ID)] = fallback
        elif tag == _T and id(element) in text_at:
            a, b = text_at[id(element)]
            for span in open_ranges.values():
                span[0] = a if span[0] is None else span[0]
                span[1] = b
        elif tag == W_P and id(element) in line_at:
            line = line_at[id(element)]
            for span in open_ranges.values():
                span[2] = span[2] or line
    return found
