"""--format github: GitHub Actions workflow commands, one `::error file=…::message` line per
diagnostic, which the Actions runner shows as annotations on the changed files."""
from __future__ import annotations

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render(results, stream, **_) -> None:
    for result in results:
        for d in result.diagnostics:
            stream.write(annotation(d) + "\n")


def annotation(d) -> str:
    props = {"file": d.path, "line": d.line, "col": d.column, "endLine": d.end_line,
             "endColumn": d.end_column, "title": f"{d.code} {d.rule}"}
    joined = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items())
    message = f"{d.location.label()}：{d.message}" if getattr(d, "location", None) is not None else d.message
    return f"::{COMMAND.get(d.severity, 'warning')} {joined}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
