"""The code the standard library compiles from text while govlint's modules are imported,
compiled once and kept between runs of the command line.

- For every dataclass, `dataclasses` writes the source of `__init__`, `__repr__`, `__eq__`,
  `__hash__`, … as text and compiles it with `exec`: ~3 M instructions per class, 80 % of it
  compiling. The ~40 dataclasses a check imports cost ~30 ms of every start-up, a fifth of a
  one-file check, and at `-j N` all of it comes before the first worker starts.
- `collections.namedtuple` writes its `__new__` as a lambda and compiles it with `eval`, and
  `typing.NamedTuple` (a class of named fields, govlint's and the standard library's: some
  27 a check) turns each field's annotation, a string under `from __future__ import
  annotations`, into a ForwardRef, which `compile`s it (some 64): ~2.5 M instructions of
  a one-file check's 372 M.

`prefill()` (before govlint's modules are imported) gives each of those modules an `exec`,
`eval` or `compile` of its own, which it finds before the builtin one: a text is compiled
once and the code object remembered by the text and its mode; `keep()` (at the end of a
run) writes the code objects to the user's private cache (user_cache.py), read back by the
next run's `prefill()`. The code is exactly what the builtin would compile from the same text
(the same compiler, file name "<string>", no inherited future flags: none of the three
modules has any): only CPython 3.11 and later, where these functions compile through the
module-level names. A call of another form (code instead of text, other arguments) goes to
the builtin as it is. The file is named by Python's exact version and this module's source.
Like a .pyc file, it holds code, so it is read only from a folder that belongs to the user
and that nobody else can write to. Anything unexpected means no prefill: the modules then
compile as they always do.
"""
from __future__ import annotations

import builtins
import sys
from types import CodeType

from govlint import user_cache

# At most this many texts are kept (govlint's own classes need ~300).
MAX_KEPT = 1000
# (mode, the text) -> its code.
_memo = user_cache.KeptDict("code", __name__, lambda key, code: type(key) is tuple and len(key) == 2
                            and key[0] in ("exec", "eval") and type(key[1]) is str and type(code) is CodeType,
                            MAX_KEPT)
_codes: dict[tuple[str, str], CodeType] = _memo.entries
_kept: set[tuple[str, str]] = _memo.kept


def _usable() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info >= (3, 11)


def _compiled(source: str, mode: str) -> CodeType:
    code = _codes.get((mode, source))
    if code is None:
        code = _codes[(mode, source)] = compile(source, "<string>", mode, dont_inherit=True)
    return code


def _exec(source, globals=None, locals=None, /):
    """exec, with the code of a text compiled once (dataclasses' methods)."""
    if type(source) is str:
        source = _compiled(source, "exec")
    return builtins.exec(source, globals, locals)


def _eval(source, globals=None, locals=None, /):
    """eval, with the code of a text compiled once (namedtuple's __new__)."""
    if type(source) is str:
        source = _compiled(source, "eval")
    return builtins.eval(source, globals, locals)


def _compile(source, filename, mode, *more, **options):
    """compile, the code of a text compiled as ForwardRef compiles it remembered (a
    SyntaxError is raised each time, as by compile itself)."""
    if type(source) is str and filename == "<string>" and mode == "eval" and not more and not options:
        return _compiled(source, "eval")
    return builtins.compile(source, filename, mode, *more, **options)


# The modules that compile text, and the name under which each calls the builtin.
_COMPILERS = (("dataclasses", "exec", _exec), ("collections", "eval", _eval), ("typing", "compile", _compile))


def prefill() -> None:
    """Read the code kept by earlier runs and give each module its remembering builtin."""
    if not _usable():
        return
    import collections
    import dataclasses
    import typing
    modules = {"dataclasses": dataclasses, "collections": collections, "typing": typing}
    if all(getattr(modules[name], builtin, None) is mine for name, builtin, mine in _COMPILERS):
        return
    _memo.load()
    for name, builtin, mine in _COMPILERS:
        setattr(modules[name], builtin, mine)


def keep() -> None:
    """Write the methods compiled in this run when some were not kept yet."""
    if _usable():
        _memo.store()
