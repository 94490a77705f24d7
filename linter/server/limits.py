"""Upload size limit, enforced while the body arrives rather than after it has been stored.

A pure ASGI middleware: a declared Content-Length over the limit is refused at once; a body
without one (chunked) is counted as it streams and cut off with 413 as soon as it passes the
limit, whatever the application was doing with it.
"""
from __future__ import annotations

import json

MULTIPART_SLACK = 64 * 1024   # room for form boundaries and headers around the file itself


class BodyTooLarge(Exception):
    pass


def too_large_message(limit: int) -> str:
    return f"上传的内容太大：上限为 {format_size(limit)}"


def format_size(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


class BodyLimit:
    def __init__(self, app, max_upload: int, paths: tuple[str, ...]):
        self.app, self.max_upload, self.paths = app, max_upload, paths
        self.max_body = max_upload + MULTIPART_SLACK

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            return await self._refuse(send)
        state = {"received": 0, "over": False, "started": False}

        async def counting_receive():
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.max_body:
                    state["over"] = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message):
            if state["over"]:           # the app answered its own parse failure: answer 413 instead
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            pass
        if state["over"] and not state["started"]:
            await self._refuse(send)

    async def _refuse(self, send):
        body = json.dumps({"error": too_large_message(self.max_upload)}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
