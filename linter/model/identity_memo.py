"""Values worked out from template objects, remembered per process. The specs are frozen
dataclasses whose hash and equality walk every field, so a memo keys them by identity; each
entry keeps its objects, so no id is reused while the entry exists, and a memo is bounded
(cleared when full), so memory stays flat over a batch run."""
from __future__ import annotations

from operator import is_
from typing import Any, Callable


class IdentityMemo:
    def __init__(self, limit: int):
        self.limit = limit
        self._entries: dict[tuple, tuple[tuple, Any]] = {}

    def get(self, owners: tuple, key: Any, build: Callable[[], Any]) -> Any:
        """build(), once for these `owners` (the same objects) and this plain `key`."""
        ids = tuple(map(id, owners))
        hit = self._entries.get((ids, key))
        if hit is not None and all(map(is_, hit[0], owners)):
            return hit[1]
        value = build()
        if len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[(ids, key)] = (owners, value)
        return value
