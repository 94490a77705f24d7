"""--statistics: how many findings each rule produced, most frequent first (like ruff's
`--statistics`). Text: `count  code  [*] name` aligned, `[*]` marking rules whose fixes --fix applies (safe ones;
a rule whose findings carry only unsafe fixes is not marked), with a legend line; with
--format json: a JSON array of {code, name, count, fixable}, `fixable` meaning the same."""
from __future__ import annotations

import json
from collections import Counter


def statistics(results) -> list[dict]:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    fixable: dict[str, bool] = {}
    for result in results:
        for d in result.diagnostics:
            counts[d.code] += 1
            names[d.code] = d.rule
            fixable[d.code] = fixable.get(d.code, False) or (d.fix is not None and d.fix.safe)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": names[code], "count": n, "fixable": fixable[code]} for code, n in ordered]


def render(results, stream, json_output: bool = False) -> None:
    rows = statistics(results)
    if json_output:
        json.dump(rows, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return
    width = max((len(str(r["count"])) for r in rows), default=1)
    for r in rows:
        stream.write(f"{r['count']:>{width}}\t{r['code']}\t{'[*] ' if r['fixable'] else ''}{r['name']}\n")
    if rows:
        stream.write(f"共 {sum(r['count'] for r in rows)} 个问题，涉及 {len(rows)} 条规则\n")
    if any(r["fixable"] for r in rows):
        stream.write("[*] 表示该规则的问题可用 govlint --fix 自动修正\n")
