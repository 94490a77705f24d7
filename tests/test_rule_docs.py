"""docs/rules.md is generated from the rules' docstrings and must not go stale."""
from __future__ import annotations

from govlint.plugins.registry import load_registry
from govlint.results.rule_docs import DOC_PATH, builtin_rules, generate, main, render_markdown


def test_docs_rules_md_is_up_to_date():
    assert DOC_PATH.is_file(), "docs/rules.md 不存在：运行 python -m govlint.results.rule_docs 生成"
    assert DOC_PATH.read_text(encoding="utf-8") == generate(), \
        "docs/rules.md 已过期：运行 .venv/bin/python -m govlint.results.rule_docs 重新生成"


def test_every_builtin_rule_has_a_section_with_its_examples():
    rules = builtin_rules(load_registry())
    text = render_markdown(rules)
    for rule in rules:
        assert f"\n## {rule.code} {rule.name}\n" in text
        assert f"](#{rule.code.lower()}-{rule.name})" in text
    # every rule that checks something shows a wrong and a right example
    assert text.count("错误示例") >= len(rules) - 1


def test_check_mode_fails_when_stale(monkeypatch, tmp_path, capsys):
    stale = tmp_path / "rules.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr("govlint.results.rule_docs.DOC_PATH", stale)
    assert main(["--check"]) == 1
    assert "已过期" in capsys.readouterr().err
    assert main([]) == 0 and main(["--check"]) == 0


def test_plugin_rules_are_left_to_their_plugin():
    from govlint import Rule

    class Foreign(Rule):
        """外来规则。"""
        code, name = "ZZ001", "foreign"
    Foreign.__module__ = "some_plugin.rules"
    assert builtin_rules(type("R", (), {"rules": {"ZZ001": Foreign}})()) == []
