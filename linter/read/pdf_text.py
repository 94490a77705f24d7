"""What every PDF module shares: character classes, the text clean-up (no spaces between CJK
characters or between CJK and digits), and the shapes a page is read into — text lines with
their geometry, ruled tables as grids of cells, and the page holding both (see pdf.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.read.blocks import ArtifactBlock

# ---------------------------------------------------------------- character classes
CJK = (r"\u2014\u2018-\u201f\u2026\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}0-9])|(?<=[{CJK}0-9])[ \t]+(?=[{CJK}])")
SPACES = re.compile(r"[ \t\u00a0]+")
CLOSING = set("，。、；：！？）》」』】〕”’%％,.;:!?)]}…—·")
TERMINAL = set("。！？；：!?;:")
PUNCT_ONLY = re.compile(rf"^[{re.escape(''.join(sorted(CLOSING)))}\s]+$")
LATIN_RUN = re.compile(r"^[A-Za-z0-9.,%@\-_/:+#&]+")
NUMBER = re.compile(r"^[-+]?\d[\d,，.]*%?$")
# A line that starts a heading or a numbered item never continues the paragraph above.
HEADING_START = re.compile(r"^\s*(第[一二三四五六七八九十百]+[章节部分]|[一二三四五六七八九十]{1,3}[、．.]"
                            r"|[（(][一二三四五六七八九十]{1,3}[）)]|[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d)"
                            r"|[①-⑳]|附件|附表)")
ORDINAL_START = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))")
PAGE_NUMBER = re.compile(r"^[-—–－~～_\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[-—–－~～_\s]*$"
                          r"|^共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页$|^(page|Page|PAGE)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$")
CID = re.compile(r"^\(cid:\d+\)$")


def is_garbled(ch: str) -> bool:
    if len(ch) != 1:
        return bool(CID.match(ch)) or len(ch) > 1 and ch.startswith("(cid")
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o < 0x20 and ch not in "\t\n\r" or 0xF0000 <= o


def clean_text(text: str) -> str:
    """One line of extracted text as the report has it: runs of spaces one space, no space
    between CJK characters or between CJK and digits, none at the ends."""
    text = SPACES.sub(" ", text)
    text = SPACE_BETWEEN_CJK.sub("", text)
    return text.strip(" ")


def join_text(left: str, right: str) -> str:
    """Two pieces of one paragraph or cell: directly, or with a space between Latin words."""
    if not left:
        return right
    if not right:
        return left
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right



# ---------------------------------------------------------------- what a page gives
@dataclass
class PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    first_unit: float = 0.0      # width of what the line starts with that cannot be wrapped


@dataclass
class PdfCell:
    text: str
    x0: float
    x1: float
    page: int
    rows: int = 1                # grid rows the cell spans
    origin: "PdfCell | None" = None   # for a merged-down continuation: the cell holding the text


@dataclass
class PdfGrid:
    rows: list[list[PdfCell]]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    last_page: int = 0           # the page of its last part, once stitched

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page

    @property
    def columns(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def framed_text(self) -> bool:
        """A frame drawn around a paragraph: one column, or one row with a single text."""
        if self.columns <= 1:
            return True
        return len(self.rows) == 1 and sum(1 for c in self.rows[0] if c.text) <= 1


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    items: list = field(default_factory=list)      # PdfLine and PdfGrid in reading order
    artifacts: list[ArtifactBlock] = field(default_factory=list)
    chars: int = 0
    garbled: int = 0
    cjk: int = 0
    images: int = 0
    scanned: bool = False


