"""What a rule reports: a Diagnostic with its location, and an optional Fix."""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """Replace the diagnostic's span with `replacement`. `safe` fixes are applied by --fix."""

    replacement: str
    safe: bool = True

    @property
    def applicability(self) -> str:
        """"safe" (applied by --fix) or "unsafe" (only with --unsafe-fixes), as in ruff."""
        return "safe" if self.safe else "unsafe"


@dataclass(frozen=True)
class Location:
    """Where a finding is in a laid-out document, as a reader finds it there, with a short
    quote of the text: in a Word document or a web page a paragraph (body paragraphs with
    text, numbered 1… in document order) or a table cell (tables numbered in document order,
    rows and cells counted from 1 as Word shows them, a merged cell once); in a PDF the page."""

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    quote: str = ""
    page: int | None = None

    def label(self) -> str:
        if self.page is not None:
            return f"第{self.page}页"
        if self.table is not None:
            return f"表{self.table} 第{self.row}行第{self.col}列"
        return f"段落{self.paragraph}"

    def to_dict(self) -> dict:
        if self.page is not None:
            keys = ("page",)
        else:
            keys = ("table", "row", "col") if self.table is not None else ("paragraph",)
        return {**{k: getattr(self, k) for k in keys}, "quote": self.quote}


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based (columns count characters); offsets are
    0-based character offsets into the decoded text. This is also the JSON contract."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    code: str
    rule: str
    severity: str
    message: str
    fix: Fix | None = None
    location: Location | None = None   # set for .docx, PDF and web pages; None for text

    def to_dict(self) -> dict:
        # The fields in order, as dataclasses.asdict gives them, without its deep copy of
        # each value (every one is a str or an int): a tenth of the cost per finding.
        return {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "offset": self.offset, "end_offset": self.end_offset,
                "code": self.code, "rule": self.rule, "severity": self.severity, "message": self.message,
                "fix": ({"replacement": self.fix.replacement, "applicability": self.fix.applicability}
                        if self.fix else None),
                "location": self.location.to_dict() if self.location else None}

    @property
    def where(self) -> str:
        """`line:col` for text, the paragraph or table cell for a Word document."""
        return self.location.label() if self.location else f"{self.line}:{self.column}"

    @property
    def sort_key(self) -> tuple:
        """Text order, then rule code. Findings of one rule at the same place keep the order
        the rule reported them in (sorting is stable): GL101's missing sections come as
        一, 二, 三 … as the rule yields them, not in the code-point order of their messages
        (which would put 三 before 二 and 四 last)."""
        return TEXT_ORDER(self)


# Diagnostic.sort_key as a sort key: one C call per finding, not a lambda and a property.
TEXT_ORDER = attrgetter("path", "offset", "code")

# TEXT_ORDER for the findings of one file (all with the same path), as one report's are once
# Linter.finish has set it: a third of the cost of sorting by TEXT_ORDER (~60 findings, 108 K
# -> 33 K instructions), since the sort then compares the offsets as ints directly rather
# than testing the paths and the offsets for equality first.
FILE_ORDER = attrgetter("offset", "code")
