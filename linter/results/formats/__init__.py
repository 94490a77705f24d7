"""Output formats: each module renders a run's results; FORMATS maps --format to it."""
from __future__ import annotations

from govlint.results.formats import github_format, json_format, jsonl_format, sarif_format, text_format

FORMATS = {
    "text": text_format.render,
    "json": json_format.render,
    "jsonl": jsonl_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
}
