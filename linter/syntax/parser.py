"""Text -> syntax tree, with the Lark grammar in grammar/report.lark (LALR).

A line the grammar cannot place (rare: e.g. a bookmark in front of a table cell) does not
stop the parse: it is kept as an `unparsed` artifact and the rest of the report is parsed.
"""
from __future__ import annotations

from govlint.syntax.driver import LINE_KINDS as _LINE_KINDS, ParseError, driver   # noqa: F401
from govlint.syntax.line_kinds import parser   # noqa: F401  (the reference parse; tests and fuzz use it)
from govlint.syntax.tree import Artifact, Document, Span, Table, new_span
from govlint.syntax.outline import build_outline
from govlint.syntax.plain_text import join_wrapped, read_plain
from govlint.read.text import InputError, Source

# After this many unplaceable lines the input is not a report in any layout we know.
MAX_UNPARSED_LINES = 200


def parse(source: Source, templates=None) -> Document:
    """Parse a decoded report into a Document with its title and sections found. Text with
    no table in the Tika layout (copied from a PDF or web page, Markdown) is read further
    by plain_text.py: its tables by the templates' labels (national ones by default)."""
    blocks = parse_blocks(source)
    return complete(Document(_whole(source), blocks), source, templates)


def complete(document: Document, source: Source, templates=None) -> Document:
    """A document of the grammar's blocks made whole: in text without Tika tables, Markdown
    headings and the tables read by the templates' labels (plain_text.py); then the outline;
    then, in such text, the paragraphs wrapped over several lines joined for prose rules."""
    plain = not any(type(b) is Table for b in document.blocks)
    if plain:
        if templates is None:
            from govlint.model.templates.national import NATIONAL_TEMPLATES as templates
        read_plain(document, source, templates)
    build_outline(document)
    if plain:
        join_wrapped(document)
    return document


def parse_blocks(source: Source) -> list:
    """The grammar's blocks of the report, in order, with the lines it cannot place kept as
    `unparsed` artifacts (each blanked out and the text parsed again)."""
    text = source.text
    unparsed: list[tuple[int, int]] = []
    run = driver()
    while True:
        try:
            blocks = run.parse(text + "\n", source.text, source.position)
            break
        except ParseError as e:
            start, end = _line_bounds(text, e.pos)
            if len(unparsed) >= MAX_UNPARSED_LINES or (start, end) in unparsed:
                raise InputError(f"{source.path}：文件内容无法按报告格式解析（第 {e.line} 行附近），"
                                 "请确认这是政府信息公开工作年度报告的文本") from None
            unparsed.append((start, end))
            # Blank the line out (same length, so every offset stays true) and parse again.
            text = text[:start] + " " * (end - start) + text[end:]
    if unparsed:
        for start, end in unparsed:
            blocks.append(Artifact(_span(source, start, end), "unparsed", source.text[start:end]))
        blocks.sort(key=lambda b: b.span.offset)
    return blocks


def _span(source: Source, start: int, end: int) -> Span:
    line, column = source.position(start)
    end_line, end_column = source.position(max(start, end))
    return Span(line, column, end_line, end_column, start, end)


def _whole(source: Source) -> Span:
    """The span of the whole text; its end counted here rather than looked up (what
    source.position gives: the line after the last line break, the column after its text)."""
    text = source.text
    last_start = text.rfind("\n") + 1
    return new_span(Span, (1, 1, text.count("\n") + 1, len(text) - last_start + 1, 0, len(text)))


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end
