"""Size limits every reader keeps, so that no input — a huge file, a decompression bomb, a
PDF of thousands of pages — can take unbounded time or memory. Over a limit a reader raises
InputError naming the limit and how to change it; the limits are set in govlint.toml's
[limits] table (documented there) and apply alike to the command line and `govlint serve`."""
from __future__ import annotations

from typing import NamedTuple

MB = 1_000_000


class Limits(NamedTuple):
    """The readers' limits on a file's size and pages (govlint.toml [limits])."""

    text_mb: float = 8            # a plain-text report (a real one is well under 1 MB)
    docx_mb: float = 50           # a .docx file as stored
    docx_xml_mb: float = 40       # a .docx's XML parts unpacked (the text of a 300-page report is ~5 MB)
    pdf_mb: float = 50            # a PDF file
    pdf_pages: int = 300          # pages of a PDF
    html_mb: float = 20           # a web page

    @classmethod
    def keys(cls) -> dict[str, type]:
        """The [limits] keys of govlint.toml (text-mb, pdf-pages, …) and their types."""
        # A NamedTuple keeps an annotation written as text (from __future__) as a ForwardRef.
        return {name.replace("_", "-"): (int if getattr(kind, "__forward_arg__", kind) in (int, "int") else float)
                for name, kind in cls.__annotations__.items()}

    @classmethod
    def from_table(cls, table: dict) -> "Limits":
        return cls(**{k.replace("-", "_"): v for k, v in table.items()})


DEFAULT = Limits()


def over(path, what: str, size: float, limit: float, key: str, unit: str = "MB") -> str:
    """The message for an input over a limit."""
    return (f"{path}：{what}（{size:g} {unit}）超过了 govlint 的上限（{limit:g} {unit}）。"
            f"一份年度报告远小于此；如确需检查，可在 govlint.toml 的 [limits] 中调大 {key}")
