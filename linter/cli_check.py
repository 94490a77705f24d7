"""`govlint [check]`: linting files, folders and standard input, then --fix/--diff, baselines,
the rules over the whole run and the output. Imported by cli.py only when there is something
to check, so that `govlint --version` and `--help` load nothing of the engine."""
from __future__ import annotations

import sys
from pathlib import Path

from govlint import collector
from govlint.cli_info import file_filter, read_stdin
from govlint.cli_parser import split_selectors as split
from govlint.errors import BatchError, InputError
from govlint.results.formats import renderer
from govlint.run.batch import BatchSettings, Linters, collect_files, default_jobs, run_batch
from govlint.run.progress import progress_bar, wants_progress
from govlint.run.engine import Linter, LintResult

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def check_stdin(args, out) -> int:
    """`govlint -`: one report on standard input. --stdin-filename gives the path shown, the
    reader (by its extension) and where govlint.toml is looked for. With --fix the fixed text
    goes to standard output (text reports), with --diff the changes."""
    from govlint.results.fixes import apply_edits, plan
    if args.paths != ["-"]:
        print("govlint：“-”（标准输入）不能与其他路径同时给出", file=sys.stderr)
        return EXIT_ERROR
    shown = Path(args.stdin_filename) if args.stdin_filename else Path("-")
    settings = BatchSettings(tuple(split(args.select)), tuple(split(args.ignore)), args.config, args.rule_time_limit,
                             digests=False)
    linter = Linters(settings).for_file(shown)
    collector.resume()
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


def check(args, out) -> int:
    words = args.paths
    # The exclude patterns and .gitignore apply to what a folder holds; files named are always
    # checked, so a run of files alone never builds the filter.
    skip = file_filter(args) if any(Path(word).is_dir() for word in words) else None
    files, errors = collect_files(words, skip)
    for message in errors:
        print(f"govlint：{message}", file=sys.stderr)
    settings = BatchSettings(tuple(split(args.select)), tuple(split(args.ignore)), args.config,
                             args.rule_time_limit, digests=len(files) > 1 or bool(args.history))
    batch = Linters(settings)
    for path in files:          # a bad configuration stops the run before any file is linted
        batch.for_file(path)
    collector.resume()          # start-up is over (collector.py)
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


def _outcomes(args, files: list[Path], batch: Linters, keep_reports: bool, ship=None):
    """Each file's outcome in the order of `files`, linted by --jobs worker processes, with a
    progress bar on a terminal; `ship`: see run_batch."""
    jobs = args.jobs or default_jobs()
    try:
        with progress_bar(len(files), wants_progress(len(files), args.quiet)) as advance:
            yield from run_batch(files, batch, jobs, keep_reports, advance, ship)
    except InputError as e:     # the worker processes died
        raise BatchError(str(e)) from None


def _check_streaming(args, files: list[Path], batch: Linters, failed: bool, out) -> int:
    """--format jsonl: each file's findings are printed as soon as it is done, rendered where
    the file was linted (jsonl_format.rendered); only the compact digests that the rules over
    the whole run (GL7xx) need are kept."""
    from functools import partial
    from govlint.results.formats.jsonl_format import byte_stream, rendered, write_result, write_text
    errors = internal = False
    kept: list[LintResult] = []
    encoded = byte_stream(out)
    ship = partial(rendered, encoding=encoded[0], errors=encoded[1]) if encoded else rendered
    for outcome in _outcomes(args, files, batch, keep_reports=False, ship=ship):
        if outcome.error is not None:
            print(f"govlint：{outcome.error}", file=sys.stderr)
            failed = True
            continue
        result = outcome.result
        write_text(result.text, out)
        errors = errors or result.errors
        internal = internal or result.internal_error
        if result.digest is not None:
            kept.append(LintResult(result.path, [], None, result.digest))   # the digest only
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
    linter = next(iter(linters.values()), None)
    if linter is None or not linter.corpus_rules:
        return results, failed
    if not args.history and all(r.digest is None for r in results):
        return results, failed      # nothing to compare (one report): corpus.py and the digests stay unloaded
    from govlint.run.corpus import read_history, run_corpus
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
        renderer(args.format)(results, out, rules=rules, color=args.color)
