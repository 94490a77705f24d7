"""`govlint serve`: the check page for staff and the HTTP API for submission systems.

Needs the optional extra: pip install 'govlint[serve]'.
"""
from __future__ import annotations

from govlint.server.settings import DEFAULT_MAX_UPLOAD, ServerSettings


def create_app(settings: ServerSettings | None = None):
    from govlint.server.app import create_app as build
    return build(settings)


class ServeError(Exception):
    """The server cannot start (address in use, not allowed…); str(self) is the Chinese message."""


def serve(settings: ServerSettings, announce=print) -> None:
    """Run the server until interrupted (uvicorn, one event loop; linting in worker processes)."""
    import uvicorn
    app = create_app(settings)
    sock = bind(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    announce(f"govlint：检查页面 http://{shown}:{port}/ ，接口说明 http://{shown}:{port}/openapi.json（Ctrl+C 停止）")
    if not _is_loopback(host):
        announce("govlint：注意：服务对网络开放，能访问本机的人都可以上传报告")
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])


def bind(host: str, port: int):
    """A listening socket on host:port, or ServeError with the reason in Chinese."""
    import errno
    import socket
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except socket.gaierror:
        raise ServeError(f"无法识别的主机地址：{host}") from None
    except PermissionError:
        raise ServeError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请换一个端口") from None
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise ServeError(f"端口 {port} 已被占用（可能已有一个 govlint serve 在运行），请用 --port 换一个端口") from None
        raise ServeError(f"无法在 {host}:{port} 上启动服务：{e.strerror or e}（端口可能已被占用，请用 --port 换一个）") from None
    return sock


def _is_loopback(host: str) -> bool:
    import ipaddress
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


__all__ = ["DEFAULT_MAX_UPLOAD", "ServeError", "ServerSettings", "bind", "create_app", "serve"]
