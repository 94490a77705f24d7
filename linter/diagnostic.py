"""What a rule reports: a Diagnostic with its location, and an optional Fix."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """Replace the diagnostic's span with `replacement`. `safe` fixes are applied by --fix."""

    replacement: str
    safe: bool = True


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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["fix"] = {"replacement": self.fix.replacement} if self.fix else None
        return data

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.offset, self.code, self.message)
