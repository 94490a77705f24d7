"""--format jsonl: one diagnostic per line, each a JSON object with the keys of --format json.

The command line writes a file's lines as soon as the file is done (see `write_result`), so
a run over ten thousand reports starts printing at once and holds no growing list; findings
of rules over the whole run (GL7xx) follow at the end.
"""
from __future__ import annotations

import json

# json.dumps(..., ensure_ascii=False) makes a new encoder on every call; one does.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def write_result(result, stream) -> None:
    """The lines of one file's diagnostics, flushed so that a reader sees them now."""
    lines = [_encode(d.to_dict()) + "\n" for d in result.diagnostics]
    if lines:
        stream.write("".join(lines))
        stream.flush()


def render(results, stream, **_) -> None:
    for result in results:
        write_result(result, stream)
