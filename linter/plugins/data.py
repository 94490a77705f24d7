"""What plugins contribute besides rules and templates: their own govlint.toml tables
(`govlint_options`) and named data sets (`govlint_data`), merged across plugins."""
from __future__ import annotations

import pluggy

from govlint.errors import PluginError


def _contributions(pm: pluggy.PluginManager, hook_name: str):
    """(plugin name, returned dict) for every implementation of a hook, in plugin-name order."""
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    for impl in sorted(impls, key=lambda i: pm.get_name(i.plugin) or ""):
        origin = pm.get_name(impl.plugin) or "?"
        try:
            value = impl.function()
        except Exception as e:
            raise PluginError(f"插件“{origin}”的 {hook_name} 出错：{type(e).__name__}: {e}") from None
        if value is None:
            continue
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise PluginError(f"插件“{origin}”的 {hook_name} 应返回以字符串为键的字典，得到 {type(value).__name__}")
        yield origin, value


def collect_options(pm: pluggy.PluginManager) -> dict[str, dict]:
    from govlint.config.settings import _TOP_KEYS
    tables: dict[str, dict] = {}
    owners: dict[str, str] = {}
    for origin, value in _contributions(pm, "govlint_options"):
        for table, defaults in value.items():
            if table in _TOP_KEYS or table in tables:
                other = owners.get(table, "govlint")
                raise PluginError(f"插件“{origin}”声明的配置表 [{table}] 已由“{other}”使用")
            if not isinstance(defaults, dict):
                raise PluginError(f"插件“{origin}”声明的配置表 [{table}] 应为 {{选项: 默认值}} 字典")
            tables[table], owners[table] = dict(defaults), origin
    return tables


def collect_data(pm: pluggy.PluginManager) -> dict[str, object]:
    data: dict[str, object] = {}
    for origin, value in _contributions(pm, "govlint_data"):
        for name, item in value.items():
            if name not in data:
                data[name] = list(item) if isinstance(item, list) else dict(item) if isinstance(item, dict) else item
            elif isinstance(data[name], list) and isinstance(item, list):
                data[name].extend(item)
            elif isinstance(data[name], dict) and isinstance(item, dict):
                data[name].update(item)
            else:
                raise PluginError(f"插件“{origin}”提供的数据“{name}”与已有数据类型不同，无法合并")
    return data
