"""govlint.toml: discovery (from the checked file's folder upward), validation, selection.

Every key is documented in the repository's govlint.toml. A bad file raises ConfigError
with a Chinese message that names the key.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.config.selection import matches
from govlint.errors import ConfigError
from govlint.read.limits import DEFAULT as DEFAULT_LIMITS, Limits
from govlint.results.diagnostic import SEVERITIES

CONFIG_NAME = "govlint.toml"
_TOP_KEYS = {"select", "ignore", "plugins", "severity", "rules", "report", "per-file-ignores", "rule-time-limit",
             "limits"}
_REPORT_KEYS = {"year": int, "place": str}


@dataclass
class Config:
    """A govlint.toml as read: selection, plugins, severities, rule options, report settings."""

    path: Path | None = None
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)   # glob -> selectors
    ignore_entries: list = field(default_factory=list)      # [[ignore]] tables (suppress.IgnoreEntry)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)        # plugins' own tables
    rule_time_limit: float = 10.0      # seconds one rule may take on one report; 0: no limit
    limits: Limits = DEFAULT_LIMITS    # input size limits of the readers ([limits])

    @property
    def base_dir(self) -> Path | None:
        return self.path.parent if self.path else None


def find_config(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    # The TOML reader (with datetime) only when there is a file: most runs have none.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件：{path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"配置文件 {path} 的 TOML 语法有误：{e}") from None
    return _from_dict(data, path)


def _from_dict(data: dict, path: Path) -> Config:
    where = f"配置文件 {path}"
    tables = {k: v for k, v in data.items() if k not in _TOP_KEYS and isinstance(v, dict)}
    unknown = set(data) - _TOP_KEYS - set(tables)   # tables are checked against plugins later
    if unknown:
        raise ConfigError(f"{where}：未知的键 {', '.join(sorted(unknown))}（可用：{', '.join(sorted(_TOP_KEYS))}）")
    config = Config(path=path, tables=tables)
    from govlint.config.suppressions import read_ignore_settings
    data = dict(data)
    config.per_file_ignores, config.ignore_entries, data["ignore"] = read_ignore_settings(data, where)
    for key in ("select", "ignore", "plugins"):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}：键 {key} 应为字符串列表，例如 {key} = [\"GL2\"]")
            setattr(config, key, value)
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}：[severity] 应为表，例如 GL304 = \"error\"")
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where}：severity.{rule} 的值 {level!r} 无效（可用：{'、'.join(SEVERITIES)}）")
    config.severity = dict(severity)
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{where}：[rules.规则名] 应为表，例如 [rules.amount-unit]")
    config.rules = rules
    report = data.get("report", {})
    for key, value in report.items():
        if key not in _REPORT_KEYS:
            raise ConfigError(f"{where}：未知的键 report.{key}（可用：{', '.join(_REPORT_KEYS)}）")
        if not isinstance(value, _REPORT_KEYS[key]):
            raise ConfigError(f"{where}：report.{key} 的类型应为 {_REPORT_KEYS[key].__name__}")
    config.report = report
    limit = data.get("rule-time-limit", config.rule_time_limit)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 0:
        raise ConfigError(f"{where}：rule-time-limit 应为不小于 0 的秒数（0 表示不限时），例如 rule-time-limit = 10")
    config.rule_time_limit = float(limit)
    config.limits = _limits(data.get("limits", {}), where)
    return config


def _limits(table, where: str) -> Limits:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}：[limits] 应为表，例如 [limits]\npdf-pages = 300")
    keys = Limits.keys()
    for key, value in table.items():
        if key not in keys:
            raise ConfigError(f"{where}：未知的键 limits.{key}（可用：{'、'.join(keys)}）")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 \
                or (keys[key] is int and not isinstance(value, int)):
            kind = "正整数" if keys[key] is int else "正数"
            raise ConfigError(f"{where}：limits.{key} 应为{kind}")
    return Limits.from_table(table)


def validate_against(config: Config, registry, select: list[str], ignore: list[str]) -> None:
    """Check selectors, severities and rule options against the rules actually loaded.
    `select`/`ignore` are the ones given on the command line (or to the API) and are blamed
    on it; the configuration's own are blamed on its file."""
    where = f"配置文件 {config.path}" if config.path else "配置"
    suppressed = [sel for sels in config.per_file_ignores.values() for sel in sels]
    suppressed += [entry.rule for entry in config.ignore_entries]
    checks = [("命令行", "--select", select), ("命令行", "--ignore", ignore),
              (where, "select", config.select), (where, "ignore", config.ignore),
              (where, "per-file-ignores/[[ignore]]", suppressed)]
    for origin, key, selectors in checks:
        for sel in selectors:
            if not any(matches(sel, r) for r in registry.rules.values()):
                raise ConfigError(f"{origin}：{key} 中的“{sel}”不对应任何规则（用代码如 GL203、前缀如 GL2 或名称如 balance）")
    _validate_tables(config, registry, where)
    for key in config.severity:
        if registry.resolve(key) is None:
            raise ConfigError(f"{where}：severity.{key} 不是已知规则的代码或名称")
    for key, options in config.rules.items():
        rule = registry.resolve(key)
        if rule is None:
            raise ConfigError(f"{where}：[rules.{key}] 不是已知规则的代码或名称")
        for option, value in options.items():
            if option not in rule.options:
                known = "、".join(rule.options) or "无"
                raise ConfigError(f"{where}：rules.{key}.{option} 不是规则 {rule.code} 的选项（可用：{known}）")
            default = rule.options[option]
            if default is not None and not isinstance(value, type(default)):
                raise ConfigError(f"{where}：rules.{key}.{option} 的类型应为 {type(default).__name__}")
            allowed = rule.choices.get(option)
            if allowed and value not in allowed:
                raise ConfigError(f"{where}：rules.{key}.{option} 的值 {value!r} 无效（可用：{'、'.join(allowed)}）")


def _validate_tables(config: Config, registry, where: str) -> None:
    """Plugins' own tables ([zhejiang] …): declared by some plugin, known keys, right types."""
    declared = getattr(registry, "options", {})
    for table, values in config.tables.items():
        if table not in declared:
            known = ", ".join(sorted(_TOP_KEYS | set(declared)))
            raise ConfigError(f"{where}：未知的键 {table}（可用：{known}；插件的表须由已加载的插件声明）")
        defaults = declared[table]
        for key, value in values.items():
            if key not in defaults:
                raise ConfigError(f"{where}：{table}.{key} 不是插件表 [{table}] 的选项（可用：{'、'.join(defaults) or '无'}）")
            if defaults[key] is not None and not isinstance(value, type(defaults[key])):
                raise ConfigError(f"{where}：{table}.{key} 的类型应为 {type(defaults[key]).__name__}")


def plugin_settings(config: Config, registry) -> dict[str, dict[str, Any]]:
    """Each plugin table's options: the plugin's defaults overlaid with govlint.toml."""
    declared = getattr(registry, "options", {})
    return {table: {**defaults, **config.tables.get(table, {})} for table, defaults in declared.items()}
