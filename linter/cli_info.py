"""The command line's answers that lint nothing — --list-rules and --explain, --show-settings,
--show-files, and `govlint parse` (the syntax tree as text or JSON) — and what a run reads:
the files of a folder (--exclude, .gitignore) and a report on standard input."""
from __future__ import annotations

import sys
from pathlib import Path

from govlint.config.settings import Config, find_config, load_config
from govlint.plugins.registry import load_registry
from govlint.read.text import InputError
from govlint.run.batch import collect_files, default_jobs
from govlint.run.engine import Linter

EXIT_OK, EXIT_ERROR = 0, 2


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def config_for(args, where: Path | None = None) -> tuple[Path | None, Config]:
    """The configuration file in use (--config, else found from `where` or the current folder
    upward) and the configuration read from it."""
    if args.config:
        return Path(args.config), load_config(Path(args.config))
    path = find_config(where if where is not None else Path.cwd())
    return path, load_config(path)


def describe_rules(args, out) -> int:
    _, config = config_for(args)
    registry = load_registry(config.plugins, config.base_dir)
    if args.explain:
        rule = registry.resolve(args.explain)
        if rule is None:
            print(f"govlint：没有规则“{args.explain}”（用 --list-rules 查看全部规则）", file=sys.stderr)
            return EXIT_ERROR
        print(rule.explain(), file=out)
        return EXIT_OK
    if args.format == "json":
        rows = [{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary(),
                 "origin": r.origin, "fixable": r.fixable is not None, "applicability": r.fixable}
                for r in registry.rules.values()]
        import json
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return EXIT_OK
    for rule in registry.rules.values():
        mark = {"safe": "[*]", "unsafe": "[!]"}.get(rule.fixable or "", "   ")
        print(f"{rule.code}  {rule.name:<22} {rule.severity:<8} {mark} {rule.summary()}  [{rule.origin}]", file=out)
    print("[*] 可用 govlint --fix 自动修正；[!] 只有需人工核对的修正（--unsafe-fixes）", file=out)
    return EXIT_OK


def show_settings(args, out) -> int:
    """--show-settings: the configuration file used for the first path (or the current folder)
    and every setting in effect, the command line's included, as TOML-like lines."""
    first = next((Path(p) for p in args.paths if p != "-"), None)
    if first is None and args.stdin_filename:
        first = Path(args.stdin_filename)
    where = None if first is None else (first if first.is_dir() else first.parent)
    path, config = config_for(args, where if where is not None and where.is_dir() else None)
    linter = Linter(config, _split(args.select) or None, _split(args.ignore), rule_time_limit=args.rule_time_limit,
                    digests=False)
    import json
    v = lambda value: json.dumps(value, ensure_ascii=False)     # noqa: E731
    lines = [f"# 配置文件：{path if path else '无（使用默认设置）'}", ""]
    lines += [f"select = {v(_split(args.select) or config.select)}" + ("  # 来自命令行" if args.select else ""),
              f"ignore = {v(list(config.ignore) + _split(args.ignore))}",
              f"plugins = {v(config.plugins)}",
              f"rule-time-limit = {linter.rule_time_limit:g}" + ("  # 来自命令行" if args.rule_time_limit is not None else "")]
    lines.append(f"severity = {v(config.severity)}")
    lines.append(f"report = {v(config.report)}")
    lines.append(f"per-file-ignores = {v(config.per_file_ignores)}")
    lines.append(f"ignore-entries = {len(config.ignore_entries)}  # [[ignore]] 条目数")
    lines.append("limits = " + v({k: getattr(config.limits, k) for k in vars(config.limits)}
                                 if hasattr(config.limits, "__dict__") else str(config.limits)))
    for name, table in sorted(config.tables.items()):
        lines.append(f"[{name}] = {v(table)}")
    rules = linter.rules + linter.corpus_rules
    lines += ["", f"# 启用的规则（{len(rules)} 条）：代码 名称 级别 选项"]
    for rule in sorted(rules, key=lambda r: r.code):
        level = linter.severity.get(rule.code, rule.severity)
        lines.append(f"{rule.code} {rule.name} {level} {v(rule.config)}")
    filter_ = file_filter(args)
    lines += ["", "# 命令行",
              f"format = {v(args.format)}", f"output-file = {v(args.output_file)}", f"color = {v(args.color)}",
              f"exclude = {v(list(filter_.exclude))}", f"respect-gitignore = {v(args.respect_gitignore)}",
              f"fix = {v(args.fix)}", f"diff = {v(args.diff)}", f"unsafe-fixes = {v(args.unsafe_fixes)}",
              f"exit-zero = {v(args.exit_zero)}", f"jobs = {args.jobs or default_jobs()}",
              f"baseline = {v(args.baseline)}", f"history = {v(args.history)}"]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def show_files(args, out) -> int:
    files, errors = collect_files(args.paths, file_filter(args))
    for message in errors:
        print(f"govlint：{message}", file=sys.stderr)
    for path in files:
        print(path, file=out)
    return EXIT_ERROR if errors else EXIT_OK


def parse_command(args, out) -> int:
    from govlint.read import parse_source, read_input
    from govlint.syntax.tree_view import render_tree, tree_json
    status = EXIT_OK
    trees = []
    for word in args.paths:
        try:
            if word == "-":
                source = read_stdin(args.stdin_filename)
            else:
                source = read_input(word)
            document = parse_source(source)
        except InputError as e:
            print(f"govlint：{e}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if args.format == "json":
            trees.append({"path": source.path, "tree": tree_json(document, source.text)})
        else:
            out.write(render_tree(document))
    if args.format == "json":
        import json
        json.dump(trees, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return status


def _patterns(values: list[str] | None) -> list[str]:
    return [p for v in values or [] for p in _split(v)]


def file_filter(args):
    from govlint.run.files import DEFAULT_EXCLUDE, FileFilter
    exclude = _patterns(args.exclude) if args.exclude else list(DEFAULT_EXCLUDE)
    return FileFilter(tuple(exclude + _patterns(args.extend_exclude)), args.respect_gitignore)


def read_stdin(stdin_filename: str | None):
    """The report on standard input as a Source whose path is --stdin-filename (or "-"). The
    bytes pass through a temporary file named like it, so that every reader (text in any
    encoding, Word, web page) reads them exactly as it reads a file of that name."""
    import os
    import tempfile
    from govlint.read import read_input
    data = sys.stdin.buffer.read()
    shown = stdin_filename or "-"
    name = Path(stdin_filename).name if stdin_filename else "stdin.txt"
    with tempfile.TemporaryDirectory(prefix="govlint-stdin-") as folder:
        temp = os.path.join(folder, name or "stdin.txt")
        with open(temp, "wb") as f:
            f.write(data)
        source = read_input(temp)
    source.path = shown
    return source
