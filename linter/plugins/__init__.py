"""Plugins: how rules and templates come in. hookspecs.py (the hooks, in one place),
registry.py (pluggy: entry points and plugin files loaded, every contribution validated, a
plugin mistake reported by name), data.py (plugins' own config tables and data sets), rule.py
(Rule and CorpusRule, the base classes plugin authors subclass).
"""
