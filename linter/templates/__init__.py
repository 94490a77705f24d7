"""The report templates. The national ones are contributed through the `govlint_templates`
hook like any plugin's, so a province can add its own."""
from __future__ import annotations

from ..hookspecs import hookimpl
from .national import NATIONAL_TEMPLATES


@hookimpl
def govlint_templates():
    return list(NATIONAL_TEMPLATES)
