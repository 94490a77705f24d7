"""Where sentences, bracketed asides and clauses begin in a paragraph of prose: what
quantities.py tells of each number it reads (its sentence, whether it stands in brackets,
the phrase in front of it), and sentence_spans for the rules."""
from __future__ import annotations

import re

SENTENCE_BREAKS = "。！？!?\n"
_SENTENCE_BREAK = re.compile("[" + re.escape(SENTENCE_BREAKS) + "]")
_ROUND_BRACKET = re.compile(r"[（()）]")


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; the end includes its 。"""
    starts = _sentence_starts(text)
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(text)]) if s < e]


class _BracketDepth:
    """How many round brackets (（ ( … ) ）) are open at a position; asked in increasing order."""

    def __init__(self, text: str):
        self.events = [(m.start(), m.group()) for m in _ROUND_BRACKET.finditer(text)]
        self.next, self.depth = 0, 0

    def at(self, position: int) -> int:
        while self.next < len(self.events) and self.events[self.next][0] < position:
            self.depth = self.depth + 1 if self.events[self.next][1] in "（(" else max(0, self.depth - 1)
            self.next += 1
        return self.depth


# A clause ends at these marks (not at the , and : of 1,234 and 9:00); an opening round
# bracket starts a new phrase too (比去年同期（13152条） → the phrase of 13152 is "").
_PHRASE_BREAK = re.compile(r"[，。；：、;！？!?\n（(,:]")
_PHRASE_BREAK_SEARCH = _PHRASE_BREAK.search
_PAD = " \u3000\t"


MAX_PHRASE = 80     # a phrase longer than this is cut to its last characters


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _phrase_reversed(text: str, reverse: str, start: int) -> str:
    """The clause words in front of position `start` (at most MAX_PHRASE characters): back
    to the last break before it, the first one searched for in `reverse` (text[::-1], made
    once a text), where reading forwards went through every break of the stretch."""
    n = len(text)
    begin = start - MAX_PHRASE if start > MAX_PHRASE else 0
    stop = n - begin
    m = _PHRASE_BREAK_SEARCH(reverse, n - start, stop)
    while m is not None:
        at = n - 1 - m.start()
        if not (m.group() in ",:" and _between_digits(text, at)):
            begin = at + 1
            break
        m = _PHRASE_BREAK_SEARCH(reverse, m.end(), stop)
    return text[begin:start].strip(_PAD)
