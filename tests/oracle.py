"""The previous code paths, kept as test-only oracles for the optimised ones (issue 17).

`reference_parse` is the parse as it was before the one-pass driver (linter/syntax/driver.py):
Lark's own LALR loop with the line lexer (`parser()`), a Lark tree, and a builder that walks
that tree for the spans. `tree_shape` turns a Document into plain data to compare.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import lark

from govlint.read import read_input
from govlint.read.text import InputError, Source
from govlint.syntax.line_kinds import parser
from govlint.syntax.parser import MAX_UNPARSED_LINES, _line_bounds, complete
from govlint.syntax.tree import Artifact, Cell, Document, Paragraph, Row, Section, Span, Table

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
TEST_DATA = Path(__file__).resolve().parent / "data"

_LINE_KINDS = {"SECTION_LINE": "section", "SUBHEAD_LINE": "subheading", "ITEM_LINE": "item",
               "POINT_LINE": "point", "PAGE_NUMBER": "page_number", "TEXT_LINE": "text"}


def reference_parse(source: Source, templates=None) -> Document:
    text = source.text
    unparsed: list[tuple[int, int]] = []
    while True:
        try:
            tree = parser().parse(text + "\n")
            break
        except lark.exceptions.UnexpectedInput as e:
            start, end = _line_bounds(text, e.pos_in_stream or 0)
            if len(unparsed) >= MAX_UNPARSED_LINES or (start, end) in unparsed:
                raise InputError(f"{source.path}：文件内容无法按报告格式解析（第 {e.line} 行附近），"
                                 "请确认这是政府信息公开工作年度报告的文本") from None
            unparsed.append((start, end))
            text = text[:start] + " " * (end - start) + text[end:]
    builder = _Builder(source)
    blocks = builder.blocks(tree)
    for start, end in unparsed:
        blocks.append(Artifact(builder.span(start, end), "unparsed", source.text[start:end]))
    blocks.sort(key=lambda b: b.span.offset)
    return complete(Document(builder.span(0, len(source.text)), blocks), source, templates)


class _Builder:
    """Turns Lark's tree into AST nodes with spans from the tokens' character offsets."""

    def __init__(self, source: Source):
        self.source = source
        self.limit = len(source.text)

    def span(self, start: int, end: int) -> Span:
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(max(start, end))
        return Span(line, column, end_line, end_column, start, end)

    def _content(self, token: lark.Token, skip: int = 0) -> tuple[int, int]:
        start = token.start_pos + skip
        end = min(token.end_pos, self.limit)
        text = self.source.text
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def _line_span(self, token: lark.Token, skip: int = 0) -> Span:
        start, end = self._content(token, skip)
        if self.source.text.find("\n", start, end) != -1:
            return self.span(start, end)
        column = token.column + skip
        return Span(token.line, column, token.line, column + end - start, start, end)

    def blocks(self, tree: lark.Tree) -> list:
        out: list = []
        for child in tree.children:
            kind = child.data
            if kind == "table":
                out.append(self.table(child))
            elif kind == "chart":
                span = _join(self._line_span(child.children[0]), self._line_span(child.children[-1]))
                out.append(Artifact(span, "chart", self.source.text[span.offset:span.end_offset]))
            else:
                out.extend(self.line(child))
        return out

    def line(self, tree: lark.Tree) -> list:
        out: list = []
        text = self.source.text
        for token in tree.children:
            if token.type == "BOOKMARK":
                span = Span(token.line, token.column, token.line, token.column + len(token),
                            token.start_pos, token.end_pos)
                out.append(Artifact(span, "bookmark", str(token)))
                continue
            span = self._line_span(token)
            out.append(Paragraph(span, _LINE_KINDS[token.type], text[span.offset:span.end_offset]))
        return out

    def table(self, tree: lark.Tree) -> Table:
        rows = [self.row(r) for r in tree.children]
        return Table(_join(rows[0].span, rows[-1].span), rows)

    def row(self, tree: lark.Tree) -> Row:
        spans: list[Span] = []
        for token in tree.children:
            if token.type == "CELL_LINE":
                spans.append(self._line_span(token, skip=1))
            else:
                spans[-1] = _join(spans[-1], self._line_span(token))
        text = self.source.text
        cells = [Cell(span, text[span.offset:span.end_offset]) for span in spans]
        return Row(_join(cells[0].span, cells[-1].span), cells)


def _join(first: Span, last: Span) -> Span:
    return Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)


# ---------------------------------------------------------------- comparing trees
def node_shape(node) -> tuple:
    """A node as plain data: its type, span, kind and text, and its children's shapes."""
    if isinstance(node, (Paragraph, Artifact)):
        return type(node).__name__, node.span, node.kind, node.text
    if isinstance(node, Cell):
        return "Cell", node.span, node.text
    if isinstance(node, Row):
        return "Row", node.span, tuple(node_shape(c) for c in node.cells)
    if isinstance(node, Table):
        return "Table", node.span, tuple(node_shape(r) for r in node.rows)
    if isinstance(node, Section):
        return ("Section", node.span, node.number, node_shape(node.heading) if node.heading else None,
                tuple(node_shape(b) for b in node.blocks))
    return type(node).__name__, node.span, repr(node)


def tree_shape(document: Document) -> tuple:
    return (document.span, tuple(node_shape(b) for b in document.blocks),
            tuple(node_shape(p) for p in document.title), tuple(node_shape(b) for b in document.preamble),
            tuple(node_shape(s) for s in document.sections),
            None if document.prose is None else tuple(node_shape(p) for p in document.prose))


# ---------------------------------------------------------------- the previous engine path
from govlint.model.meta import read_meta                       # noqa: E402
from govlint.model.report import Report                        # noqa: E402
from govlint.model.template_model import read_model            # noqa: E402
from govlint.run.engine import LintResult, Linter              # noqa: E402


class ReferenceLinter(Linter):
    """The lint as it was before issue 17: the reference parse, each rule run on its own
    through `run_rule` (its own time-limit context; diagnostics made with an empty path and
    the rule's default severity, copied in `finish` to set the path and the configured
    severity), and no prose shared between rules (`fresh_prose` drops what one rule read
    before the next runs)."""

    def build_report(self, source: Source) -> Report:
        document = reference_parse(source, self.registry.templates)
        settings = self.config.report
        meta = read_meta(document, settings.get("year"), settings.get("place"))
        return Report(source, document, read_model(document, meta.year, self.registry.templates), meta)

    def lint_source(self, source: Source) -> LintResult:
        report = self.build_report(source)
        found = []
        for rule in self.rules:
            fresh_prose(report)
            found.extend(self.run_rule(rule, report))
        found = self.finish(found, report, source.path)
        found.sort(key=lambda d: d.sort_key)
        return LintResult(source.path, found, report, self.digest(report))


def fresh_prose(report) -> None:
    """Forget what was computed from the report's prose and kept on it
    (prose.prose_paragraphs), so that each rule reads it afresh as before."""
    if getattr(report.document, "_prose_paragraphs", None) is not None:
        report.document._prose_paragraphs = None


def findings(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.end_line, d.end_column, d.offset, d.end_offset, d.code, d.rule,
             d.severity, d.message, d.fix, d.location) for d in result.diagnostics]


# ---------------------------------------------------------------- the previous digest of prose
def reference_section_shingles(report) -> dict[int, tuple[list[int], list[int]]]:
    """The corpus digest's shingles of each section as they were computed before issue 17:
    sentence by sentence, stock sentences left out (govlint.model.digest._sections)."""
    from govlint.model.digest import _masks, own_meta
    from govlint.model.similarity import sentence_texts, shingles
    from govlint.model.templates.wording import is_stock_sentence, template_shingles
    skip = template_shingles(tuple(report.model.known_templates or (report.model.template,)))
    masks = _masks(own_meta(report).places)
    out: dict[int, tuple[list[int], list[int]]] = {}
    for section in report.document.sections:
        if section.number is None or section.number in out:
            continue
        hashes, weights = [], []
        for block in section.blocks:
            if not isinstance(block, Paragraph) or block.kind == "page_number":
                continue
            for sentence in sentence_texts(block.text):
                if not is_stock_sentence(sentence):
                    h, w = shingles(sentence, masks, skip)
                    hashes.extend(h)
                    weights.extend(w)
        out[section.number] = (hashes, weights)
    return out


def section_shingles(digest) -> dict[int, tuple[list[int], list[int]]]:
    return {n: (list(s.hashes), list(s.weights)) for n, s in digest.sections.items()}


def built_reports() -> Iterator[tuple[Path, object]]:
    """(path, report) of the seed reports (when ../shared is beside the checkout) and of each
    text, Markdown or web page file of the test data that reads as a report, in path order:
    real prose for the oracles to compare on."""
    from govlint.run.engine import Linter
    paths = sorted(SEEDS.glob("*.txt")) + sorted(p for p in TEST_DATA.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    linter = Linter(rule_time_limit=0)
    for path in paths:
        try:
            report = linter.build_report(read_input(path))
        except Exception:       # a test file that is not a report
            continue
        yield path, report
