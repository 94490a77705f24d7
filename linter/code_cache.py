"""The methods `dataclasses` writes for govlint's classes, compiled once and kept between runs
of the command line.

For every dataclass, `dataclasses` writes the source of `__init__`, `__repr__`, `__eq__`,
`__hash__`, … as text and compiles it with `exec`: ~3 M instructions per class, 80 % of it
compiling. The ~40 dataclasses a check imports cost ~30 ms of every start-up, a fifth of a
one-file check, and at `-j N` all of it comes before the first worker starts.

`prefill()` (before govlint's modules are imported) gives the `dataclasses` module an `exec`
of its own, which it finds before the builtin one: the text of each method is compiled once
and the code object remembered by the text; `keep()` (at the end of a run) writes the code
objects to the user's private cache (user_cache.py), read back by the next run's `prefill()`.
The code is exactly what `exec` would compile from the same text (the same compiler, file
name "<string>", no inherited future flags): only CPython 3.11 and later, where
`dataclasses._create_fn` compiles through the module-level name `exec`; the file is named by
Python's exact version and this module's source. Like a .pyc file, it holds code, so it is
read only from a folder that belongs to the user and that nobody else can write to.
Anything unexpected means no prefill: `dataclasses` then compiles as it always does.
"""
from __future__ import annotations

import builtins
import sys
from types import CodeType

from govlint import user_cache

# At most this many methods are kept (govlint's own classes need ~200).
MAX_KEPT = 1000
# The source of each method -> its code.
_memo = user_cache.KeptDict("code", __name__, lambda text, code: type(text) is str and type(code) is CodeType, MAX_KEPT)
_codes: dict[str, CodeType] = _memo.entries
_kept: set[str] = _memo.kept


def _usable() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info >= (3, 11)


def _exec(source, globals=None, locals=None, /):
    """exec, with the code of a text compiled once (dataclasses' methods)."""
    if type(source) is str:
        code = _codes.get(source)
        if code is None:
            code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    return builtins.exec(source, globals, locals)


def prefill() -> None:
    """Read the methods kept by earlier runs and give `dataclasses` the remembering `exec`."""
    import dataclasses
    if not _usable() or getattr(dataclasses, "exec", None) is _exec:
        return
    _memo.load()
    dataclasses.exec = _exec


def keep() -> None:
    """Write the methods compiled in this run when some were not kept yet."""
    if _usable():
        _memo.store()
