"""The command line: `govlint [check] PATH…` (files, folders, or `-` for standard input),
`govlint parse FILE`, `govlint serve`; the parsers are in cli_parser.py, the answers that lint
nothing (--list-rules, --explain, --show-settings, --show-files, parse) in cli_info.py.

Exit status: 0 no error-severity diagnostic; 1 at least one; 2 usage, input, configuration
or internal errors (a file that cannot be read is reported and the others are still linted).
"""
from __future__ import annotations

import sys

from govlint.cli_parser import (COMMANDS, check_parser, find_command, parse_parser, serve_parser, split_selectors,
                                unknown_command)
from govlint.errors import BatchError, ConfigError, InputError, PluginError, SuppressionError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
            from govlint import collector
            collector.resume()          # a server runs for long: collected as usual
            from govlint.server.command import serve_command
            return serve_command(args, split_selectors(args.select), split_selectors(args.ignore))
        out = _output(args)
        from govlint import code_cache, pattern_cache
        from govlint.model import pattern_words
        from govlint.syntax import one_line, scan_guard
        pattern_cache.prefill()         # the regular expressions compiled by earlier runs
        code_cache.prefill()            # the dataclasses' methods
        pattern_words.prefill()         # the words the prefilters read from patterns
        scan_guard.prefill()            # the scanners' guarded patterns
        one_line.prefill()              # and which terminals are one line
        try:
            return _engine_command(command, args, parser, out)
        finally:
            pattern_cache.keep()
            code_cache.keep()
            pattern_words.keep()
            scan_guard.keep()
            one_line.keep()
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


def _engine_command(command: str, args, parser, out) -> int:
    from govlint import cli_check, cli_info     # the engine: loaded only when there is work
    if command == "parse":
        from govlint import collector
        collector.resume()              # start-up is over: the files are read (collector.py)
        return cli_info.parse_command(args, out)
    if args.list_rules or args.explain:
        return cli_info.describe_rules(args, out)
    if args.show_settings:
        return cli_info.show_settings(args, out)
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("govlint：请给出要检查的报告文件，例如：govlint report.txt（从标准输入读取：govlint -）", file=sys.stderr)
        return EXIT_ERROR
    if "-" in args.paths:
        return cli_check.check_stdin(args, out)
    if args.stdin_filename:
        print("govlint：--stdin-filename 只在从标准输入读取（路径写作“-”）时使用", file=sys.stderr)
        return EXIT_ERROR
    if args.show_files:
        return cli_info.show_files(args, out)
    status = cli_check.check(args, out)
    if args.exit_zero and status == EXIT_FINDINGS:
        return EXIT_OK
    return status


def _output(args):
    """Where results go: standard output, or -o/--output-file (UTF-8; created or replaced)."""
    if not getattr(args, "output_file", None):
        return sys.stdout
    try:
        return open(args.output_file, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(f"无法写入输出文件 {args.output_file}：{e.strerror or e}") from None


def _silence_stdout() -> None:
    import os
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    from govlint import collector
    collector.pause()       # start-up makes only objects that live to the end of the run
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (govlint … | head): stop quietly, and keep Python from
        # failing again when it flushes stdout at exit.
        _silence_stdout()
        status = EXIT_ERROR
    _leave(status)


def _leave(status: int) -> None:
    """Exit with `status` without tearing the interpreter down: freeing every object and
    module one by one (the gazetteer, the grammar, the caches) took ~20-70 ms after the
    output was complete, at the end of every run. What an exit must still do is done: the
    atexit handlers run (coverage and the like) and the output streams are flushed."""
    import atexit
    import os
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # closed, or the reader went away
            pass
    os._exit(status)


if __name__ == "__main__":
    run()
