"""Selecting rules: what a selector (ALL, GL203, GL2, balance) matches."""
from __future__ import annotations


def matches(selector: str, rule) -> bool:
    """ALL, a code (GL203), a code prefix (GL2) or a rule name (balance)."""
    sel = selector.strip()
    return sel.upper() == "ALL" or rule.code.startswith(sel.upper()) or sel == rule.name
