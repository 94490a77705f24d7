"""The plugin API: the hooks a govlint plugin implements (pluggy).

A plugin is a module (or object) registered through the entry-point group `govlint` or
listed in govlint.toml under `plugins`; the built-in rules are plugins of exactly this kind.
A plugin implements any of these hooks (docs/plugins.md walks through writing one):

    from govlint import hookimpl

    @hookimpl
    def govlint_rules():                 # rules
        return [MyRule]

    @hookimpl
    def govlint_options():               # its own table in govlint.toml, with defaults
        return {"zhejiang": {"portal": "浙江政务服务网"}}

    @hookimpl
    def govlint_data():                  # named data other rules read (lists/dicts merge)
        return {"regulation-titles": ["浙江省公共数据条例"]}

Rules see their plugin tables as `self.settings["zhejiang"]` and the merged data as
`self.data["regulation-titles"]`.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("govlint")
hookimpl = pluggy.HookimplMarker("govlint")


@hookspec
def govlint_rules():
    """Return a list of Rule subclasses this plugin contributes."""


@hookspec
def govlint_corpus_rules():
    """Return a list of CorpusRule subclasses (govlint.run.corpus): rules that see every report
    of a run at once (carry-over between years, copied text). They run after the
    per-report rules, read each report's digest and report in the report concerned."""


@hookspec
def govlint_templates():
    """Return a list of Template objects (govlint.model.templates.spec) this plugin contributes."""


@hookspec
def govlint_options():
    """Return {table: {option: default}}: top-level tables of govlint.toml this plugin owns.

    govlint.toml may then hold `[table]` with these keys; an unknown key, or a value whose
    type differs from the default's (unless the default is None), is a configuration error.
    Each rule receives the resolved tables (defaults overlaid with govlint.toml) as
    `self.settings`. Two plugins may not declare the same table.
    """


@hookspec
def govlint_data():
    """Return {name: data}: data sets contributed for rules to read, such as a province's
    regulation titles or local place-name aliases.

    Contributions under the same name are merged across plugins: lists are concatenated,
    dicts are merged (a later plugin in name order wins on a clashing key). Rules read the
    merged sets as `self.data[name]`; a name nobody contributed is simply absent.
    """
