"""The plugin API: the hooks a govlint plugin implements (pluggy).

A plugin is a module (or object) registered through the entry-point group `govlint` or
listed in govlint.toml under `plugins`; the built-in rules are plugins of exactly this kind.

    from linter import hookimpl

    @hookimpl
    def govlint_rules():
        return [MyRule]
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("govlint")
hookimpl = pluggy.HookimplMarker("govlint")


@hookspec
def govlint_rules():
    """Return a list of Rule subclasses this plugin contributes."""


@hookspec
def govlint_templates():
    """Return a list of Template objects (linter.templates.spec) this plugin contributes."""
