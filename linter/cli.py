"""The command line: `govlint [check] PATH…`, `govlint parse FILE`, `govlint serve`, --list-rules,
--explain.

Exit status: 0 no error-severity diagnostic; 1 at least one; 2 usage, input, configuration
or internal errors (a file that cannot be read is reported and the others are still linted).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from govlint import __version__
from govlint.config.settings import Config, ConfigError, find_config, load_config
from govlint.run.batch import (BatchSettings, Linters, collect_files, default_jobs, progress_bar, run_batch,
                    wants_progress)
from govlint.run.engine import Linter, LintResult
from govlint.results.formats import FORMATS
from govlint.plugins.registry import PluginError, load_registry
from govlint.server.command import add_arguments as add_serve_arguments, serve_command
from govlint.read.text import InputError
from govlint.config.suppressions import SuppressionError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class BatchError(Exception):
    """The run itself broke down (worker processes died); message in Chinese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a Chinese lead
        self.print_usage(sys.stderr)
        print(f"govlint：参数错误：{message}", file=sys.stderr)
        sys.exit(EXIT_ERROR)


def _arguments() -> argparse.ArgumentParser:
    p = _Parser(prog="govlint", description="政府信息公开工作年度报告检查工具")
    p.add_argument("command_or_path", nargs="*", metavar="PATH",
                   help="要检查的报告文件（.txt、Word .docx、PDF、网页 .html）或文件夹（文件夹内查找 *.txt、*.docx、*.pdf、*.html、*.htm）；也可先写 check、parse 或 serve（启动网页检查服务）")
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="输出格式（默认 text）")
    p.add_argument("--select", default="", help="只运行这些规则：代码、代码前缀或名称，逗号分隔（如 GL2,place-name）")
    p.add_argument("--ignore", default="", help="不运行这些规则：代码、代码前缀或名称，逗号分隔")
    p.add_argument("--config", help="配置文件路径（默认从被检查文件所在文件夹向上查找 govlint.toml）")
    p.add_argument("--statistics", action="store_true", help="只输出每条规则的问题数（从多到少）")
    p.add_argument("--write-baseline", metavar="FILE", help="把本次发现的全部问题记入基线文件（此后用 --baseline 只报告新问题）")
    p.add_argument("--baseline", metavar="FILE", help="不报告基线文件中已记录的问题（按规则和所涉文字匹配，不看行号）")
    p.add_argument("--history", action="append", default=[], metavar="DIR",
                   help="往年报告所在的文件夹（或文件）：跨报告规则（GL7xx）拿它们作比较，但不报告其中的问题；可多次给出")
    p.add_argument("--fix", action="store_true", help="自动修复可以安全修复的问题（直接改写 .txt/.docx 文件），再报告剩余问题")
    p.add_argument("--diff", action="store_true", help="只显示 --fix 会做的修改，不改动文件")
    p.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                   help="同时检查的进程数（默认：本机 CPU 核数）；检查大量报告时使用")
    p.add_argument("--quiet", "-q", action="store_true", help="不显示进度条")
    p.add_argument("--rule-time-limit", type=_seconds, metavar="秒",
                   help="一条规则检查一份报告的最长用时，超时报告为 GL000（默认取配置 rule-time-limit，10 秒；0 不限时）")
    p.add_argument("--list-rules", action="store_true", help="列出所有规则")
    p.add_argument("--explain", metavar="CODE", help="说明一条规则（代码或名称）")
    p.add_argument("--version", action="version", version=f"govlint {__version__}")
    add_serve_arguments(p)
    return p


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是“{value}”")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"应为不小于 0 的秒数，而不是“{value}”")
    return number


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
    except (ConfigError, PluginError, SuppressionError, BatchError) as e:
        print(f"govlint：{e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("govlint：已中断", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:     # output piped into `head` and the like, which stopped reading
        _silence_stdout()
        return EXIT_ERROR


def _silence_stdout() -> None:
    import os
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


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
    from govlint.read import parse_source, read_input
    from govlint.syntax.tree_view import render_tree
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


def _check(args, words: list[str]) -> int:
    files, errors = collect_files(words)
    for message in errors:
        print(f"govlint：{message}", file=sys.stderr)
    settings = BatchSettings(tuple(_split(args.select)), tuple(_split(args.ignore)), args.config,
                             args.rule_time_limit, digests=len(files) > 1 or bool(args.history))
    batch = Linters(settings)
    for path in files:          # a bad configuration stops the run before any file is linted
        batch.for_file(path)
    keep_reports = bool(args.fix or args.diff)
    if args.format == "jsonl" and not (keep_reports or args.statistics or args.baseline or args.write_baseline):
        return _check_streaming(args, files, batch, bool(errors))
    results: list[LintResult] = []
    outcomes: list = []          # --fix/--diff: what was fixed in each file
    failed = bool(errors)
    for outcome in _outcomes(args, files, batch, keep_reports):
        if outcome.error is not None:
            print(f"govlint：{outcome.error}", file=sys.stderr)
            failed = True
            continue
        result = outcome.result
        if keep_reports:
            try:
                result = _fix(args, result, batch.for_file(outcome.path), outcomes)
            except InputError as e:     # the fixed file could not be read back
                print(f"govlint：{e}", file=sys.stderr)
                failed = True
                continue
        results.append(result)
    linters = batch.by_config
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


def _outcomes(args, files: list[Path], batch: Linters, keep_reports: bool):
    """Each file's outcome in the order of `files`, linted by --jobs worker processes, with a
    progress bar on a terminal."""
    jobs = args.jobs or default_jobs()
    try:
        with progress_bar(len(files), wants_progress(len(files), args.quiet)) as advance:
            yield from run_batch(files, batch, jobs, keep_reports, advance)
    except InputError as e:     # the worker processes died
        raise BatchError(str(e)) from None


def _check_streaming(args, files: list[Path], batch: Linters, failed: bool) -> int:
    """--format jsonl: each file's findings are printed as soon as it is done; only the
    compact digests that the rules over the whole run (GL7xx) need are kept."""
    from govlint.results.formats.jsonl_format import write_result
    errors = internal = False
    kept: list[LintResult] = []
    for outcome in _outcomes(args, files, batch, keep_reports=False):
        if outcome.error is not None:
            print(f"govlint：{outcome.error}", file=sys.stderr)
            failed = True
            continue
        result = outcome.result
        write_result(result, sys.stdout)
        errors = errors or any(d.severity == "error" for d in result.diagnostics)
        internal = internal or result.internal_error
        if result.digest is not None:
            kept.append(replace(result, diagnostics=[], report=None))   # the digest only
    kept, failed = _across_reports(args, kept, batch.by_config, failed)
    for result in kept:          # now only the findings of the rules over the whole run
        write_result(result, sys.stdout)
        errors = errors or any(d.severity == "error" for d in result.diagnostics)
        internal = internal or result.internal_error
    if failed or internal:
        return EXIT_ERROR
    return EXIT_FINDINGS if errors else EXIT_OK


def _across_reports(args, results: list[LintResult], linters: dict, failed: bool):
    """The corpus rules (GL7xx) over every report of the run, --history reports as context;
    they follow the configuration of the first file checked."""
    from govlint.run.corpus import read_history, run_corpus
    linter = next(iter(linters.values()), None)
    if linter is None or not linter.corpus_rules:
        return results, failed
    files, errors = collect_files(args.history) if args.history else ([], [])
    history, unreadable = read_history(linter, files)
    for message in errors + unreadable:
        print(f"govlint：{message}", file=sys.stderr)
    return run_corpus(linter, results, history), failed or bool(errors or unreadable)


def _fix(args, result: LintResult, linter: Linter, outcomes: list) -> LintResult:
    """--fix: apply the safe fixes and lint the file again; --diff: only show them."""
    from govlint.results.fixes import fix_result
    outcome = fix_result(result, write=not args.diff)
    outcomes.append(outcome)
    if outcome.error:
        print(f"govlint：{outcome.error}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(outcome.diff)
        return result
    return linter.lint_file(result.path) if outcome.applied else result


def _fix_summary(args, outcomes: list, results: list[LintResult]) -> int:
    from govlint.results.fixes import summary
    remaining = sum(len(r.diagnostics) for r in results)
    stream = sys.stdout if args.format == "text" and not args.statistics else sys.stderr
    print(f"govlint：{summary(outcomes, remaining, write=not args.diff)}", file=stream)
    if any(o.error for o in outcomes):
        return EXIT_ERROR
    return EXIT_FINDINGS if args.diff and any(o.applied for o in outcomes) else EXIT_OK


def _baseline(args, results: list[LintResult]) -> list[LintResult] | None:
    """--write-baseline records the findings (None: nothing left to report); --baseline drops
    the recorded ones."""
    from govlint.config.suppressions import filter_baseline, write_baseline
    if args.write_baseline:
        count = write_baseline(Path(args.write_baseline), results)
        print(f"govlint：已把 {count} 个问题记入基线文件 {args.write_baseline}", file=sys.stderr)
        return None
    if args.baseline:
        return filter_baseline(results, Path(args.baseline))
    return results


def _render(args, results: list[LintResult], linters: dict) -> None:
    if args.statistics:
        from govlint.results.formats.rule_counts import render as render_statistics
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
