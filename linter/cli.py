"""The command line: `govlint [check] PATH…` (files, folders, or `-` for standard input),
`govlint parse FILE`, `govlint serve`; the parsers are in cli_parser.py, the answers that lint
nothing (--list-rules, --explain, --show-settings, --show-files, parse) in cli_info.py.

Exit status: 0 no error-severity diagnostic; 1 at least one; 2 usage, input, configuration
or internal errors (a file that cannot be read is reported and the others are still linted).
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from govlint.cli_info import (describe_rules, file_filter, parse_command, read_stdin, show_files,
                              show_settings)
from govlint.cli_parser import COMMANDS, check_parser, find_command, parse_parser, serve_parser, unknown_command
from govlint.config.settings import ConfigError
from govlint.run.batch import (BatchSettings, Linters, collect_files, default_jobs, progress_bar, run_batch,
                    wants_progress)
from govlint.run.engine import Linter, LintResult
from govlint.results.formats import FORMATS
from govlint.plugins.registry import PluginError
from govlint.server.command import serve_command
from govlint.read.text import InputError
from govlint.config.suppressions import SuppressionError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class BatchError(Exception):
    """The run itself broke down (worker processes died); message in Chinese."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    top = check_parser("govlint", top=True)
    word, index = find_command(argv, top)
    if word is not None and word not in COMMANDS:
        top.print_usage(sys.stderr)
        print(f"govlint：{unknown_command(word)}", file=sys.stderr)
        return EXIT_ERROR
    command = word or "check"
    rest = argv if index is None else argv[:index] + argv[index + 1:]
    parser = {"check": lambda: check_parser() if word else top, "parse": parse_parser, "serve": serve_parser}[command]()
    args = parser.parse_intermixed_args(rest) if command != "serve" else parser.parse_args(rest)
    out = None
    try:
        if command == "serve":
            return serve_command(args, _split(args.select), _split(args.ignore))
        out = _output(args)
        if command == "parse":
            return parse_command(args, out)
        if args.list_rules or args.explain:
            return describe_rules(args, out)
        if args.show_settings:
            return show_settings(args, out)
        if not args.paths:
            parser.print_usage(sys.stderr)
            print("govlint：请给出要检查的报告文件，例如：govlint report.txt（从标准输入读取：govlint -）", file=sys.stderr)
            return EXIT_ERROR
        if "-" in args.paths:
            return _check_stdin(args, out)
        if args.stdin_filename:
            print("govlint：--stdin-filename 只在从标准输入读取（路径写作“-”）时使用", file=sys.stderr)
            return EXIT_ERROR
        if args.show_files:
            return show_files(args, out)
        status = _check(args, out)
        if args.exit_zero and status == EXIT_FINDINGS:
            return EXIT_OK
        return status
    except (ConfigError, PluginError, SuppressionError, BatchError, InputError) as e:
        print(f"govlint：{e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("govlint：已中断", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:     # output piped into `head` and the like, which stopped reading
        _silence_stdout()
        return EXIT_ERROR
    finally:
        if out is not None and out is not sys.stdout:
            out.close()


def _output(args):
    """Where results go: standard output, or -o/--output-file (UTF-8; created or replaced)."""
    if not getattr(args, "output_file", None):
        return sys.stdout
    try:
        return open(args.output_file, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(f"无法写入输出文件 {args.output_file}：{e.strerror or e}") from None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _silence_stdout() -> None:
    import os
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _check_stdin(args, out) -> int:
    """`govlint -`: one report on standard input. --stdin-filename gives the path shown, the
    reader (by its extension) and where govlint.toml is looked for. With --fix the fixed text
    goes to standard output (text reports), with --diff the changes."""
    from govlint.results.fixes import apply_edits, plan
    if args.paths != ["-"]:
        print("govlint：“-”（标准输入）不能与其他路径同时给出", file=sys.stderr)
        return EXIT_ERROR
    shown = Path(args.stdin_filename) if args.stdin_filename else Path("-")
    settings = BatchSettings(tuple(_split(args.select)), tuple(_split(args.ignore)), args.config, args.rule_time_limit,
                             digests=False)
    linter = Linters(settings).for_file(shown)
    source = read_stdin(args.stdin_filename)
    result = linter.lint_source(source)
    if args.fix or args.diff:
        from govlint.read.layout import LaidOutSource
        if isinstance(source, LaidOutSource):
            print("govlint：从标准输入读取的 Word 文档、PDF 和网页不能自动修复，请直接给出文件路径", file=sys.stderr)
            return EXIT_ERROR
        edits, _ = plan(result.diagnostics, args.unsafe_fixes)
        if args.unsafe_fixes:
            _show_unsafe(result, [d for e in edits for d in e.diagnostics])
        fixed = apply_edits(source.text, edits)
        if args.diff:
            import difflib
            out.write("".join(difflib.unified_diff(source.text.splitlines(keepends=True), fixed.splitlines(keepends=True),
                                                   fromfile=source.path, tofile=f"{source.path}（修复后）", n=1)))
            return EXIT_FINDINGS if edits and not args.exit_zero else EXIT_OK
        out.write(fixed.replace("\n", source.newline) if getattr(source, "newline", "\n") != "\n" else fixed)
        remaining = linter.lint_text(fixed, source.path).diagnostics
        applied = sum(len(e.diagnostics) for e in edits)
        print(f"govlint：已修复 {applied} 处；剩余 {len(remaining)} 个问题需要手工处理", file=sys.stderr)
        errors = any(d.severity == "error" for d in remaining)
        return EXIT_FINDINGS if errors and not args.exit_zero else EXIT_OK
    _render(args, [result], {None: linter}, out)
    if result.internal_error:
        return EXIT_ERROR
    if any(d.severity == "error" for d in result.diagnostics) and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _show_unsafe(result, applied) -> None:
    """--unsafe-fixes: each unsafe fix about to be made, shown before the file is changed."""
    unsafe = [d for d in applied if not d.fix.safe]
    if not unsafe:
        return
    text = result.report.source.text if result.report is not None else ""
    print(f"govlint：将应用 {len(unsafe)} 处不安全的修复（请核对）：", file=sys.stderr)
    for d in unsafe:
        print(f"  {d.path}:{d.where} {d.code} “{text[d.offset:d.end_offset]}” → “{d.fix.replacement}”：{d.message}",
              file=sys.stderr)


def _check(args, out) -> int:
    words = args.paths
    files, errors = collect_files(words, file_filter(args))
    for message in errors:
        print(f"govlint：{message}", file=sys.stderr)
    settings = BatchSettings(tuple(_split(args.select)), tuple(_split(args.ignore)), args.config,
                             args.rule_time_limit, digests=len(files) > 1 or bool(args.history))
    batch = Linters(settings)
    for path in files:          # a bad configuration stops the run before any file is linted
        batch.for_file(path)
    keep_reports = bool(args.fix or args.diff)
    if args.format == "jsonl" and not (keep_reports or args.statistics or args.baseline or args.write_baseline):
        return _check_streaming(args, files, batch, bool(errors), out)
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
                result = _fix(args, result, batch.for_file(outcome.path), outcomes, out)
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
        status = _fix_summary(args, outcomes, results, out)
        return EXIT_ERROR if failed else status
    _render(args, results, linters, out)
    if args.fix and _fix_summary(args, outcomes, results, out) == EXIT_ERROR:
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


def _check_streaming(args, files: list[Path], batch: Linters, failed: bool, out) -> int:
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
        write_result(result, out)
        errors = errors or any(d.severity == "error" for d in result.diagnostics)
        internal = internal or result.internal_error
        if result.digest is not None:
            kept.append(replace(result, diagnostics=[], report=None))   # the digest only
    kept, failed = _across_reports(args, kept, batch.by_config, failed)
    for result in kept:          # now only the findings of the rules over the whole run
        write_result(result, out)
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


def _fix(args, result: LintResult, linter: Linter, outcomes: list, out) -> LintResult:
    """--fix: apply the safe fixes (and, with --unsafe-fixes, the unsafe ones, listed first)
    and lint the file again; --diff: only show them."""
    from govlint.results.fixes import fix_result, plan
    if args.unsafe_fixes and not args.diff:
        edits, _ = plan(result.diagnostics, unsafe=True)
        _show_unsafe(result, [d for e in edits for d in e.diagnostics])
    outcome = fix_result(result, write=not args.diff, unsafe=args.unsafe_fixes)
    outcomes.append(outcome)
    if outcome.error:
        print(f"govlint：{outcome.error}", file=sys.stderr)
    if args.diff:
        out.write(outcome.diff)
        return result
    return linter.lint_file(result.path) if outcome.applied else result


def _fix_summary(args, outcomes: list, results: list[LintResult], out) -> int:
    from govlint.results.fixes import summary
    remaining = sum(len(r.diagnostics) for r in results)
    stream = out if args.format == "text" and not args.statistics else sys.stderr
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


def _render(args, results: list[LintResult], linters: dict, out) -> None:
    if args.statistics:
        from govlint.results.formats.rule_counts import render as render_statistics
        render_statistics(results, out, json_output=args.format == "json")
    else:
        rules = {code: rule for linter in linters.values() for code, rule in linter.registry.rules.items()}
        FORMATS[args.format](results, out, rules=rules, color=args.color)


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
