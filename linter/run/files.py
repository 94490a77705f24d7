"""Which files of a folder run are checked: --exclude/--extend-exclude glob patterns and the
.gitignore files of the folders walked (as ruff does), without any dependency.

Paths are matched in the "/" form (PurePath.as_posix()), so a Windows path such as
`reports\\2019\\a.txt` matches `reports/2019/*.txt`; on Windows a pattern may be written with
backslashes too. A pattern without "/" matches a file or folder name anywhere (`草稿`,
`*.bak.txt`); one with "/" matches the path relative to the folder being run on or to the
current folder (`2019/*.txt`, `**/草稿/*`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Callable, Iterable, NamedTuple

# Folders never searched for reports unless --exclude replaces this list.
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", ".tox", "node_modules", "__pycache__", "site-packages")


@lru_cache(maxsize=512)
def glob_regex(pattern: str) -> str:
    """A gitignore-style glob (`*`, `?`, `[…]`, `**`) as a regular expression over "/" paths."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end + 1
                continue
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class IgnoreRule:
    """One line of a .gitignore; it matches paths relative to the folder that holds it."""

    regex: re.Pattern
    negate: bool = False
    dir_only: bool = False

    def matches(self, relative: str, is_dir: bool) -> bool:
        return (is_dir or not self.dir_only) and self.regex.fullmatch(relative) is not None


def parse_gitignore(text: str) -> list[IgnoreRule]:
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.endswith("\\ "):
            line = line.rstrip()
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        regex = glob_regex(line.lstrip("/"))
        if not anchored:
            regex = "(?:.*/)?" + regex
        rules.append(IgnoreRule(re.compile(regex + "(?:/.*)?" if not dir_only else regex), negate, dir_only))
    return rules


def normalize_pattern(pattern: str, windows: bool | None = None) -> str:
    """A --exclude pattern in "/" form; on Windows backslashes are separators."""
    windows = os.sep == "\\" if windows is None else windows
    pattern = pattern.strip()
    if windows:
        pattern = pattern.replace("\\", "/")
    return pattern.rstrip("/")


def exclude_matches(pattern: str, relative: PurePath) -> bool:
    """Whether a --exclude pattern (normalized) matches a path relative to a run's folder."""
    posix = relative.as_posix()
    if "/" not in pattern:
        return re.fullmatch(glob_regex(pattern), relative.name) is not None
    return re.fullmatch(glob_regex(pattern.lstrip("/")), posix) is not None


def _pattern_regex(pattern: str) -> tuple[re.Pattern, bool]:
    """A normalized --exclude pattern compiled as exclude_matches reads it, and whether it
    matches names only (no "/")."""
    if "/" not in pattern:
        return re.compile(glob_regex(pattern)), True
    return re.compile(glob_regex(pattern.lstrip("/"))), False


@dataclass
class FileFilter:
    """What a folder run leaves out. `skip(path, root, is_dir)` is asked for each folder and
    file met while walking `root`; a skipped folder is not entered.

    It is asked once per file of a run, so what does not change from file to file is worked
    out once: the patterns compiled, and for each folder (`skip_entry`, as a walk meets its
    entries) where it lies relative to the run's folder and to the current folder (resolved
    when it must be: Path.resolve walks every component of the path) and the chain of
    .gitignore files that apply in it, so that a file costs a few string joins and matches."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    windows: bool | None = None
    _gitignores: dict = field(default_factory=dict)
    _resolved: dict = field(default_factory=dict)
    _chains: dict = field(default_factory=dict)
    _places: dict = field(default_factory=dict)

    def __post_init__(self):
        self.exclude = tuple(normalize_pattern(p, self.windows) for p in self.exclude if p.strip())
        self._patterns = [_pattern_regex(p) for p in self.exclude]

    def skip(self, path: Path, root: Path, is_dir: bool) -> bool:
        """Whether an --exclude pattern matches the path relative to `root` or to the current
        folder (exclude_matches on each), or a .gitignore ignores it."""
        if path.name in ("", ".", ".."):
            return self._skip_path(path, root, is_dir)
        return self.skip_entry(str(path.parent), root, path.name, is_dir)

    def skip_entry(self, folder: str, root: Path, name: str, is_dir: bool) -> bool:
        """skip(Path(folder) / name, root, is_dir) for an entry `name` of `folder` (as os.walk
        gives them), with what depends only on the folder worked out once per folder."""
        place = self._place(folder, root)
        if place is None:
            return self._skip_path(Path(folder) / name, root, is_dir)
        if self._patterns and self._pattern_skips(name, place.root_prefix + name,
                                                  lambda: self._cwd_relative(place, folder, name)):
            return True
        return self.respect_gitignore and _git_ignores(((prefix + name, rules) for prefix, rules in place.gitignores),
                                                       is_dir)

    def _cwd_relative(self, place: "_Place", folder: str, name: str) -> tuple[str, str] | None:
        """(name, "/" path) of an entry relative to the current folder, as _relative finds it:
        lexically, else resolved (a linked entry resolved whole), else None."""
        if place.cwd_prefix is not None:
            return name, place.cwd_prefix + name
        if name == place.cwd_name:
            return "", "."                              # the entry is the current folder itself
        if not place.resolved:
            return None
        if os.path.islink(os.path.join(folder, name)):
            return _name_and_posix(self._relative(Path(folder) / name, Path.cwd()))
        if place.real_prefix is not None:
            return name, place.real_prefix + name
        return ("", ".") if name == place.real_cwd_name else None

    def _place(self, folder: str, root: Path) -> "_Place | None":
        """Where `folder` lies, for skip_entry (None: not under `root` as written, which a
        walk of `root` never meets; skip's general way then)."""
        cwd = os.getcwd()
        key = (folder, root, cwd)
        if key in self._places:
            return self._places[key]
        place = self._places[key] = _place(self, Path(folder), root, Path(cwd))
        return place

    def _skip_path(self, path: Path, root: Path, is_dir: bool) -> bool:
        """skip for any path, each step worked out for it alone."""
        if self._patterns:
            relative = _relative(path, root)
            if self._pattern_skips(relative.name, relative.as_posix(),
                                   lambda: _name_and_posix(self._relative(path, Path.cwd()))):
                return True
        return self.respect_gitignore and self.ignored_by_git(path, root, is_dir)

    def _pattern_skips(self, name: str, posix: str, cwd_relative: Callable[[], tuple[str, str] | None]) -> bool:
        """Whether an --exclude pattern matches the entry's path relative to the run's folder
        (`name`, `posix`) or, when the first do not, relative to the current folder
        (`cwd_relative()`: (name, posix), or None when it is not under it)."""
        if self._excluded(name, posix, ()):
            return True
        other = cwd_relative()
        # name-only patterns were tried on this name already
        return other is not None and self._excluded(*other, (True,) if other[0] == name else ())

    def _excluded(self, name: str, posix: str, skip_kinds: tuple) -> bool:
        for regex, name_only in self._patterns:
            if name_only not in skip_kinds and regex.fullmatch(name if name_only else posix) is not None:
                return True
        return False

    def _relative(self, path: Path, cwd: Path) -> PurePath | None:
        """_relative(path, cwd), the folders' resolved paths remembered."""
        try:
            return path.relative_to(cwd)
        except ValueError:
            try:
                return self._resolve(path, cwd).relative_to(self._resolve_folder(cwd, cwd))
            except (ValueError, OSError):
                return None

    def _resolve(self, path: Path, cwd: Path) -> Path:
        """path.resolve(): the resolved folder and the name, unless the name itself is a link
        (or . or ..). On POSIX only, where resolving is done one component at a time."""
        if os.name != "posix" or path.name in ("", ".", "..") or os.path.islink(path):
            return path.resolve()
        return self._resolve_folder(path.parent, cwd) / path.name

    def _resolve_folder(self, folder: Path, cwd: Path) -> Path:
        key = (folder, cwd)       # a relative folder resolves against the current folder
        hit = self._resolved.get(key)
        if hit is None:
            hit = self._resolved[key] = folder.resolve()
        return hit

    def ignored_by_git(self, path: Path, root: Path, is_dir: bool) -> bool:
        path = Path(os.path.abspath(path))
        return _git_ignores(((path.relative_to(folder).as_posix(), rules)
                             for folder, rules in self._rule_chain(path.parent, Path(os.path.abspath(root)))), is_dir)

    def _rule_chain(self, folder: Path, root: Path) -> list[tuple[Path, list[IgnoreRule]]]:
        """(folder, its .gitignore rules) of the folders in _folders that have any."""
        key = (folder, root)
        chain = self._chains.get(key)
        if chain is None:
            chain = self._chains[key] = [(f, rules) for f in self._folders(folder, root) if (rules := self._gitignore(f))]
        return chain

    @staticmethod
    def _folders(folder: Path, root: Path) -> list[Path]:
        """The folders whose .gitignore applies in `folder`, outermost first: from the
        repository's top (the nearest folder at or above `root` holding .git; else `root`)."""
        top = _repository_top(root)
        chain = [folder]
        while chain[-1] != top and chain[-1].parent != chain[-1]:
            chain.append(chain[-1].parent)
        return chain[::-1]

    def _gitignore(self, folder: Path) -> list[IgnoreRule]:
        if folder not in self._gitignores:
            try:
                text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._gitignores[folder] = parse_gitignore(text)
        return self._gitignores[folder]


class _Place(NamedTuple):
    """What skip_entry needs of a folder: the prefixes ("a/b/", "" for the folder itself)
    that make an entry's path relative to the run's folder, to the current folder (as
    written, else resolved) and to each folder whose .gitignore applies, with its rules."""

    root_prefix: str
    cwd_prefix: str | None          # lexically under the current folder; else None
    cwd_name: str | None            # the current folder's name, when this is its parent (as written)
    resolved: bool                  # not under it as written: entries are compared resolved
    real_prefix: str | None         # the resolved folder under the resolved current folder
    real_cwd_name: str | None       # the resolved current folder's name, when this is its parent
    gitignores: list


def _git_ignores(chain: Iterable[tuple[str, list[IgnoreRule]]], is_dir: bool) -> bool:
    """The .gitignore verdict on an entry: (its path relative to a .gitignore's folder, that
    file's rules), outermost first; the last rule that matches decides."""
    ignored = False
    for relative, rules in chain:
        for rule in rules:
            if rule.matches(relative, is_dir):
                ignored = not rule.negate
    return ignored


def _name_and_posix(relative: PurePath | None) -> tuple[str, str] | None:
    return (relative.name, relative.as_posix()) if relative is not None else None


def _prefix(relative: PurePath) -> str:
    posix = relative.as_posix()
    return "" if posix == "." else posix + "/"


def _place(filter_: FileFilter, folder: Path, root: Path, cwd: Path) -> _Place | None:
    """The _Place of `folder`, made as FileFilter._skip_path works out an entry's relative
    paths: lexically when it can, else resolved (on POSIX, one folder at a time)."""
    try:
        root_prefix = _prefix(folder.relative_to(root))
    except ValueError:
        return None
    cwd_prefix = cwd_name = real_prefix = real_cwd_name = None
    resolved = False
    try:
        cwd_prefix = _prefix(folder.relative_to(cwd))
    except ValueError:
        if os.name != "posix":
            return None         # there an entry is resolved whole (_resolve): skip's general way
        cwd_name = cwd.name if folder == cwd.parent and cwd.name else None
        resolved = True
        try:
            real, real_cwd = filter_._resolve_folder(folder, cwd), filter_._resolve_folder(cwd, cwd)
            real_cwd_name = real_cwd.name if real == real_cwd.parent and real_cwd.name else None
            real_prefix = _prefix(real.relative_to(real_cwd))
        except (ValueError, OSError):
            pass
    gitignores = []
    if filter_.respect_gitignore:
        absolute = Path(os.path.abspath(folder))
        gitignores = [(_prefix(absolute.relative_to(f)), rules)
                      for f, rules in filter_._rule_chain(absolute, Path(os.path.abspath(root)))]
    return _Place(root_prefix, cwd_prefix, cwd_name, resolved, real_prefix, real_cwd_name, gitignores)


@lru_cache(maxsize=64)
def _repository_top(root: Path) -> Path:
    for folder in [root, *root.parents]:
        if (folder / ".git").exists():
            return folder
    return root


def _relative(path: Path, base: Path) -> PurePath | None:
    try:
        return path.relative_to(base)
    except ValueError:
        try:
            return path.resolve().relative_to(base.resolve())
        except (ValueError, OSError):
            return None
