"""The built-in rules, one module per family (structure, arithmetic, cells, crosscheck,
place names, years, typography, across reports); each rule is one class with its code, name,
default severity and a docstring (what, why, wrong/right example). They are registered through
the `govlint` entry points exactly as a province's plugin rules are.
"""
