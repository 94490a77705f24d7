"""--format json: one JSON array of diagnostics (the contract documented in README)."""
from __future__ import annotations

import json


def render(results, stream, **_) -> None:
    data = [d.to_dict() for result in results for d in result.diagnostics]
    json.dump(data, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
