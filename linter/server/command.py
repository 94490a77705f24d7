"""`govlint serve`: settings from the command line, and clear messages instead of tracebacks."""
from __future__ import annotations

import sys
from pathlib import Path

from govlint.config.settings import find_config
from govlint.server.settings import ServerSettings

EXIT_OK, EXIT_ERROR = 0, 2


def add_arguments(parser) -> None:
    group = parser.add_argument_group("网页检查服务（govlint serve）")
    group.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问；0.0.0.0 对网络开放）")
    group.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    group.add_argument("--max-upload", type=float, default=20, metavar="MB", help="上传文件大小上限，单位 MB（默认 20）")
    group.add_argument("--workers", type=int, default=None, help="同时检查的进程数（默认为 CPU 核数，至少 2，最多 4）")


def serve_command(args, select: list[str], ignore: list[str]) -> int:
    problem = _invalid(args)
    if problem:
        print(f"govlint：{problem}", file=sys.stderr)
        return EXIT_ERROR
    try:
        import fastapi, uvicorn, multipart  # noqa: F401  (the optional extra)
    except ImportError:
        print("govlint：网页检查服务需要额外的依赖，请安装：pip install 'govlint[serve]'", file=sys.stderr)
        return EXIT_ERROR
    from govlint.server import ServeError, serve
    settings = ServerSettings(host=args.host, port=args.port, max_upload=int(args.max_upload * 1024 * 1024),
                              config_path=Path(args.config) if args.config else find_config(Path.cwd()),
                              select=select, ignore=ignore)
    if args.workers:
        settings.workers = args.workers
    try:
        serve(settings, announce=lambda line: print(line, file=sys.stderr, flush=True))
    except ServeError as e:
        print(f"govlint：{e}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _invalid(args) -> str | None:
    if not 0 <= args.port <= 65535:
        return f"端口应在 0 到 65535 之间，而不是 {args.port}"
    if args.max_upload <= 0:
        return "--max-upload 应大于 0（单位 MB）"
    if args.workers is not None and args.workers < 1:
        return "--workers 至少为 1"
    return None
