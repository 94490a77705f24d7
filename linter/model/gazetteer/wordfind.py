"""Every occurrence of a fixed set of words in a line, for the place-name search.

What it returns is what pyahocorasick's `Automaton.iter` gives with STORE_LENGTH: (index of
the last character, length), by end, the longest first at one end, overlaps included. It is
faster on Chinese prose: that automaton looks a character up among the children of a node one
by one, and its root has about a thousand (one per first character of a stem), so each
character of the text cost ~0.3 µs. Here one regular expression finds, in C, the places where a
word's first character stands before a character that can follow it, and only those (a
few per cent of the text) are looked up in a dict of the two-character starts.
"""
from __future__ import annotations

import re
from typing import Iterable


class WordFinder:
    """Finds words of two characters or more (a one-character word would need a different
    first-character test; no caller has one)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        if any(len(word) < 2 for word in self.words):
            raise ValueError(f"words shorter than two characters: {[w for w in self.words if len(w) < 2][:5]}")
        # Most words (county stems) are two characters long: a candidate is looked up as it
        # is, and in `_longer` for the lengths (longest first) of the longer words it starts.
        longer: dict[str, list[int]] = {}
        for word in sorted((w for w in self.words if len(w) > 2), key=len, reverse=True):
            lengths = longer.setdefault(word[:2], [])
            if not lengths or lengths[-1] != len(word):
                lengths.append(len(word))
        self._longer = longer
        # Consumes one character only, so candidates may overlap (杭州 and 州X).
        firsts, seconds = _chars(w[0] for w in self.words), _chars(w[1] for w in self.words)
        self._candidate = re.compile(f"[{firsts}](?=[{seconds}])") if self.words else None

    def __len__(self) -> int:
        return len(self.words)

    def iter(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """(index of the last character, length) of every word in `text` (in text[start:end]
        when given), by end and the longest first at one end."""
        if self._candidate is None:
            return []
        found = []
        size = len(text) if end is None else min(end, len(text))
        longer, words = self._longer, self.words
        for match in self._candidate.finditer(text, start, size):
            at = match.start()
            pair = text[at: at + 2]
            more = longer.get(pair)
            if more:
                for length in more:
                    if at + length <= size and text[at: at + length] in words:
                        found.append((at + length - 1, length))
            if pair in words:
                found.append((at + 1, 2))
        if len(found) > 1:
            found.sort(key=lambda hit: (hit[0], -hit[1]))
        return found


def _chars(chars) -> str:
    """The characters, escaped for a character class (one call: re.escape per character
    costs more than the rest of the set-up)."""
    return re.escape("".join(sorted(set(chars))))
