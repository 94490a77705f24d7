"""What a rule derives from a template (its relations by kind, its rows …), computed once per
process and template. Template is a frozen dataclass whose hash walks all its tables, so the
cache is keyed by id() and keeps the template itself to check that the id was not reused."""
from __future__ import annotations

from typing import Any, Callable

_CACHE: dict[tuple[int, str], tuple[Any, Any]] = {}


def per_template(template, what: str, build: Callable[[Any], Any]):
    """build(template), once for this template object and this `what`."""
    hit = _CACHE.get((id(template), what))
    if hit is not None and hit[0] is template:
        return hit[1]
    value = build(template)
    _CACHE[(id(template), what)] = (template, value)
    return value
