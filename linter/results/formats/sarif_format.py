"""--format sarif: a SARIF 2.1.0 log (one run) for code-scanning tools such as GitHub's.

Columns count Unicode characters, as govlint's do (columnKind "unicodeCodePoints"). Each result
carries a partial fingerprint made of the rule and the flagged text, so a viewer keeps matching
a finding after edits elsewhere in the file (the same key the baseline uses).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from govlint import __version__

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/govlint/govlint"


def render(results, stream, rules=None, **_) -> None:
    json.dump(sarif_log(results, rules or {}), stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def sarif_log(results, rules: dict) -> dict:
    """The SARIF document for lint results; `rules` maps code -> Rule class (for descriptions)."""
    used = sorted({d.code for r in results for d in r.diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    run = {
        "tool": {"driver": {
            "name": "govlint", "version": __version__, "informationUri": INFORMATION_URI,
            "rules": [_descriptor(code, rules.get(code)) for code in used],
        }},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": _uri(r.path)}} for r in results],
        "results": [_result(d, index, i, r) for i, r in enumerate(results) for d in r.diagnostics],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _descriptor(code: str, rule) -> dict:
    if rule is None:
        return {"id": code}
    from govlint.results.rule_docs import rule_help
    return {
        "id": code, "name": rule.name,
        "shortDescription": {"text": rule.summary() or rule.name},
        "fullDescription": {"text": rule_help(rule)},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"origin": rule.origin or "govlint"},
    }


def _result(d, index: dict, artifact: int, result) -> dict:
    region = {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line,
              "endColumn": d.end_column, "charOffset": d.offset,
              "charLength": max(0, d.end_offset - d.offset)}
    location = {"physicalLocation": {
        "artifactLocation": {"uri": _uri(d.path), "index": artifact}, "region": region}}
    out = {"ruleId": d.code, "ruleIndex": index[d.code], "level": LEVEL.get(d.severity, "warning"),
           "message": {"text": d.message}, "locations": [location],
           "partialFingerprints": {"govlint/v1": _fingerprint(d, result)}}
    if getattr(d, "location", None) is not None:     # a Word document: where staff find it
        out["properties"] = {"wordLocation": d.location.label(), "quote": d.location.quote}
    if d.fix is not None:
        out["fixes"] = [{"description": {"text": f"替换为“{d.fix.replacement}”"}, "artifactChanges": [{
            "artifactLocation": {"uri": _uri(d.path)},
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": d.fix.replacement}}],
        }]}]
    return out


def _fingerprint(d, result) -> str:
    from govlint.config.suppressions import finding_key
    return finding_key(d, result.report)


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/:._-~")
