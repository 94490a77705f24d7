"""China's administrative divisions (行政区划) for the place-name rule: every county-level-and-
above name since 1981 with the years it was valid, and the current townships.

The data file (divisions.tsv, facts only, with the attribution its CC BY 4.0 licence
requires) is read on the first call of `load()`, never on import: a run that does not
check place names pays nothing.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govlint.model.gazetteer.store import Division, Gazetteer

DATA_FILE = Path(__file__).with_name("divisions.tsv")

__all__ = ["DATA_FILE", "Division", "Gazetteer", "load"]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    from govlint.model.gazetteer.prepared import read     # its indexes are kept between runs

    return read(DATA_FILE)
