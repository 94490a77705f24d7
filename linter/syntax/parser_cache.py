"""The grammar's LALR tables kept between runs: building them from grammar/report.lark takes
Lark ~50 ms, loading them ~3 ms — most of a one-file check's start-up.

The tables are saved with Lark's own `Lark.save` in a cache folder of the user's own
(GOVLINT_CACHE_DIR, else %LOCALAPPDATA%\\govlint\\Cache on Windows, else $XDG_CACHE_HOME/govlint
or ~/.cache/govlint), named by a digest of the grammar, Lark's and Python's versions, so a
changed grammar or library never meets old tables. Lark saves with pickle: a file is loaded
only from a folder that belongs to this user and that nobody else can write to, and it is
written to a temporary file first and renamed, so a concurrent run never reads half a file.
Anything that goes wrong (no home, a read-only disk, a damaged file) means the tables are
built as without a cache."""
from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

import lark


def cache_dir() -> Path | None:
    explicit = os.environ.get("GOVLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "govlint" / "Cache" if base else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govlint" if base else None


def _key(grammar: str, options: dict) -> str:
    text = "\0".join([grammar, lark.__version__, sys.version, repr(sorted((k, repr(v)) for k, v in options.items()))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _private(path: Path) -> bool:
    """A folder or file that only this user can write (POSIX); on Windows, the user's own
    LOCALAPPDATA is private by the system's default permissions."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_or_build(grammar: str, **options) -> lark.Lark:
    """Lark(grammar, **options), from the cache when it holds these tables."""
    try:
        folder = cache_dir()
    except Exception:           # no home folder (a service account, a bare container): no cache
        folder = None
    name = f"parser-{_key(grammar, options)}.lark"
    if folder is not None:
        try:
            path = folder / name
            if path.is_file() and _private(folder) and _private(path):
                with path.open("rb") as f:
                    return lark.Lark.load(f)
        except Exception:       # damaged or foreign: build it again
            pass
    built = lark.Lark(grammar, **options)
    if folder is not None:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if _private(folder):
                handle, temporary = tempfile.mkstemp(dir=folder, prefix=".parser-", suffix=".tmp")
                try:
                    with os.fdopen(handle, "wb") as f:
                        built.save(f)
                    os.replace(temporary, folder / name)
                finally:
                    if os.path.exists(temporary):
                        os.unlink(temporary)
        except Exception:       # no cache today; the next run tries again
            pass
    return built
