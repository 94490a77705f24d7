"""Every occurrence of a fixed set of words in a line, for the place-name search.

What it returns is what pyahocorasick's `Automaton.iter` gives with STORE_LENGTH: (index of
the last character, length), by end, the longest first at one end, overlaps included. It is
faster on Chinese prose: that automaton looks a character up among the children of a node one
by one, and its root has about a thousand (one per first character of a stem), so each
character of the text cost ~0.3 µs. Here one regular expression finds, in C, the pairs of a
word's first character before a character that can follow it, and only those of them that
start a word (one in ten in the clauses the place-name search reads) are looked up in a
dict of the two-character starts.
"""
from __future__ import annotations

import re
from functools import cached_property
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
        self._starts = frozenset(word[:2] for word in self.words)
        # Every candidate pair, overlapping ones too (杭州 and 州X): matched at its second
        # character, read back by a look-behind, so one character is consumed. Not a look-ahead
        # from the first: a pattern that starts with one is tried at every character, one that
        # starts with a class only where the class matches (the search skips to it in C).
        firsts, seconds = char_class(w[0] for w in self.words), char_class(w[1] for w in self.words)
        self._pattern = f"[{seconds}](?<=([{firsts}][{seconds}]))" if self.words else None

    def __len__(self) -> int:
        return len(self.words)

    def state(self) -> tuple:
        """The finder as plain data (str, list, dict, frozenset) for the user cache, from which
        `from_state` makes the same finder without working it out again (prepared.py)."""
        return self.words, self._longer, self._starts, self._pattern

    @classmethod
    def from_state(cls, state: tuple) -> "WordFinder":
        finder = cls.__new__(cls)
        finder.words, finder._longer, finder._starts, finder._pattern = state
        return finder

    @cached_property
    def _pairs(self):
        """The pattern's findall, compiled on the first search (~3 ms for the look-alikes'
        finder, which most checks never search: a variant is rarely written)."""
        return re.compile(self._pattern).findall if self._pattern is not None else None

    def iter(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """(index of the last character, length) of every word in `text` (in text[start:end]
        when given), by end and the longest first at one end."""
        if self._pairs is None:
            return []
        found = []
        size = len(text) if end is None else min(end, len(text))
        longer, words = self._longer, self.words
        # The candidate pairs as strings (findall: no match objects), those that start no word
        # dropped in C. A pair's place is its first occurrence after the last one found: an
        # earlier one would be a candidate too, and so have come before it.
        at = start - 1
        # From start + 1: the look-behind would read a pair's first character before start.
        for pair in filter(self._starts.__contains__, self._pairs(text, start + 1, size)):
            at = text.find(pair, at + 1)
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


def char_class(chars) -> str:
    """The characters, escaped for a character class (one call: re.escape per character
    costs more than the rest of the set-up)."""
    return re.escape("".join(sorted(set(chars))))


def heads_pattern(heads: Iterable[str]) -> re.Pattern:
    """A pattern that matches the first character of each place in a text where one of
    `heads` (strings of one or two characters) is written, consuming that character only:
    matches may then start at any two characters in a row. One alternative a first character,
    each starting with it, so that the search skips in C to the characters that can start
    a match (the first characters of `heads`: a few in a hundred of a line's)."""
    seconds: dict[str, set[str]] = {}
    for head in heads:
        if not 1 <= len(head) <= 2:
            raise ValueError(f"a head of one or two characters, not {head!r}")
        seconds.setdefault(head[0], set()).add(head[1:])
    alternatives = [re.escape(first) if "" in after else f"{re.escape(first)}(?=[{char_class(after)}])"
                    for first, after in sorted(seconds.items())]
    return re.compile("|".join(alternatives) or "(?!)")
