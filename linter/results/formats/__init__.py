"""Output formats: each module renders a run's results. FORMATS maps --format to its module,
loaded when a run renders (so that `govlint --help` does not import rich); `renderer(name)`
gives the module's render function."""
from __future__ import annotations

import importlib

FORMATS = {
    "text": "text_format",
    "json": "json_format",
    "jsonl": "jsonl_format",
    "sarif": "sarif_format",
    "github": "github_format",
}


def renderer(name: str):
    """The render(results, out, rules=…, color=…) function of a format."""
    return importlib.import_module(f"govlint.results.formats.{FORMATS[name]}").render
