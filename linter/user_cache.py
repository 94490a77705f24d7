"""What govlint prepares once and keeps between runs, in a cache folder of the user's own
(GOVLINT_CACHE_DIR, else %LOCALAPPDATA%\\govlint\\Cache on Windows, else $XDG_CACHE_HOME/govlint
or ~/.cache/govlint): the grammar's parse tables, the gazetteer's prepared indexes, the
plugins found in the environment. Each file is named by a digest of everything it was made
from, so changed data, code or libraries never meet an old file.

A file is read only from a folder that belongs to this user and that nobody else can write
to (the grammar's tables are a pickle), and it is written to a temporary file first and
renamed, so a concurrent run never reads half a file. Anything that goes wrong (no home, a
read-only disk, a damaged file) means the data is prepared as without a cache: a cache is
never needed for a check, and deleting the folder is harmless.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

try:        # hashlib's own SHA-256, without hashlib loading OpenSSL (~2 ms of every start-up)
    from _sha256 import sha256
except ImportError:     # another Python: hashlib's
    from hashlib import sha256


# Files of one kind (parser-, tables-, regex-, gazetteer-, plugins-…) kept at most: older ones,
# made for other versions or environments, are removed when a new one is written (one in use
# by an environment still around is simply made again there).
KEEP_PER_KIND = 8


def cache_dir() -> Path | None:
    explicit = os.environ.get("GOVLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "govlint" / "Cache" if base else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govlint" if base else None


def digest(*parts: str | bytes) -> str:
    """A short name for what a file was made from (parts are joined unambiguously)."""
    h = sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:24]


def source_digest(*modules) -> str:
    """The digest of modules' own source files: data a module prepares is kept only as long
    as the code that prepared it is unchanged (no version number to forget to bump)."""
    return digest(*(Path(m.__file__).read_bytes() for m in modules))


def _private(path: Path) -> bool:
    """A folder or file that only this user can write (POSIX); on Windows, the user's own
    LOCALAPPDATA is private by the system's default permissions."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _folder() -> Path | None:
    try:
        return cache_dir()
    except Exception:           # no home folder (a service account, a bare container): no cache
        return None


def _prune(folder: Path, prefix: str) -> None:
    """Remove all but the KEEP_PER_KIND newest files of a kind."""
    files = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.startswith(prefix + "-") and entry.is_file(follow_symlinks=False):
                files.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(files, reverse=True)[KEEP_PER_KIND:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def load(name: str) -> bytes | None:
    """The bytes of the cache file `name`, or None (absent, unreadable or not private)."""
    folder = _folder()
    if folder is None:
        return None
    try:
        path = folder / name
        if _private(folder) and _private(path):
            return path.read_bytes()
    except Exception:
        pass
    return None


def store(name: str, data: bytes) -> None:
    """Keep `data` as the cache file `name` (written aside, then renamed over it); a folder
    that cannot be made or written means no cache today, and the next run tries again."""
    folder = _folder()
    if folder is None:
        return
    temporary = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        prefix = name.split("-", 1)[0]
        temporary = folder / f".{prefix}-{os.getpid()}-{os.urandom(4).hex()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, folder / name)
        _prune(folder, prefix)
    except Exception:
        pass
    finally:
        if temporary is not None and os.path.exists(temporary):
            try:
                os.unlink(temporary)
            except OSError:
                pass


def pattern_key(key) -> bool:
    """Whether `key` is (a regex's pattern, its flags), as the KeptDicts of what is worked
    out from a regex are keyed."""
    return type(key) is tuple and len(key) == 2 and type(key[0]) is str and type(key[1]) is int


class KeptDict:
    """A dictionary of what runs work out, kept between runs of the command line: `entries`
    (the dictionary itself) is filled from the cache file by `load()`, before use, and written
    back by `store()` at the end of a run when the run added to it (its `limit` latest
    entries). The file is named by `kind`, Python's exact version and the source of the
    module that makes the entries (`module`, a name in sys.modules): another Python or
    changed code never meets an old file. An entry is loaded only if `valid(key, value)`; a
    damaged or foreign file, or any entry not valid, means nothing is loaded."""

    def __init__(self, kind: str, module: str, valid, limit: int):
        self.kind, self.module, self.valid, self.limit = kind, module, valid, limit
        self.entries: dict = {}
        self.kept: set = set()          # keys loaded or stored

    def _name(self) -> str:
        return (f"{self.kind}-{digest(sys.version, sys.implementation.cache_tag or '', source_digest(sys.modules[self.module]))}"
                ".marshal")

    def load(self) -> None:
        if self.kept:
            return
        import marshal
        try:
            saved = load(self._name())
            kept = marshal.loads(saved) if saved is not None else {}
            if isinstance(kept, dict) and all(self.valid(key, value) for key, value in kept.items()):
                for key, value in kept.items():
                    self.entries.setdefault(key, value)
                self.kept.update(kept)
        except Exception:       # damaged or foreign: worked out again
            pass

    def store(self) -> None:
        if self.kept.issuperset(self.entries):
            return
        import marshal
        try:
            latest = dict(list(self.entries.items())[-self.limit:])
            store(self._name(), marshal.dumps(latest))
            self.kept.update(latest)
        except Exception:
            return
