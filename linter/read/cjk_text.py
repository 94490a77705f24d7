"""Text as readers of laid-out formats hand it on: white space collapsed, no spaces between
CJK characters or between CJK and digits (which extraction and HTML source formatting insert),
lines of one cell or paragraph joined (directly where CJK meets, else with a space)."""
from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}0-9])|(?<=[0-9]) (?=[{_CJK}])")
_PAD = " \u3000\u00a0"


def normalise(text: str) -> str:
    """One line of shown text: white space collapsed (&nbsp; is a space), ends trimmed, spaces
    between CJK characters and between CJK and digits removed."""
    text = _INVISIBLE.sub("", _WS.sub(" ", text)).strip(_PAD)
    return _CJK_GAP.sub("", text) if " " in text else text


def join_lines(lines: list[str]) -> str:
    """Lines of one cell on one line: directly where CJK meets, otherwise with a space."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0])):
            out += " "
        out += line
    return out

