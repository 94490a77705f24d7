"""The plugin manager: built-in rules, entry-point plugins (group `govlint`) and plugins
listed in govlint.toml are all loaded the same way."""
from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pluggy

from govlint.errors import PluginError

from govlint.plugins import hookspecs
from govlint.plugins.installed import entry_points
from govlint.run.internal_error import InternalError
from govlint.plugins.rule import Rule
from govlint.model.templates.spec import Template

ENTRY_POINT_GROUP = "govlint"


@dataclass
class Registry:
    """What the plugins contribute: rules by code, templates, option tables and data sets."""

    rules: dict[str, type[Rule]]          # by code, in code order
    templates: list[Template]
    options: dict[str, dict] = field(default_factory=dict)   # plugin tables: name -> defaults
    data: dict[str, object] = field(default_factory=dict)    # merged govlint_data contributions

    def by_name(self, name: str) -> type[Rule] | None:
        return next((r for r in self.rules.values() if r.name == name), None)

    def resolve(self, key: str) -> type[Rule] | None:
        """A rule by code (GL203) or name (balance)."""
        return self.rules.get(key.upper()) or self.by_name(key)


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, with a quicker look at a plugin module's names: a class, a module or
    anything not callable in a module's namespace is never a hook implementation (pluggy would
    say so after an inspect.getattr_static of each: ~2 ms for the built-in rule modules);
    everything else is left to pluggy."""

    def parse_hookimpl_opts(self, plugin, name: str):
        if isinstance(plugin, ModuleType):
            value = plugin.__dict__.get(name, _ABSENT)
            if isinstance(value, (type, ModuleType)) or (
                    value is not _ABSENT and not callable(value) and not isinstance(value, (staticmethod, classmethod))):
                return None
        return super().parse_hookimpl_opts(plugin, name)


_ABSENT = object()


def load_registry(extra_plugins: list[str] | tuple[str, ...] = (), base_dir: Path | None = None) -> Registry:
    pm = _PluginManager("govlint")
    pm.add_hookspecs(hookspecs)
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as e:  # any import failure of third-party code
            raise PluginError(f"无法加载插件“{ep.name}”（{ep.value}）：{type(e).__name__}: {e}") from None
        pm.register(plugin, name=ep.name)
    for spec in extra_plugins:
        if pm.has_plugin(spec):
            continue
        plugin = _import_plugin(spec, base_dir)
        if not pm.is_registered(plugin):     # also installed through its entry point
            pm.register(plugin, name=spec)
    _check_hooks(pm)
    from govlint.plugins.data import collect_data, collect_options
    return Registry(_collect_rules(pm), _collect_templates(pm), collect_options(pm), collect_data(pm))


def _check_hooks(pm: pluggy.PluginManager) -> None:
    """A function marked @hookimpl whose name is not a govlint hook (a misspelt `govlint_rule`)
    would be ignored and its rules silently missing: refuse it, naming the plugin and the hook."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        name = pm.get_name(e.plugin) if e.plugin is not None else "?"
        hooks = "、".join(sorted(n for n in dir(pm.hook) if n.startswith("govlint_")))
        unknown = [n for n, caller in vars(pm.hook).items()
                   if n.startswith("govlint_") and not caller.has_spec() and
                   any(i.plugin is e.plugin for i in caller.get_hookimpls())]
        raise PluginError(f"插件“{name}”中的钩子 {'、'.join(unknown) or '?'} 不是 govlint 的钩子"
                          f"（可用：{hooks}）；请检查函数名的拼写") from None


# Rule codes: two to four capitals and three digits; GL is govlint's own. Names: kebab-case.
_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RESERVED_PREFIX = "GL"


def _check_rule(rule: type[Rule], origin: str, kind: str) -> None:
    if not _CODE.match(rule.code):
        raise PluginError(f"插件“{origin}”的{kind} {rule.__name__} 的代码“{rule.code}”不合规定："
                          "应为 2–4 个大写字母加 3 位数字，例如 ZJ001")
    if rule.code.startswith(RESERVED_PREFIX) and origin != "govlint" and not _is_builtin(rule):
        raise PluginError(f"插件“{origin}”的规则代码 {rule.code} 以 GL 开头：GL 留给 govlint 的内置规则，"
                          "请用本省、本单位的前缀（如 ZJ001）")
    if not _NAME.match(rule.name):
        raise PluginError(f"插件“{origin}”的规则 {rule.code} 的名称“{rule.name}”不合规定："
                          "应为小写英文单词以连字符相连，例如 preamble-statement")
    if not (rule.__doc__ or "").strip():
        raise PluginError(f"插件“{origin}”的规则 {rule.code} {rule.name} 没有文档字符串：请写明检查什么、为什么，"
                          "并给出错误与正确的示例（govlint --explain 显示它）")


def _is_builtin(rule: type[Rule]) -> bool:
    return rule.__module__.split(".")[0] == "govlint"


def _import_plugin(spec: str, base_dir: Path | None):
    """A module name (my_rules.zhejiang) or a path to a .py file (relative to the config)."""
    try:
        if spec.endswith(".py") or "/" in spec or "\\" in spec:
            path = Path(spec)
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            if not path.is_file():
                raise PluginError(f"找不到插件文件“{spec}”（{path}）")
            module_spec = importlib.util.spec_from_file_location(f"govlint_plugin_{path.stem}", path)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[module_spec.name] = module
            module_spec.loader.exec_module(module)
            return module
        return importlib.import_module(spec)
    except PluginError:
        raise
    except Exception as e:
        raise PluginError(f"无法加载插件“{spec}”：{type(e).__name__}: {e}") from None


def _collect_rules(pm: pluggy.PluginManager) -> dict[str, type[Rule]]:
    InternalError.origin = "govlint"
    rules: dict[str, type[Rule]] = {InternalError.code: InternalError}
    names: dict[str, str] = {InternalError.name: InternalError.code}
    from govlint.plugins.rule import CorpusRule
    impls = [(impl, Rule, "规则类") for impl in pm.hook.govlint_rules.get_hookimpls()]
    impls += [(impl, CorpusRule, "跨报告规则类（CorpusRule）")
              for impl in pm.hook.govlint_corpus_rules.get_hookimpls()]
    for impl, base, kind in impls:
        origin = pm.get_name(impl.plugin) or "?"
        for rule in impl.function() or []:
            if not (isinstance(rule, type) and issubclass(rule, base)) or not rule.code or not rule.name:
                raise PluginError(f"插件“{origin}”提供的 {rule!r} 不是带有 code 和 name 的{kind}")
            _check_rule(rule, origin, kind)
            if rule.code in rules or rule.name in names:
                other = rules.get(rule.code) or rules[names[rule.name]]
                raise PluginError(f"插件“{origin}”的规则 {rule.code} {rule.name} 与“{other.origin}”的"
                                  f" {other.code} {other.name} 重名")
            rule.origin = origin
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return dict(sorted(rules.items()))


def _collect_templates(pm: pluggy.PluginManager) -> list[Template]:
    templates = [t for result in pm.hook.govlint_templates() for t in (result or [])]
    return sorted(templates, key=lambda t: t.years)
