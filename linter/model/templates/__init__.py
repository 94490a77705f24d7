"""The report templates. The national ones are contributed through the `govlint_templates`
hook like any plugin's, so a province can add its own."""
from __future__ import annotations

from govlint.plugins.hookspecs import hookimpl
from govlint.model.templates.national import NATIONAL_TEMPLATES


@hookimpl
def govlint_templates():
    return list(NATIONAL_TEMPLATES)
