"""The gazetteer's indexes and its look-alike variants, prepared once from the data files and
kept between runs in the user's cache (user_cache.py): made from divisions.tsv they take ~50 ms
(the stem finder, the township groups, the code index, the first two characters of the
stems' suffixes, the stems' last two characters and, most of it, the variants of every name with a
confusable character), read back ~4 ms.

The kept file is named by the data files (path, time, size), Python's version and the source
of the modules that prepare the data, so changed data or code never meets an old file. It is
plain data written by marshal (which, unlike pickle, is built into the interpreter: nothing
to import, ~3 ms of a check, and it can hold no code), read only from the user's private
cache folder; anything wrong with it means the data is prepared again.
"""
from __future__ import annotations

import gc
import marshal
import os
import sys
from pathlib import Path

from govlint import user_cache
from govlint.model.gazetteer import lookalikes, names, store, wordfind
from govlint.model.gazetteer.store import Gazetteer
from govlint.model.gazetteer.wordfind import WordFinder

_KEYS = ("stems", "groups", "codes", "finder", "suffix_heads", "stem_tails", "suffix_lengths", "lookalikes")


def read(path: Path) -> Gazetteer:
    """The gazetteer of `path`, with its indexes kept from an earlier run when there are."""
    data = path.read_bytes()
    name = _name(path)
    if name is not None:
        saved = user_cache.load(name)
        if saved is not None:
            try:
                kept = _unmarshal(saved)
                if isinstance(kept, dict) and all(k in kept for k in _KEYS):
                    kept["finder"] = WordFinder.from_state(kept["finder"])
                    return Gazetteer(data, kept)
            except Exception:       # damaged: prepare it again
                pass
    gazetteer = Gazetteer(data)
    kept = gazetteer.indexes()
    kept["lookalikes"] = lookalikes.variant_plan(gazetteer)
    gazetteer.kept = kept
    if name is not None:
        try:
            user_cache.store(name, marshal.dumps({**kept, "finder": kept["finder"].state()}))
        except Exception:           # not plain data here: no cache, the run goes on
            pass
    return gazetteer


def _unmarshal(saved: bytes):
    """marshal.loads without the garbage collector's passes over the ~20 000 objects it makes
    (none of which is garbage): ~2 ms of a check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(saved)
    finally:
        if enabled:
            gc.enable()


def _name(path: Path) -> str | None:
    try:
        parts = [sys.version]
        for file in (path, lookalikes.DATA_FILE):
            info = os.stat(file)
            parts += [str(file), str(info.st_mtime_ns), str(info.st_size)]
        parts.append(user_cache.source_digest(sys.modules[__name__], store, lookalikes, names, wordfind))
        return f"gazetteer-{user_cache.digest(*parts)}.marshal"
    except Exception:
        return None
