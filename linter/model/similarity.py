"""Near-duplicate text across reports: clause shingles, MinHash signatures and LSH buckets.

A section's prose is cut into clauses (between ，。；、 and the like) with digits masked and
the report's own place names masked, so a text copied from last year or from a neighbour
with only the numbers and the name changed yields the same shingles. Each clause becomes one
64-bit shingle (a stable hash: the same in every process, so digests made by worker
processes compare). The template's own wording is dropped when the clauses are made.

MinHash (k values per set, one-permutation hashing: one hash per shingle) estimates the
Jaccard similarity of two shingle sets; LSH with b bands of r values puts sets that agree on a whole
band into one bucket, so similar sets meet without comparing all pairs: the work is linear
in the number of sections plus the (few) candidate pairs.
"""
from __future__ import annotations

import hashlib
import re
import struct
import sys
from array import array
from collections import defaultdict
from functools import lru_cache
from itertools import chain, combinations, compress
from typing import Iterable, Sequence

from govlint.model.text_memo import TextMemo

# A clause shorter than this (after masking) carries no evidence of copying (下一步, 一是).
MIN_CLAUSE_CHARS = 5
MAX_WEIGHT = 0xFFFF
# What \s matches in a str pattern (the characters str.isspace() holds), spelled out: a class
# of characters only is looked up in one table per character, and findall runs a quarter
# faster than with the \s category in the class. tests/test_digest_text.py checks the list.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_BREAKS = r"，,。；;：:、！!？?" + SPACES + r"（）()“”\"‘’'《》〈〉〔〕【】\[\]…—\-·/|"
# A clause is a run of characters between clause breaks; those long enough to count, in
# order, are what findall gives (a shorter run cannot match; a longer one matches whole,
# from its first character): the split at the breaks, the short pieces dropped, in one pass.
_LONG_CLAUSE = re.compile(f"[^{_BREAKS}]{{{MIN_CLAUSE_CHARS},}}")
# A number: led by one digit class, not by a repeat of it, so that the search skips to the
# next digit in C (a pattern that starts with a repeat is tried at every character: twice
# the cost of masking a section's digits). Same matches as [0-9０-９]+(?:[.．][0-9０-９]+)?.
_DIGITS = re.compile(r"[0-9０-９][0-9０-９]*(?:[.．][0-9０-９]+)?")
# A sentence: up to and with its end mark, or the text after the last one. (What a split
# after each end mark gives, found by one findall: a split at a look-behind tries every
# position, this runs through each sentence in one go.)
_SENTENCE = re.compile(r"[^。；;！!？?]*[。；;！!？?]|[^。；;！!？?]+\Z")

# LSH: 64 MinHash values in 16 bands of 4. Two sets of Jaccard similarity s share a bucket
# with probability 1 - (1 - s^4)^16: 0.64 at s = 0.5, 0.89 at 0.6, 0.98 at 0.7, ~1 above 0.8.
SIGNATURE_SIZE = 64
BANDS, ROWS = 16, 4
_BIN_BITS = SIGNATURE_SIZE.bit_length() - 1
_MASK = (1 << 64) - 1
_EMPTY = 1 << 64
_SPREAD = 0x9E3779B97F4A7C15       # marks a borrowed value with its distance (odd, 64-bit)
_SPREADS = [(d * _SPREAD) & _MASK for d in range(SIGNATURE_SIZE)]
_LOW_BITS = SIGNATURE_SIZE - 1      # a hash's bin
_BINS = range(SIGNATURE_SIZE)


@lru_cache(maxsize=1 << 14)    # clauses recur from report to report (template and stock wording)
def shingle_hash(clause: str) -> int:
    """A stable signed 64-bit hash of a normalised clause."""
    return int.from_bytes(_clause_digest(clause), "little", signed=True)


def _clause_digest(clause: str) -> bytes:
    """The 8 bytes both forms of a clause's hash are made of (shingle_hash, _shingle_bytes)."""
    return hashlib.blake2b(clause.encode("utf-8"), digest_size=8).digest()


@lru_cache(maxsize=1 << 14)
def _shingle_bytes(clause: str) -> bytes:
    """shingle_hash of a clause as the 8 bytes an array("q") holds it in (little-endian: the
    digest's own bytes), so that a section's hashes become an array by one copy of their
    bytes joined, not by converting each int (~400 instructions a hash)."""
    digest = _clause_digest(clause)
    return digest if _LITTLE_ENDIAN else digest[::-1]


_LITTLE_ENDIAN = sys.byteorder == "little"


def sentence_texts(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def clauses(text: str, masks: Sequence[str] = ()) -> list[str]:
    """The normalised clauses of a stretch of prose: digits and the given names masked."""
    for name in masks:
        text = text.replace(name, "@")
    text = _DIGITS.sub("#", text)
    return _LONG_CLAUSE.findall(text)


def shingles(text: str, masks: Sequence[str] = (), skip: frozenset[int] = frozenset()) -> tuple[array, array]:
    """(hashes, weights) of the clauses of `text` not in `skip`; weight = clause length.
    Each clause's hash and weight are looked up as one record (_Records), which clauses
    come back report after report (template, stock and common wording); the records are
    joined into one bytes string that two arrays read as columns: no Python object per
    clause but the clause itself."""
    return _columns(b"".join(map(_records(skip).__getitem__, clauses(text, masks))))


# A clause's record: its hash (8 bytes, as array("q") holds it), its weight (as array("H")
# holds it) and 6 bytes of padding, so that the hashes are every other 8-byte item of the
# joined records, and the weights every eighth 2-byte item from the fifth.
_RECORD = struct.Struct("=8sH6x")


def _columns(records: bytes) -> tuple[array, array]:
    """(hashes, weights) of joined records: array slices with a step, made in C."""
    hashes, halves = array("q"), array("H")
    hashes.frombytes(records)
    halves.frombytes(records)
    return hashes[::2], halves[4::8]


class _Records(TextMemo):
    """clause -> its record (b"" for a clause of the skip set), for one skip set: a dict
    lookup per clause, where an lru_cache call for its hash, a test of the hash against the
    skip set and the clause's length for its weight each cost as much or more."""

    def __init__(self, skip: frozenset[int]):
        super().__init__(self._record, 1 << 14)
        self.skip = skip
        self.skipped = frozenset(h.to_bytes(8, sys.byteorder, signed=True) for h in skip)   # as _shingle_bytes

    def _record(self, clause: str) -> bytes:
        piece = _shingle_bytes(clause)
        return b"" if piece in self.skipped else _RECORD.pack(piece, min(len(clause), MAX_WEIGHT))


# One _Records per skip set met (a batch run has one or two: its templates'), kept with it.
_KNOWN: dict[int, _Records] = {}


def _records(skip: frozenset[int]) -> _Records:
    known = _KNOWN.get(id(skip))
    if known is None or known.skip is not skip:
        if len(_KNOWN) >= 8:
            _KNOWN.clear()
        known = _KNOWN[id(skip)] = _Records(skip)
    return known


def minhash(hashes: Iterable[int]) -> array:
    """The MinHash signature (SIGNATURE_SIZE unsigned 64-bit values) of a non-empty set, by
    one-permutation hashing: a shingle's (already random) hash picks a bin with its low bits
    and competes there with its high bits, so each shingle is hashed once, not once per
    value. An empty bin borrows the value of the next filled bin to its right, marked with
    the distance (densification), so that two sets agree in a bin with probability equal
    to their Jaccard similarity (Shrivastava & Li, ICML 2014). An empty set: all zeros."""
    signature = [_EMPTY] * SIGNATURE_SIZE
    for h in hashes:
        u = h & _MASK
        b = u & _LOW_BITS
        v = u >> _BIN_BITS
        if v < signature[b]:
            signature[b] = v
    if _EMPTY not in signature:
        return array("Q", signature)
    filled = list(compress(_BINS, map(_EMPTY.__ne__, signature)))     # in C, not a loop per bin
    if not filled:
        return array("Q", bytes(8 * SIGNATURE_SIZE))
    return array("Q", _densify(signature, filled))


def _densify(signature: list[int], filled: Sequence[int]) -> list[int]:
    """Each empty bin given the value of the next filled bin to its right (going round),
    XOR-ed with a mark of the distance. The empty bins before each filled bin (`filled`:
    their indices in order, at least one) back to the filled bin before it are visited once
    each (not searched from each empty bin); those before the first filled bin are the last
    ones (negative indices)."""
    out = list(signature)
    before = filled[-1] - len(signature)
    for at in filled:
        if at - before > 1:         # most filled bins follow another (no range to make)
            value = signature[at]
            for i in range(before + 1, at):
                out[i] = value ^ _SPREADS[at - i]
        before = at
    return out


def estimated_jaccard(a: array, b: array) -> float:
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def candidate_pairs(signatures: Sequence[tuple[object, array]], kin: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) of signatures that agree on at least one whole band and have the
    same group label (the first item; e.g. the section number) — and, with `kin`, whose kin
    differ (kin[i] != kin[j]): the pairs the caller would pass over are never made, which
    matters for a bucket of many copies of one office's report (all of one kin)."""
    pairs: set[tuple[int, int]] = set()
    # Equal signatures (the copies of a report a folder may hold) are put in the buckets once,
    # with all their indices.
    packed: dict[tuple, list[int]] = defaultdict(list)
    for i, (group, signature) in enumerate(signatures):
        packed[(group, signature.tobytes())].append(i)
    width = ROWS * signatures[0][1].itemsize if signatures else 0
    for band in range(BANDS):
        buckets: dict[tuple, list[list[int]]] = defaultdict(list)
        lo, hi = band * width, (band + 1) * width
        for (group, signature), same in packed.items():
            buckets[(group, signature[lo:hi])].append(same)
        for parts in buckets.values():
            members = parts[0] if len(parts) == 1 else sorted(chain.from_iterable(parts))
            if len(members) < 2:
                continue
            if kin is None:
                pairs.update(combinations(members, 2))
            elif len({kin[m] for m in members}) > 1:
                pairs.update((a, b) for a, b in combinations(members, 2) if kin[a] != kin[b])
    return pairs


def shared_share(hashes: Sequence[int], weights: Sequence[int], other: set[int]) -> float:
    """The share of a text (by clause length) whose clauses also occur in `other`."""
    seen: set[int] = set()
    total = common = 0
    for h, w in zip(hashes, weights):
        if h in seen:
            continue
        seen.add(h)
        total += w
        if h in other:
            common += w
    return common / total if total else 0.0
