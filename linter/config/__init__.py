"""Configuration: govlint.toml read and validated (settings.py), what a selector matches
(selection.py), and suppressions — per-file ignores, [[ignore]] entries, Word comments,
baselines — with GL001 for those that silence nothing (suppressions.py).
"""
