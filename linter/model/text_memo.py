"""A memo of a function of texts, per process and bounded (cleared when full): what the
template readers and the gazetteer remember of the texts that come back report after report,
so that memory stays flat over a batch of thousands of different reports."""
from __future__ import annotations

from typing import Any, Callable


class TextMemo(dict):
    """fn(key) for a text (or a tuple of texts and the like), remembered per process: read as
    memo[key] or with map(memo.__getitem__, texts), a plain dict lookup, cheaper than calling
    an lru_cache; cleared when full."""

    def __init__(self, fn: Callable[[Any], Any], limit: int):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, text: str):
        value = self.fn(text)
        if len(self) >= self.limit:
            self.clear()
        self[text] = value
        return value
