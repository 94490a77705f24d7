"""`govlint serve`: the check page for staff and the HTTP API for submission systems.

Needs the optional extra: pip install 'govlint[serve]'.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from govlint.server.defaults import DEFAULT_MAX_UPLOAD

if TYPE_CHECKING:
    from govlint.server.settings import ServerSettings


def __getattr__(name: str):
    # ServerSettings is loaded on first use (PEP 562): `govlint --version` imports this
    # package for the serve options' defaults and needs none of it.
    if name == "ServerSettings":
        from govlint.server.settings import ServerSettings
        return ServerSettings
    raise AttributeError(f"module 'govlint.server' has no attribute {name!r}")


def create_app(settings: ServerSettings | None = None):
    from govlint.server.app import create_app as build
    return build(settings)


class ServeError(Exception):
    """The server cannot start (address in use, not allowed…); str(self) is the Chinese message."""


def serve(settings: ServerSettings, announce=print, no_auth: bool = False) -> None:
    """Run the server until interrupted (uvicorn, one event loop; checks in processes of its own).
    SIGTERM and Ctrl+C stop it: requests in flight get a few seconds, then every check process
    the server started is killed."""
    import uvicorn
    from govlint.server.access import generated_password
    sock = bind(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    if not _is_loopback(host) and not settings.access_control and not no_auth:
        settings.basic_auth = ("govlint", generated_password())
        announce(f"govlint：注意：服务对网络开放，已自动启用访问控制：用户名 govlint，密码 {settings.basic_auth[1]}"
                 "（每次启动不同；用 --basic-auth 用户名:密码 或 --token 指定，--no-auth 关闭）")
    elif not _is_loopback(host) and not settings.access_control:
        announce("govlint：警告：服务对网络开放且未启用访问控制（--no-auth），能访问本机的人都可以上传报告")
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    announce(f"govlint：检查页面 http://{shown}:{port}/ ，接口说明 http://{shown}:{port}/openapi.json（Ctrl+C 停止）")
    if settings.access_control:
        methods = "、".join(m for m, on in (("用户名和密码", settings.basic_auth), ("访问令牌", settings.token)) if on)
        announce(f"govlint：访问控制已启用：{methods}")
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5, log_config=_log_config())
    uvicorn.Server(config).run(sockets=[sock])


def _log_config() -> dict:
    """uvicorn's logging, plus govlint.server's own lines (checks: kind, size, status, time;
    never a report's name or text) in the same format."""
    from uvicorn.config import LOGGING_CONFIG
    import copy
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["govlint.server"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def bind(host: str, port: int):
    """A listening socket on host:port, or ServeError with the reason in Chinese."""
    import errno
    import socket
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        try:
            # On Windows SO_REUSEADDR would let a second server take a port in use; there the
            # port is claimed exclusively instead (and a port in use is reported as such).
            if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
            else:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(128)
        except OSError:
            sock.close()
            raise
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
