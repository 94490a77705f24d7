"""Compiled regular expressions kept between runs of the command line: compiling govlint's
~150 patterns (CJK character classes, long alternations, the grammar's scanners) is ~50 ms of
every start-up, more than any other single cost of a one-file check.

Python's `re` keeps the patterns it compiled in a dictionary (`re._cache`) keyed by (type,
pattern, flags), and `re.compile` looks there first. At the end of a run, `keep()` writes the
pattern program of each pattern compiled in this run — what `re`'s own compiler made of it,
the arguments it hands to `_sre.compile` — to the user's private cache (user_cache.py); at
the start of the next run, `prefill()` makes each Pattern object with `_sre.compile` from them
and puts it in that dictionary, so that every `re.compile` of a kept pattern, wherever it is
made, finds it there instead of compiling it again.

Exactly the same Pattern: only CPython 3.11 and later (where re's compiler is re._compiler),
the file is named by Python's exact version and build, the SRE engine's magic number and this
module's source, and a program is kept only if the Pattern `_sre.compile` makes of it equals
the one `re` compiled (same flags, same program: Pattern equality compares them) with the same
groups. Anything unexpected means no prefill: `re` then compiles as it always does.
"""
from __future__ import annotations

import marshal
import re
import sys

from govlint import user_cache

# At most this many programs are kept (~2 ms to load); when a run brings new ones the oldest
# give way, so the file follows what the user runs (text reports, Word, web pages…).
MAX_KEPT = 400
_prefilled: set = set()
_loaded: list = []


def _usable() -> bool:
    return (sys.implementation.name == "cpython" and sys.version_info >= (3, 11)
            and isinstance(getattr(re, "_cache", None), dict))


def _name() -> str:
    import _sre
    return f"regex-{user_cache.digest(sys.version, sys.implementation.cache_tag or '', str(_sre.MAGIC), str(_sre.CODESIZE), user_cache.source_digest(sys.modules[__name__]))}.marshal"


def prefill() -> None:
    """Put the patterns kept by earlier runs into re's cache (before the modules that compile
    them are imported)."""
    if _prefilled or not _usable():
        return
    try:
        import _sre
        saved = user_cache.load(_name())
        if saved is None:
            return
        entries = marshal.loads(saved)
        cache = re._cache
        for kind, pattern, key_flags, flags, code, groups, groupindex, indexgroup in entries:
            key = (str if kind == "s" else bytes, pattern, key_flags)
            if key not in cache:
                cache[key] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
            _prefilled.add(key)
        _loaded[:] = entries
    except Exception:       # damaged or foreign: re compiles as usual
        return


def keep() -> None:
    """Write the programs of this run's patterns when some were not kept yet."""
    if not _usable():
        return
    try:
        new = [key for key in list(re._cache) if key not in _prefilled and key[0] in (str, bytes)]
        added = [entry for entry in (_program(key, re._cache.get(key)) for key in new[-MAX_KEPT:])
                 if entry is not None]
        if added:
            user_cache.store(_name(), marshal.dumps((list(_loaded) + added)[-MAX_KEPT:]))
            _prefilled.update(new)
    except Exception:
        return


def _program(key: tuple, compiled) -> tuple | None:
    """What `re._compiler.compile` hands to `_sre.compile` for the pattern of `key`, checked
    against the Pattern re compiled; None when it does not match it exactly."""
    import _sre
    from re import _compiler, _parser
    kind, pattern, flags = key
    if compiled is None or flags & re.DEBUG:
        return None
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints (the compiler's opcodes are an int subclass) so that marshal can keep them.
    args = (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))
    mine = _sre.compile(pattern, *args)
    if mine != compiled or mine.groupindex != compiled.groupindex or mine.groups != compiled.groups:
        return None
    return ("s" if kind is str else "b", pattern, flags, *args)
