"""What plugin authors (and our own tests) need to test a rule in three lines:

    from govlint.testing import build_report, lint

    def test_my_rule_fires():
        found = lint(build_report(year=2021, prose={1: ["……"]}), select="ZJ001")
        assert [d.code for d in found] == ["ZJ001"]

`lint(text, select=…, options=…, settings=…, plugins=…)` runs the installed rules (built-in and
every installed plugin's) on a report given as text; `build_report(...)` renders a complete,
reconciling report in Word's text layout from a few numbers (builder.py)."""
from __future__ import annotations

from govlint.testing.builder import build_report, cell_line, find_line


def lint(text: str, select=None, ignore=None, options: dict | None = None, settings: dict | None = None,
         plugins: list[str] | None = None, year: int | None = None, place: str | None = None):
    """The diagnostics of `text`. `select`/`ignore`: as on the command line (a string or a list);
    `options`: {rule code or name: {option: value}} as under [rules.…] in govlint.toml;
    `settings`: plugin tables ({"zhejiang": {...}}); `plugins`: extra plugin modules or files;
    `year`/`place`: as [report] in govlint.toml."""
    from govlint import _selectors
    from govlint.config.settings import Config
    from govlint.run.engine import Linter
    config = Config(rules=dict(options or {}), tables=dict(settings or {}), plugins=list(plugins or []),
                    report={k: v for k, v in (("year", year), ("place", place)) if v is not None})
    linter = Linter(config, _selectors(select), _selectors(ignore) or [], digests=False)
    return linter.lint_text(text).diagnostics


__all__ = ["build_report", "cell_line", "find_line", "lint"]
