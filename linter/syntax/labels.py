"""Small text helpers shared by the parser, the template model and rules."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_TRAILING = re.compile(r"[。：:；;，,、\.]+$")
_LEADING_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,，]|\(\s*[一二三四五六七八九十]{1,3}\s*\)|"
    r"\d{1,2}\s*[、.]|第[一二三四五六七八九十]{1,3}[项条部分])\s*")


# Labels repeat across rows, tables and reports: pure string functions are memoised
# (bounded, so memory stays flat over a batch run).
LABEL_CACHE_SIZE = 1 << 14


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def fold(text: str) -> str:
    """Full-width ASCII to half-width (NFKC), no white space; for comparing labels."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def norm_label(text: str) -> str:
    """A table or heading label reduced to what identifies it: folded, quotes unified,
    trailing punctuation dropped."""
    folded = fold(text).replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return _TRAILING.sub("", folded)


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def strip_ordinal(label: str) -> str:
    """A normalised label without its leading ordinal (一、 (一) 1. …)."""
    return _LEADING_ORDINAL.sub("", label, count=1)


@lru_cache(maxsize=LABEL_CACHE_SIZE)
def label_core(text: str) -> str:
    """A label without its ordinal, normalised: what two spellings of one label share."""
    return strip_ordinal(norm_label(text))


@lru_cache(maxsize=LABEL_CACHE_SIZE * 2)
def same_label(found: str, expected: str) -> bool:
    """Whether a label found in a report is the template's: the same core, or one a prefix of
    the other when both have at least four characters (a label cut short or run on)."""
    a, b = label_core(found), label_core(expected)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))
