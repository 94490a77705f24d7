"""What a rule derives from a template (its relations by kind, its rows …), computed once per
process and template (an IdentityMemo: a template is a frozen dataclass whose hash walks all
its tables)."""
from __future__ import annotations

from typing import Any, Callable

from govlint.model.identity_memo import IdentityMemo

_MEMO = IdentityMemo(256)


def per_template(template, what: str, build: Callable[[Any], Any]):
    """build(template), once for this template object and this `what`."""
    return _MEMO.get((template,), what, lambda: build(template))
