"""The plugins installed in the environment: the entry points of group `govlint`, as
importlib.metadata finds them — kept between runs in the user's cache (user_cache.py),
because importing importlib.metadata (email, zipfile, csv…) and reading every installed
distribution's metadata is ~30 ms of each start-up.

The kept list is used only while the environment is as it was: it is named by the path
Python searches (sys.path), the distributions in each of its folders (their *.dist-info and
*.egg-info folders) with the time and size of their entry_points.txt, and the time and size
of each file on the path. Installing or removing a distribution adds or removes its folder,
and rewriting its entry points changes its file, so a plugin is found on the first run after
`pip install` and gone after `pip uninstall`. What changed in the last few seconds is not
trusted to stay as seen (a file system may keep times in whole seconds): nothing is kept then.
"""
from __future__ import annotations

import importlib
import marshal
import os
import re
import stat
import sys
import time

from govlint import user_cache

GROUP = "govlint"
# A folder or file changed this recently may change again within the same timestamp.
SETTLE_SECONDS = 2.0
_DISTRIBUTION_SUFFIXES = (".dist-info", ".egg-info")
# importlib.metadata.EntryPoint.pattern: `module`, `module:attr.attr`, with optional [extras].
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


class EntryPoint:
    """An installed entry point: its name and value, and `load()` as importlib.metadata's."""

    __slots__ = ("name", "value", "group")

    def __init__(self, name: str, value: str, group: str = GROUP):
        self.name, self.value, self.group = name, value, group

    def load(self):
        match = _VALUE.match(self.value)
        if match is None:      # let importlib.metadata fail as it fails
            from importlib.metadata import EntryPoint as Original
            return Original(self.name, self.value, self.group).load()
        target = importlib.import_module(match.group("module"))
        for attr in filter(None, (match.group("attr") or "").split(".")):
            target = getattr(target, attr)
        return target

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def entry_points(group: str = GROUP) -> list[EntryPoint]:
    """The entry points of `group` in importlib.metadata's order."""
    environment = _environment()
    name = None
    if environment is not None:
        parts, settled = environment
        name = f"plugins-{user_cache.digest(group, *parts)}.marshal"
        kept = user_cache.load(name)
        if kept is not None:
            try:
                return [EntryPoint(n, v, group) for n, v in marshal.loads(kept)]
            except Exception:       # damaged: look again
                pass
        if not settled:
            name = None
    from importlib.metadata import entry_points as scan
    found = [(ep.name, ep.value) for ep in scan(group=group)]
    if name is not None:
        user_cache.store(name, marshal.dumps(found))
    return [EntryPoint(n, v, group) for n, v in found]


def _environment() -> tuple[list[str], bool] | None:
    """What the installed distributions are read from, as strings to name the kept list by,
    and whether all of it has been unchanged for SETTLE_SECONDS; None when it cannot be told.

    As importlib.metadata looks: each folder on sys.path ("" is the current one) for children
    named *.dist-info or *.egg-info (any case), an *.egg folder for its EGG-INFO; a file on
    sys.path (a zip, an egg) as a whole. Other files coming and going in those folders (a
    busy current folder) do not matter."""
    try:
        parts = [sys.version, sys.implementation.cache_tag or "",
                 repr([getattr(f, "__qualname__", type(f).__qualname__) for f in sys.meta_path]),
                 user_cache.source_digest(sys.modules[__name__])]
        newest = 0
        for entry in sys.path:
            where = entry or os.getcwd()
            try:
                info = os.stat(where)
            except OSError:
                parts.append(f"{entry}\0-")
                continue
            if not stat.S_ISDIR(info.st_mode):
                parts.append(f"{entry}\0{info.st_mtime_ns}\0{info.st_size}")
                newest = max(newest, info.st_mtime_ns)
                continue
            egg = os.path.basename(where).lower().endswith(".egg")
            with os.scandir(where) as listing:
                names = sorted(e.name for e in listing
                               if e.name.lower().endswith(_DISTRIBUTION_SUFFIXES) or (egg and e.name.lower() == "egg-info"))
            parts.append(f"{entry}\0" + "\0".join(names))
            for dist in names:
                folder = os.path.join(where, dist)
                try:
                    newest = max(newest, os.stat(folder).st_mtime_ns)
                    points = os.stat(os.path.join(folder, "entry_points.txt"))
                except OSError:
                    parts.append(f"{dist}\0-")
                    continue
                parts.append(f"{dist}\0{points.st_mtime_ns}\0{points.st_size}")
                newest = max(newest, points.st_mtime_ns)
        settled = time.time_ns() - newest > SETTLE_SECONDS * 1e9
        return parts, settled
    except Exception:
        return None
