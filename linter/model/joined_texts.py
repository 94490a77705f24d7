"""Texts searched as one: joined by a one-character separator, so that a search runs once,
in C, over all of a report's paragraphs rather than once per paragraph, and each position
it finds is mapped back to its text (by bisection over where each text starts). The rules
that search this way (GL801, GL803, GL502) choose a separator no match can hold."""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class JoinedTexts:
    """`text`: the texts joined by `separator`; `starts`: where each text starts in it."""

    __slots__ = ("text", "starts")

    def __init__(self, texts: list[str], separator: str = "\n"):
        if len(separator) != 1:
            raise ValueError("the separator must be one character")
        self.text = separator.join(texts)
        self.starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))

    def index(self, at: int) -> int:
        """The index of the text that holds position `at` of the joined text."""
        return bisect_right(self.starts, at) - 1

    def locate(self, at: int) -> tuple[int, int]:
        """(the index of the text that holds position `at`, the position in that text)."""
        i = bisect_right(self.starts, at) - 1
        return i, at - self.starts[i]
