"""Lark's parser for the grammar kept between runs: building its tables from
grammar/report.lark takes Lark ~50 ms, loading them ~3 ms. Only a run that needs Lark itself
pays either — the reference parse, and a run whose driver tables (parse_table.py, kept in
the same cache) are not there yet.

The tables are saved with Lark's own `Lark.save` in the user's private cache folder
(user_cache.py), named by a digest of the grammar, Lark's and Python's versions and the
options. Lark saves with pickle: a file is loaded only from a folder and file that nobody
else can write to, and a damaged one is built again."""
from __future__ import annotations

import io
import sys

import lark

from govlint import user_cache
from govlint.user_cache import cache_dir  # noqa: F401  (where the files are)


def _key(grammar: str, options: dict) -> str:
    return user_cache.digest(grammar, lark.__version__, sys.version, repr(sorted((k, repr(v)) for k, v in options.items())))


def load_or_build(grammar: str, **options) -> lark.Lark:
    """Lark(grammar, **options), from the cache when it holds these tables."""
    name = f"parser-{_key(grammar, options)}.lark"
    saved = user_cache.load(name)
    if saved is not None:
        try:
            return lark.Lark.load(io.BytesIO(saved))
        except Exception:       # damaged or foreign: build it again
            pass
    built = lark.Lark(grammar, **options)
    try:
        out = io.BytesIO()
        built.save(out)
    except Exception:
        return built
    user_cache.store(name, out.getvalue())
    return built
