"""The fixed text of a report: every safe fix applied, later overlapping ones skipped."""
from __future__ import annotations

from ..diagnostic import Diagnostic


def apply_safe_fixes(text: str, diagnostics: list[Diagnostic]) -> str | None:
    """`text` with each safe fix's replacement put over its span; None when nothing is fixable."""
    fixes = sorted((d for d in diagnostics if d.fix is not None and d.fix.safe),
                   key=lambda d: (d.offset, d.end_offset))
    if not fixes:
        return None
    parts: list[str] = []
    done = 0
    for d in fixes:
        if d.offset < done:     # overlaps a fix already applied: leave it for the next run
            continue
        parts += [text[done:d.offset], d.fix.replacement]
        done = d.end_offset
    parts.append(text[done:])
    return "".join(parts)
