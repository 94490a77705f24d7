"""docs/rules.md, generated from the rules' docstrings (the text `govlint --explain` prints).

    python -m govlint.results.rule_docs            # rewrite docs/rules.md
    python -m govlint.results.rule_docs --check    # exit 1 when docs/rules.md is stale

Only govlint's own rules (modules under `linter` and `rules`) are listed, so a plugin
installed in the same environment does not change the page; a plugin documents its own.
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_HEADER = """# govlint 规则一览

<!-- 本文件由 `python -m govlint.results.rule_docs` 根据各规则的文档字符串生成，请勿手工修改；
     规则的说明改了之后重新生成（tests/test_rule_docs.py 在本文件过期时失败）。 -->

每条规则都有稳定的代码和名称，可在 `--select`、`--ignore`、`govlint.toml` 中使用；
`govlint --explain 代码` 在命令行显示同样的说明。

| 代码 | 名称 | 默认级别 | 检查什么 |
|---|---|---|---|
"""


def rule_help(rule) -> str:
    """The rule's full description: its docstring (what, why, wrong and right example)."""
    return inspect.getdoc(rule) or rule.name


def builtin_rules(registry) -> list:
    return [r for r in registry.rules.values() if r.__module__.split(".")[0] == "govlint"]


def render_markdown(rules) -> str:
    out = [_HEADER]
    out += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | `{r.name}` | {_SEVERITY.get(r.severity, r.severity)} "
            f"| {_cell(_summary(r))} |\n" for r in rules]
    for r in rules:
        out.append(f"\n## {r.code} {r.name}\n\n默认级别：{_SEVERITY.get(r.severity, r.severity)}（`{r.severity}`）\n\n")
        out.append(_markdown_body(rule_help(r)))
        if r.options:
            out.append(f"\n选项（`govlint.toml` 中的 `[rules.{r.name}]`）：\n\n")
            out += [f"- `{key} = {_toml(value)}`\n" for key, value in r.options.items()]
    return "".join(out)


def _summary(rule) -> str:
    """The docstring's first paragraph on one line (a summary may wrap in the source)."""
    first = rule_help(rule).split("\n\n", 1)[0]
    return "".join(line.strip() for line in first.splitlines())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown_body(doc: str) -> str:
    """Paragraphs kept; lines inside a paragraph keep their breaks (examples stay one per line)."""
    paragraphs = [p.strip("\n") for p in doc.split("\n\n") if p.strip()]
    return "".join("  \n".join(line.rstrip() for line in p.splitlines()) + "\n\n" for p in paragraphs)


def _toml(value) -> str:
    import json
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def generate() -> str:
    from govlint.plugins.registry import load_registry
    return render_markdown(builtin_rules(load_registry()))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = generate()
    if "--check" in argv:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.is_file() else ""
        if current != text:
            print(f"{DOC_PATH} 已过期：运行 python -m govlint.results.rule_docs 重新生成", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(text, encoding="utf-8")
    print(f"已写入 {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
