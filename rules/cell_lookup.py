"""Looking up the template cells a GL401 reading names (key patterns such as t3.deny_*.total)
and summing them; split from crosscheck.py, which holds the rules."""
from __future__ import annotations

import re
from fnmatch import translate
from functools import lru_cache

__all__ = ["cells_of", "keyed", "matching", "plan", "table_value"]


def keyed(model, pattern: str) -> list[tuple[str, object]]:
    """The model's (key, cell) whose key fnmatches `pattern`, in the model's order."""
    cells = model.cells
    return [(k, cells[k]) for k in matching(cells, pattern)]


def matching(keys, pattern: str) -> list[str]:
    """The keys (a sequence of them, or a dict's) that fnmatch `pattern`, in their order: for
    a pattern whose only glob character is * (all of READINGS'), one search of the keys joined
    by newlines (no key holds one) instead of a match per key."""
    if "?" in pattern or "[" in pattern:
        return _matching_one_by_one(keys, pattern)
    joined = "\n" + "\n".join(keys) + "\n"
    if joined.count("\n") != len(keys) + 1:      # a key with a newline: match key by key
        return _matching_one_by_one(keys, pattern)
    return _lines_matcher(pattern)(joined)


@lru_cache(maxsize=256)
def _lines_matcher(pattern: str):
    """The findall of the keys (lines of the joined keys) that fnmatch `pattern`, a pattern
    without ? or [; led by a literal newline (not ^ with re.M) so that the search skips to
    it in C."""
    body = "[^\n]*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(f"\n({body})(?=\n)").findall


def _matching_one_by_one(keys, pattern: str) -> list[str]:
    prefix = pattern.split("*", 1)[0]
    # filter() with the pattern's compiled match runs over the ~200 keys in C; the prefix
    # test stays (a glob character before the first * is taken literally there).
    return [k for k in filter(_matcher(pattern), keys) if k.startswith(prefix)]


@lru_cache(maxsize=256)
def _matcher(pattern: str):
    """fnmatch.fnmatchcase(key, pattern) as one compiled match (what fnmatchcase runs)."""
    return re.compile(translate(pattern)).match


def cells_of(model, pattern: str) -> list:
    """The cells a key pattern names; [None] for a plain key the model lacks."""
    if "*" not in pattern:
        return [model.cells.get(pattern)]
    return [c for _, c in keyed(model, pattern)]


def table_value(cells: list) -> int | float | None:
    """The sum of the cells, or None when the table does not say: a cell missing, holding
    text, or no cell holding a number (blanks among numbers count as 0). One loop, not three
    any() over generators: each of them leads to None, so the order they are tested in does
    not matter (tests/test_rule_rewrites.py keeps the former code as an oracle)."""
    if not cells:
        return None
    numeric = False
    for c in cells:
        if c is None or c.node is None:
            return None
        if c.number.value is not None:
            numeric = True
        elif c.number.text:
            return None         # words, not a number
    if not numeric:
        return None
    return sum([c.value for c in cells])


# The keys each field's readings name, per layout of the model's keys (the tuple of its keys,
# in order): reports that follow a template share one, so the key patterns are matched once
# per layout and field, not once per report (matching them on each model cost a search of
# all the keys per pattern; tests/test_rule_rewrites.py keeps that way as the oracle).
# Bounded: cleared when it grows past _MAX_LAYOUTS (a layout differs only
# for a report whose tables are cut short or mixed).
_PLANS: dict[tuple[str, ...], dict[str, list]] = {}
_MAX_LAYOUTS = 64


def plan(layout: tuple[str, ...], field: str, readings) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(label, key of the cell whose column label fills `{label}` or None, keys summed) for
    each concrete reading of `field` (its `readings`, crosscheck.READINGS') in a model with these keys."""
    plans = _PLANS.get(layout)
    if plans is None:
        if len(_PLANS) >= _MAX_LAYOUTS:
            _PLANS.clear()
        plans = _PLANS[layout] = {}
    plan = plans.get(field)
    if plan is None:
        plan = plans[field] = list(_make_plan(layout, readings))
    return plan


def _make_plan(layout: tuple[str, ...], readings):
    for reading in readings:
        if not any("{col}" in k for k in reading.keys):
            keys = [k for pattern in reading.keys
                    for k in ([pattern] if "*" not in pattern else matching(layout, pattern))]
            yield reading.label, None, tuple(keys)
            continue
        for key in matching(layout, reading.keys[-1].replace("{col}", "*")):
            col = key.rsplit(".", 1)[1]
            yield reading.label, key, tuple(k.replace("{col}", col) for k in reading.keys)
