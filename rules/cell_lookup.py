"""Looking up the template cells a GL401 reading names (key patterns such as t3.deny_*.total)
and summing them; split from crosscheck.py, which holds the rules."""
from __future__ import annotations

import re
from fnmatch import translate
from functools import lru_cache
from types import SimpleNamespace

__all__ = ["cells_of", "keyed", "plan", "table_value"]


def keyed(model, pattern: str) -> list[tuple[str, object]]:
    """The model's (key, cell) whose key fnmatches `pattern`, in the model's order: for a
    pattern whose only glob character is * (all of READINGS'), one search of the keys joined
    by newlines (no key holds one) instead of a match per key."""
    cells = model.cells
    if "?" in pattern or "[" in pattern:
        return _keyed_one_by_one(model, pattern)
    joined = "\n" + "\n".join(cells) + "\n"
    if joined.count("\n") != len(cells) + 1:      # a key with a newline: match key by key
        return _keyed_one_by_one(model, pattern)
    return [(k, cells[k]) for k in _lines_matcher(pattern)(joined)]


@lru_cache(maxsize=256)
def _lines_matcher(pattern: str):
    """The findall of the keys (lines of the joined keys) that fnmatch `pattern`, a pattern
    without ? or [; led by a literal newline (not ^ with re.M) so that the search skips to
    it in C."""
    body = "[^\n]*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(f"\n({body})(?=\n)").findall


def _keyed_one_by_one(model, pattern: str) -> list[tuple[str, object]]:
    prefix = pattern.split("*", 1)[0]
    cells = model.cells
    # filter() with the pattern's compiled match runs over the ~200 keys in C; the prefix
    # test stays (a glob character before the first * is taken literally there).
    return [(k, cells[k]) for k in filter(_matcher(pattern), cells) if k.startswith(prefix)]


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
        plan = plans[field] = list(_make_plan(SimpleNamespace(cells=dict.fromkeys(layout)), readings))
    return plan


def _make_plan(keys_only, readings):
    for reading in readings:
        if not any("{col}" in k for k in reading.keys):
            keys = [k for pattern in reading.keys
                    for k in ([pattern] if "*" not in pattern else [k for k, _ in keyed(keys_only, pattern)])]
            yield reading.label, None, tuple(keys)
            continue
        for key, _ in keyed(keys_only, reading.keys[-1].replace("{col}", "*")):
            col = key.rsplit(".", 1)[1]
            yield reading.label, key, tuple(k.replace("{col}", col) for k in reading.keys)
