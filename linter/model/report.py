"""The Report a rule checks: source text, syntax tree, template model and metadata."""
from __future__ import annotations

from dataclasses import dataclass

from govlint.syntax.tree import Document, Span
from govlint.model.meta import ReportMeta
from govlint.model.template_model import TemplateModel
from govlint.read.text import Source


@dataclass
class Report:
    """A report as the rules see it: source, syntax tree, template model and metadata."""

    source: Source
    document: Document
    model: TemplateModel
    meta: ReportMeta
    # What the report states of itself (meta.read_meta without the [report] settings), when
    # the engine read it so already (no settings): the digest's own_meta then reads it again
    # for nothing. None: not known, read it.
    stated: ReportMeta | None = None

    @property
    def path(self) -> str:
        return self.source.path

    def span(self, offset: int, end_offset: int) -> Span:
        """The span of a stretch of the source text given by character offsets."""
        line, column = self.source.position(offset)
        end_line, end_column = self.source.position(end_offset)
        return Span(line, column, end_line, end_column, offset, end_offset)
