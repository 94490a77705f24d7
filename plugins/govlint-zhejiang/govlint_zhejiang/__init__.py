"""govlint plugin for Zhejiang province: what a Zhejiang report states in its opening
paragraph (ZJ001) and the titles of the regulations it cites (ZJ002).

govlint loads this module through the entry point `zhejiang` in group `govlint` and calls
the hooks below; nothing else in the package is visible to govlint.
"""
from __future__ import annotations

from govlint import hookimpl

from .preamble import PreambleStatement
from .regulations import REGULATION_TITLES, RegulationTitle

__version__ = "0.1.0"


@hookimpl
def govlint_rules():
    return [PreambleStatement, RegulationTitle]


@hookimpl
def govlint_options():
    # The [zhejiang] table of govlint.toml, with its defaults. Keys not listed here are
    # rejected by govlint with a message naming them.
    return {"zhejiang": {
        "regulations": [],      # more current titles to recognise, e.g. a city's own regulation
        "renamed": {},          # superseded title -> current title, once a regulation is replaced
    }}


@hookimpl
def govlint_data():
    # Shared with other plugins: a city plugin may contribute its own titles under the same name.
    return {"regulation-titles": dict(REGULATION_TITLES)}
