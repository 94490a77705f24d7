"""Look-ups in a digest's cell keys (govlint.model.digest): each key's position, and where
the cells under a prefix that two templates share are in each. Worked out once per key tuple,
found by the tuple's identity: the digests of one template share its tuple, and hashing its
~500 keys on every look-up (an lru_cache on the tuple) is what a corpus rule asking for a few
numbers of each pair of reports would pay."""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from govlint.model.identity_memo import IdentityMemo


def positions(keys: tuple[str, ...], other: tuple[str, ...], prefix: str) -> tuple[list[int], list[int]]:
    """Where the cells under `prefix` that both key tuples have are in each, in one order."""
    return _OF_KEYS.get((keys, other), ("positions", prefix), lambda: _positions_of(keys, other, prefix))


def getters(keys: tuple[str, ...], other: tuple[str, ...], prefix: str) -> tuple[itemgetter, itemgetter]:
    """Functions that take the values at `positions` out of each values array: slices when
    both are runs of positions (a table's cells are one run of the template's keys), so
    that the two are arrays; else tuples."""
    def build() -> tuple[itemgetter, itemgetter]:
        mine, theirs = positions(keys, other, prefix)
        if _is_run(mine) and _is_run(theirs):
            return itemgetter(_run(mine)), itemgetter(_run(theirs))
        return itemgetter(*mine), itemgetter(*theirs)      # two or more positions each
    return _OF_KEYS.get((keys, other), ("getters", prefix), build)


def _is_run(at: list[int]) -> bool:
    return not at or at[-1] - at[0] == len(at) - 1 and at == sorted(at)


def _run(at: list[int]) -> slice:
    return slice(at[0], at[-1] + 1) if at else slice(0, 0)


def under(keys: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The keys that start with `prefix`, in order."""
    return _OF_KEYS.get((keys,), ("under", prefix), lambda: tuple(k for k in keys if k.startswith(prefix)))


def index(keys: tuple[str, ...]) -> dict[str, int]:
    """Each key's position. Digests share their template's key tuple: looked up by its
    identity first (a corpus rule asks for a few numbers of each report and of its office's
    last year's, and an lru_cache lookup hashes all ~500 keys every time)."""
    hit = _INDEXES.get(id(keys))
    if hit is None or hit[0] is not keys:
        if len(_INDEXES) >= 64:
            _INDEXES.clear()
        hit = _INDEXES[id(keys)] = (keys, _index_of(keys))
    return hit[1]


_INDEXES: dict[int, tuple[tuple[str, ...], dict[str, int]]] = {}     # id(keys) -> (keys, index)
# What is worked out from key tuples, by their identity (the equal tuples of a template are
# usually one object: see digest.py _cells_in).
_OF_KEYS = IdentityMemo(256)


@lru_cache(maxsize=64)
def _positions_of(keys: tuple[str, ...], other: tuple[str, ...], prefix: str) -> tuple[list[int], list[int]]:
    where = index(other)
    shared = [(i, where[k]) for i, k in enumerate(keys) if k.startswith(prefix) and k in where]
    return [i for i, _ in shared], [j for _, j in shared]


@lru_cache(maxsize=64)
def _index_of(keys: tuple[str, ...]) -> dict[str, int]:
    return {k: i for i, k in enumerate(keys)}
