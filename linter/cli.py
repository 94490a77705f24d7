"""The command line: `govlint [check] PATH…`, `govlint parse FILE`, `govlint serve`, --list-rules,
--explain.

Exit status: 0 no error-severity diagnostic; 1 at least one; 2 usage, input, configuration
or internal errors (a file that cannot be read is reported and the others are still linted).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, find_config, load_config
from .engine import Linter, LintResult
from .output import FORMATS
from .plugins import PluginError, load_registry
from .server.command import add_arguments as add_serve_arguments, serve_command
from .source import InputError
from .suppress import SuppressionError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
REPORT_SUFFIXES = (".txt", ".docx")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a Chinese lead
        self.print_usage(sys.stderr)
        print(f"govlint：参数错误：{message}", file=sys.stderr)
        sys.exit(EXIT_ERROR)


def _arguments() -> argparse.ArgumentParser:
    p = _Parser(prog="govlint", description="政府信息公开工作年度报告检查工具")
    p.add_argument("command_or_path", nargs="*", metavar="PATH",
                   help="要检查的报告文件（.txt 或 Word .docx）或文件夹（文件夹内查找 *.txt、*.docx）；也可先写 check、parse 或 serve（启动网页检查服务）")
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="输出格式（默认 text）")
    p.add_argument("--select", default="", help="只运行这些规则：代码、代码前缀或名称，逗号分隔（如 GL2,place-name）")
    p.add_argument("--ignore", default="", help="不运行这些规则：代码、代码前缀或名称，逗号分隔")
    p.add_argument("--config", help="配置文件路径（默认从被检查文件所在文件夹向上查找 govlint.toml）")
    p.add_argument("--statistics", action="store_true", help="只输出每条规则的问题数（从多到少）")
    p.add_argument("--write-baseline", metavar="FILE", help="把本次发现的全部问题记入基线文件（此后用 --baseline 只报告新问题）")
    p.add_argument("--baseline", metavar="FILE", help="不报告基线文件中已记录的问题（按规则和所涉文字匹配，不看行号）")
    p.add_argument("--fix", action="store_true", help="自动修复可以安全修复的问题（直接改写 .txt/.docx 文件），再报告剩余问题")
    p.add_argument("--diff", action="store_true", help="只显示 --fix 会做的修改，不改动文件")
    p.add_argument("--history", action="append", default=[], metavar="DIR",
                   help="往年报告所在的文件夹（或文件）：跨报告规则（GL7xx）拿它们作比较，但不报告其中的问题；可多次给出")
    p.add_argument("--list-rules", action="store_true", help="列出所有规则")
    p.add_argument("--explain", metavar="CODE", help="说明一条规则（代码或名称）")
    p.add_argument("--version", action="version", version=f"govlint {__version__}")
    add_serve_arguments(p)
    return p


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_intermixed_args(argv)
    words = list(args.command_or_path)
    command = "check"
    if words and words[0] in ("check", "parse", "serve"):
        command = words.pop(0)
    try:
        if command == "serve":
            return serve_command(args, _split(args.select), _split(args.ignore))
        if args.list_rules or args.explain:
            return _describe_rules(args)
        if not words:
            _arguments().print_usage(sys.stderr)
            print("govlint：请给出要检查的报告文件，例如：govlint report.txt", file=sys.stderr)
            return EXIT_ERROR
        if command == "parse":
            return _parse_command(words)
        return _check(args, words)
    except (ConfigError, PluginError, SuppressionError) as e:
        print(f"govlint：{e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("govlint：已中断", file=sys.stderr)
        return EXIT_ERROR


def _describe_rules(args) -> int:
    config = load_config(Path(args.config)) if args.config else load_config(find_config(Path.cwd()))
    registry = load_registry(config.plugins, config.base_dir)
    if args.explain:
        rule = registry.resolve(args.explain)
        if rule is None:
            print(f"govlint：没有规则“{args.explain}”（用 --list-rules 查看全部规则）", file=sys.stderr)
            return EXIT_ERROR
        print(rule.explain())
        return EXIT_OK
    for rule in registry.rules.values():
        print(f"{rule.code}  {rule.name:<22} {rule.severity:<8} {rule.summary()}  [{rule.origin}]")
    return EXIT_OK


def _parse_command(words: list[str]) -> int:
    from .engine import parse_source, read_input
    from .tree_view import render_tree
    status = EXIT_OK
    for word in words:
        try:
            document = parse_source(read_input(word))
        except InputError as e:
            print(f"govlint：{e}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        sys.stdout.write(render_tree(document))
    return status


def collect_files(words: list[str]) -> tuple[list[Path], list[str]]:
    """Files to lint (folders searched recursively for report files) and input errors."""
    files: list[Path] = []
    errors: list[str] = []
    for word in words:
        path = Path(word)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
                           and not p.name.startswith("~$"))   # ~$…: Word's lock file of an open document
            if not found:
                errors.append(f"文件夹 {word} 中没有找到报告文件（{'、'.join(REPORT_SUFFIXES)}）")
            files.extend(found)
        else:
            files.append(path)
    return files, errors


def _check(args, words: list[str]) -> int:
    files, errors = collect_files(words)
    for message in errors:
        print(f"govlint：{message}", file=sys.stderr)
    select, ignore = _split(args.select), _split(args.ignore)
    linters: dict[Path | None, Linter] = {}
    fixed_config = load_config(Path(args.config)) if args.config else None
    results: list[LintResult] = []
    outcomes: list = []          # --fix/--diff: what was fixed in each file
    failed = bool(errors)
    for path in files:
        config_path = Path(args.config) if args.config else find_config(path if path.exists() else Path.cwd())
        if config_path not in linters:
            config = fixed_config if fixed_config is not None else load_config(config_path)
            linters[config_path] = Linter(config, select or None, ignore)
        try:
            result = linters[config_path].lint_file(path)
            if args.fix or args.diff:
                result = _fix(args, result, linters[config_path], outcomes)
            results.append(result)
        except InputError as e:
            print(f"govlint：{e}", file=sys.stderr)
            failed = True
    results, failed = _across_reports(args, results, linters, failed)
    results = _baseline(args, results)
    if results is None:     # --write-baseline: recorded, nothing to report
        return EXIT_ERROR if failed else EXIT_OK
    if args.diff:
        status = _fix_summary(args, outcomes, results)
        return EXIT_ERROR if failed else status
    _render(args, results, linters)
    if args.fix and _fix_summary(args, outcomes, results) == EXIT_ERROR:
        failed = True
    if failed or any(r.internal_error for r in results):
        return EXIT_ERROR
    if any(d.severity == "error" for r in results for d in r.diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK


def _fix(args, result: LintResult, linter: Linter, outcomes: list) -> LintResult:
    """--fix: apply the safe fixes and lint the file again; --diff: only show them."""
    from .fix import fix_result
    outcome = fix_result(result, write=not args.diff)
    outcomes.append(outcome)
    if outcome.error:
        print(f"govlint：{outcome.error}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(outcome.diff)
        return result
    return linter.lint_file(result.path) if outcome.applied else result


def _fix_summary(args, outcomes: list, results: list[LintResult]) -> int:
    from .fix import summary
    remaining = sum(len(r.diagnostics) for r in results)
    stream = sys.stdout if args.format == "text" and not args.statistics else sys.stderr
    print(f"govlint：{summary(outcomes, remaining, write=not args.diff)}", file=stream)
    if any(o.error for o in outcomes):
        return EXIT_ERROR
    return EXIT_FINDINGS if args.diff and any(o.applied for o in outcomes) else EXIT_OK


def _across_reports(args, results: list[LintResult], linters: dict, failed: bool):
    """The corpus rules (GL7xx) over every report of the run, --history reports as context;
    they follow the configuration of the first file checked."""
    from .corpus import read_history, run_corpus
    linter = next(iter(linters.values()), None)
    if linter is None or not linter.corpus_rules:
        return results, failed
    files, errors = collect_files(args.history) if args.history else ([], [])
    history, unreadable = read_history(linter, files)
    for message in errors + unreadable:
        print(f"govlint：{message}", file=sys.stderr)
    return run_corpus(linter, results, history), failed or bool(errors or unreadable)


def _baseline(args, results: list[LintResult]) -> list[LintResult] | None:
    """--write-baseline records the findings (None: nothing left to report); --baseline drops
    the recorded ones."""
    from .suppress import filter_baseline, write_baseline
    if args.write_baseline:
        count = write_baseline(Path(args.write_baseline), results)
        print(f"govlint：已把 {count} 个问题记入基线文件 {args.write_baseline}", file=sys.stderr)
        return None
    if args.baseline:
        return filter_baseline(results, Path(args.baseline))
    return results


def _render(args, results: list[LintResult], linters: dict) -> None:
    if args.statistics:
        from .output.statistics import render as render_statistics
        render_statistics(results, sys.stdout, json_output=args.format == "json")
    else:
        rules = {code: rule for linter in linters.values() for code, rule in linter.registry.rules.items()}
        FORMATS[args.format](results, sys.stdout, rules=rules)


def run() -> None:
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (govlint … | head): stop quietly, and keep Python from
        # failing again when it flushes stdout at exit.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_ERROR
    sys.exit(status)


if __name__ == "__main__":
    run()
