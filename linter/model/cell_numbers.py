"""Reading the content of a numeric table cell: 0, 12, -4, １２ (full width),
2009.54万元, 251000元, 1,234, and what is not a number (无, -, /)."""
from __future__ import annotations

import math
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from govlint.syntax.tree import PAD_CHARS
from govlint.model.text_memo import TextMemo

_NUMBER = re.compile(
    r"^(?P<sign>[+\-−])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>亿元|万元|元|万|件|条|个|项|次|篇)?$")
# Units written short: 12.5万 in an amount cell means 万元.
_UNIT_ALIASES = {"万": "万元"}


@dataclass(frozen=True)
class Number:
    """What a cell says. `value` is None for a blank or non-numeric cell."""

    text: str                 # the content without padding
    value: int | float | None
    unit: str | None = None
    fullwidth: bool = False   # written with full-width digits (１２, ０)
    # What a relation (勾稽关系) counts for the cell: the value, blank and text as 0. Kept
    # here, made once per distinct cell text (read_number's cache), not per cell read.
    counted: int | float = field(init=False, repr=False, compare=False)
    # The value as the digest's array("d") holds it (NaN for None; None for a value no
    # double holds): the digest joins its cells' bytes, not a float per cell into an array.
    stored: bytes | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "counted", 0 if self.value is None else self.value)
        object.__setattr__(self, "stored", _stored(self.value))

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def numeric(self) -> bool:
        return self.value is not None


_DOUBLE = struct.Struct("d")       # native, as array("d") stores a float (NaN's bits kept)
NAN_STORED = _DOUBLE.pack(math.nan)


def _stored(value: int | float | None) -> bytes | None:
    if value is None:
        return NAN_STORED
    try:
        return _DOUBLE.pack(value)
    except OverflowError:           # an int beyond a double: array("d") raises on it too
        return None


def _read_number(raw: str) -> Number:
    text = raw.strip(PAD_CHARS)
    if not text:
        return Number(text, None)
    folded = unicodedata.normalize("NFKC", text).replace(" ", "")
    m = _NUMBER.match(folded)
    if not m:
        return Number(text, None)
    digits = m.group("int").replace(",", "")
    value: int | float = float(digits + m.group("frac")) if m.group("frac") else int(digits)
    if m.group("sign") in ("-", "−"):
        value = -value
    fullwidth = any("\uff10" <= ch <= "\uff19" for ch in text)
    unit = _UNIT_ALIASES.get(m.group("unit"), m.group("unit"))
    return Number(text, value, unit, fullwidth)


# read_number(text): the Number a cell's text says. Cells repeat (0, blanks) and a Number is
# immutable, so each text is read once per process; a TextMemo's lookup is a plain dict
# lookup, cheaper than an lru_cache's (some 500 calls a report: every table cell).
read_number = TextMemo(_read_number, 1 << 14).__getitem__
