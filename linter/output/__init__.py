"""Output formats: each module renders a run's results; FORMATS maps --format to it."""
from __future__ import annotations

from . import json_format, text_format

FORMATS = {
    "text": text_format.render,
    "json": json_format.render,
}
