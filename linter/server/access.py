"""Optional access control: a shared token (header `X-Govlint-Token: …` or
`Authorization: Bearer …`, for submission systems) and/or HTTP basic authentication (for
people using the page: the browser asks once for the user name and password).

Off by default on a loopback address; `govlint serve` turns it on (with a generated password
it prints) when the server listens on another address, unless told `--no-auth`. A request
passes when it satisfies either configured method. Pure ASGI, so nothing behind it — not the
upload limit, not a check — runs for a request that is refused.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets

OPEN_PATHS = ("/favicon.ico",)       # what a browser fetches before it asks for the password


class AccessControl:
    def __init__(self, app, token: str | None = None, basic: tuple[str, str] | None = None):
        self.app, self.token, self.basic = app, token, basic

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS or self.allowed(scope):
            return await self.app(scope, receive, send)
        message = ("需要登录：请输入检查服务的用户名和密码" if self.basic
                   else "需要访问令牌：请在请求头 X-Govlint-Token 中提供管理员给出的令牌")
        body = json.dumps({"error": message}, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if self.basic:
            headers.append((b"www-authenticate", b'Basic realm="govlint", charset="UTF-8"'))
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def allowed(self, scope) -> bool:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if self.token:
            given = headers.get(b"x-govlint-token", b"")
            auth = headers.get(b"authorization", b"")
            if auth[:7].lower() == b"bearer ":
                given = given or auth[7:].strip()
            if given and hmac.compare_digest(given, self.token.encode()):
                return True
        if self.basic:
            auth = headers.get(b"authorization", b"")
            if auth[:6].lower() == b"basic ":
                try:
                    user, _, password = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8").partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    return False
                # Both compared, always, so the time taken does not tell which one was wrong.
                same_user = hmac.compare_digest(user.encode(), self.basic[0].encode())
                same_password = hmac.compare_digest(password.encode(), self.basic[1].encode())
                return same_user and same_password
        return False


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def parse_basic(value: str) -> tuple[str, str] | None:
    """`user:password` → (user, password); None when it has no colon or an empty part."""
    user, colon, password = value.partition(":")
    return (user, password) if colon and user and password else None
