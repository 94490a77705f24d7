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

    def holding(self, keyed) -> set[int]:
        """The indices of the texts holding one of the words of `keyed` (keyed_words'; no word
        holds the separator). Each key character is found by str.find, which runs through
        Chinese text in C many times faster than a regex alternation of the words (tried at
        every character that starts one: 其, 不, 公 … stand everywhere), and only there are its
        words tested; after a hit the search goes on at the next text."""
        text, starts = self.text, self.starts
        find, startswith, last = text.find, text.startswith, len(starts) - 1
        found: set[int] = set()
        for key, words in keyed:
            at = find(key)
            while at >= 0:
                for word, k in words:
                    if at >= k and startswith(word, at - k):
                        i = bisect_right(starts, at) - 1
                        found.add(i)
                        at = find(key, starts[i + 1]) if i < last else -1
                        break
                else:
                    at = find(key, at + 1)
        return found


def keyed_words(words, keys: str) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """`words` grouped by a key character each holds (the first of `keys`, in their order,
    that it holds), each with where in it that character stands: what JoinedTexts.holding
    reads. A ValueError for a word holding none of `keys`."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for word in words:
        key = next((ch for ch in keys if ch in word), None)
        if key is None:
            raise ValueError(f"{word!r} holds none of the keys {keys!r}")
        groups.setdefault(key, []).append((word, word.index(key)))
    return tuple((key, tuple(found)) for key, found in groups.items())
