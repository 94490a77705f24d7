"""`govlint serve`: settings from the command line, and clear messages instead of tracebacks."""
from __future__ import annotations

import os
import sys

# Only the defaults on import: every `govlint` command adds these options to its parser.
from govlint.server.defaults import DEFAULT_TIMEOUT, DEFAULT_WORKER_MEMORY_MB

EXIT_OK, EXIT_ERROR = 0, 2
TOKEN_ENV, BASIC_ENV = "GOVLINT_TOKEN", "GOVLINT_BASIC_AUTH"


def add_arguments(parser) -> None:
    group = parser.add_argument_group("网页检查服务（govlint serve）")
    group.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只允许本机访问；0.0.0.0 对网络开放）")
    group.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    group.add_argument("--max-upload", type=float, default=20, metavar="MB", help="上传文件大小上限，单位 MB（默认 20）")
    group.add_argument("--workers", type=int, default=None, help="同时检查的进程数（默认为 CPU 核数，至少 2，最多 4）")
    group.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"一次检查的时限，单位秒（默认 {DEFAULT_TIMEOUT:g}）；超时返回 504")
    group.add_argument("--worker-memory", type=int, default=DEFAULT_WORKER_MEMORY_MB, metavar="MB",
                       help=f"每个检查进程的内存上限（地址空间），单位 MB（默认 {DEFAULT_WORKER_MEMORY_MB}，0 为不限；"
                            "仅 Linux 等 POSIX 系统）；超出返回 413")
    group.add_argument("--max-checks", type=int, default=200, metavar="N",
                       help="检查进程每完成 N 次检查即换一个新进程（默认 200）")
    group.add_argument("--recycle-memory", type=int, default=600, metavar="MB",
                       help="检查进程的常驻内存超过此值即换一个新进程（默认 600，0 为不按内存更换）")
    group.add_argument("--queue", type=int, default=16, metavar="N",
                       help="最多 N 个请求排队等待检查进程（默认 16）；再多返回 503 与 Retry-After")
    group.add_argument("--token", default=None,
                       help=f"访问令牌：请求须带请求头 X-Govlint-Token（也可用环境变量 {TOKEN_ENV}）")
    group.add_argument("--basic-auth", default=None, metavar="USER:PASSWORD",
                       help=f"HTTP 基本认证的用户名和密码（也可用环境变量 {BASIC_ENV}）")
    group.add_argument("--no-auth", action="store_true",
                       help="对网络开放时也不要求登录（不建议；默认在非本机地址上自动启用访问控制）")


def serve_command(args, select: list[str], ignore: list[str]) -> int:
    from pathlib import Path

    from govlint.config.settings import find_config
    from govlint.server.settings import ServerSettings
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
    from govlint.server.access import parse_basic
    basic_value = args.basic_auth or os.environ.get(BASIC_ENV) or None
    basic = parse_basic(basic_value) if basic_value else None
    if basic_value and basic is None:
        print("govlint：--basic-auth 应写作 用户名:密码", file=sys.stderr)
        return EXIT_ERROR
    settings = ServerSettings(host=args.host, port=args.port, max_upload=int(args.max_upload * 1024 * 1024),
                              timeout=args.timeout, worker_memory_mb=args.worker_memory,
                              max_checks=args.max_checks, recycle_mb=args.recycle_memory, max_queue=args.queue,
                              config_path=Path(args.config) if args.config else find_config(Path.cwd()),
                              select=select, ignore=ignore,
                              token=args.token or os.environ.get(TOKEN_ENV) or None, basic_auth=basic)
    if args.workers:
        settings.workers = args.workers
    try:
        serve(settings, announce=lambda line: print(line, file=sys.stderr, flush=True), no_auth=args.no_auth)
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
    if args.timeout <= 0:
        return "--timeout 应大于 0（单位秒）"
    if args.worker_memory < 0 or 0 < args.worker_memory < 256:
        return "--worker-memory 应为 0（不限）或至少 256（单位 MB）"
    if args.max_checks < 1:
        return "--max-checks 至少为 1"
    if args.recycle_memory < 0:
        return "--recycle-memory 不能为负数"
    if args.queue < 0:
        return "--queue 不能为负数"
    return None
