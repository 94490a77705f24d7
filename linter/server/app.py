"""The ASGI application: the check page, POST /api/lint, POST /api/fix, GET /api/rules and
the OpenAPI description. Uploads go to one temporary file, removed when the request ends;
checks run in check processes the pool manages (pool.py), each within the server's time and
memory limits, and are cancelled when their client goes away."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import tempfile
import time
import zipfile
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from govlint import __version__
from govlint.run.engine import Linter
from govlint.server.access import AccessControl
from govlint.server.limits import BodyLimit, too_large_message
from govlint.server.pool import CheckFailed, PoolLimits, QueueFull, WorkerPool
from govlint.server.models import ErrorOut, LintOut, RuleOut
from govlint.server.settings import ServerSettings

STATIC = Path(__file__).with_name("static")
CHUNK = 1024 * 1024
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
log = logging.getLogger("govlint.server")

_ERRORS = {
    400: {"model": ErrorOut, "description": "没有上传内容、内容为空、同时给出了 file 与 text，或参数格式有误"},
    413: {"model": ErrorOut, "description": "上传内容超过大小上限，或检查所需内存超过上限（文件过大或过于复杂）"},
    422: {"model": ErrorOut, "description": "无法作为报告读取（旧版 Word、图片、无法识别的编码等），或检查进程意外终止"},
    503: {"model": ErrorOut, "description": "排队的检查已满（响应头 Retry-After 给出建议的等待秒数）"},
    504: {"model": ErrorOut, "description": "检查超时（超过服务的时限）"},
}
_FIXED = {
    "description": "修正后的文件（文件名见 Content-Disposition）",
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "headers": {"X-Govlint-Fixed": {"description": "已修正的问题数", "schema": {"type": "integer"}},
                "X-Govlint-Remaining": {"description": "仍需手工处理的问题数", "schema": {"type": "integer"}}},
}
_MEDIA_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}
_CODE = re.compile(r"^[A-Z]{1,8}[0-9]{1,4}$")
DISCONNECT_POLL = 0.25     # seconds between looks at whether the client is still there
TITLE_CHARS = 26           # a rule's short title in the page's list
RETRY_AFTER = 10           # seconds a client refused for a full queue is asked to wait
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(settings: ServerSettings | None = None):
    """The application with its size limit; `settings` default to 20 MB uploads."""
    settings = settings or ServerSettings()
    linter = Linter(settings.load_config(), settings.select or None, settings.ignore)  # fails early on bad config
    pool = WorkerPool(PoolLimits(workers=settings.workers, timeout=settings.timeout,
                                 memory_mb=settings.worker_memory_mb, recycle_mb=settings.recycle_mb,
                                 max_checks=settings.max_checks, max_queue=settings.max_queue),
                      init_args=(str(settings.config_path) if settings.config_path else None,
                                 list(settings.select), list(settings.ignore)))

    @asynccontextmanager
    async def lifespan(_app):
        await pool.start()
        try:
            yield
        finally:
            pool.stop()

    api = FastAPI(title="govlint", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="政府信息公开工作年度报告检查：上传报告，得到诊断（与 `govlint --format json` 相同的键）和汇总。")
    _routes(api, settings, linter, pool)
    api.add_exception_handler(RequestValidationError, lambda request, exc: _error(
        400, "请求格式有误：" + "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors())))
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.mount("/static", StaticFiles(directory=STATIC), name="static")

    # /docs and /redoc would load their scripts from a CDN: only /openapi.json is served.
    app = BodyLimit(_SecurityHeaders(api), settings.max_upload, paths=("/api/lint", "/api/fix"))
    if settings.access_control:
        app = AccessControl(app, token=settings.token, basic=settings.basic_auth)
    app.api, app.settings, app.pool = api, settings, pool
    return app


class _SecurityHeaders:
    """Adds the security headers to every answer. Pure ASGI (not @app.middleware("http"),
    whose wrapped `receive` never tells a waiting endpoint that its client has gone)."""

    HEADERS = [(k.lower().encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)
        await self.app(scope, receive, with_headers)


def _routes(api: FastAPI, settings: ServerSettings, linter: Linter, pool: WorkerPool) -> None:
    @api.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @api.get("/favicon.ico", include_in_schema=False)
    async def favicon():
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "max-age=86400"})

    @api.get("/api/rules", response_model=list[RuleOut], summary="列出启用的规则", response_description="规则列表")
    async def rules():
        return [_rule(rule) for rule in linter.rules]

    @api.post("/api/lint", response_model=LintOut, responses=_ERRORS, summary="检查一份报告",
              response_description="诊断与汇总",
              description="以 multipart/form-data 上传文件（字段 file，按扩展名选择读取方式：.txt、.docx、.html/.htm、.pdf）"
                          f"或提交文本（字段 text）。上传上限 {settings.max_upload} 字节。"
                          "summary.passed 为 false 表示有错误级别的问题。")
    async def lint(request: Request,
                   file: Optional[UploadFile] = File(None, description="报告文件"),
                   text: Optional[str] = Form(None, description="报告全文（代替上传文件）"),
                   filename: Optional[str] = Form(None, description="提交文本时在结果中使用的文件名"),
                   document: bool = Query(False, description="同时返回报告文本与版面（检查页面使用）")):
        async with _received(settings, file, text, filename) as got:
            if got.error:
                return got.error
            job = ("lint_path", got.path) if got.path else ("lint_text", got.text)
            outcome = await _check(request, pool, got, *job, got.name, document)
            if isinstance(outcome, Response):
                return outcome
            status, body = outcome
            return JSONResponse(body, status_code=status)

    @api.post("/api/fix", response_class=Response, responses={200: _FIXED, **_ERRORS}, summary="自动修正一份报告",
              description="与 /api/lint 相同的输入；返回修正了全部可安全修正问题的文件：文本保持原编码与换行，"
                          ".docx 只改动含被修正文字的段落，格式不变。加 ?only=GL301 只修正这些规则（逗号分隔）的问题。")
    async def fix(request: Request,
                  file: Optional[UploadFile] = File(None, description="报告文件"),
                  text: Optional[str] = Form(None, description="报告全文（代替上传文件）"),
                  filename: Optional[str] = Form(None, description="提交文本时使用的文件名"),
                  only: str = Query("", description="只修正这些规则的问题，如 GL301 或 GL301,GL601（默认全部）")):
        codes = tuple(c.strip().upper() for c in only.split(",") if c.strip())
        if any(not _CODE.match(c) for c in codes):
            return _error(400, f"参数 only 应为规则代码（如 GL301），多个用逗号分隔，而不是“{only[:40]}”")
        async with _received(settings, file, text, filename) as got:
            if got.error:
                return got.error
            job = ("fix_path", got.path) if got.path else ("fix_text", got.text)
            outcome = await _check(request, pool, got, *job, got.name, codes)
            if isinstance(outcome, Response):
                return outcome
            status, body, headers = outcome
            if status != 200:
                return JSONResponse(body, status_code=status)
            return Response(body, media_type=_media_type(got.name, text_input=got.text is not None),
                            headers={**headers, "Content-Disposition": _attachment(_fixed_name(got.name))})


async def _check(request: Request, pool: WorkerPool, got: "_Submission", function: str, *args):
    """The worker's answer, or the Response for a check that did not finish. The check is
    cancelled (its process killed) as soon as the client disconnects."""
    started = time.monotonic()
    weight = await asyncio.to_thread(_weight, got)
    task = asyncio.ensure_future(pool.call(function, *args, weight=weight))
    outcome: object
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL)
            if done:
                outcome = task.result()
                break
            if await request.is_disconnected():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                log.info("%s %s %d bytes: client disconnected after %.1f s, check cancelled", function,
                         got.suffix, got.size, time.monotonic() - started)
                return Response(status_code=499)
    except QueueFull:
        log.warning("%s refused: %d requests already waiting", function, pool.limits.max_queue)
        return JSONResponse({"error": f"检查服务繁忙：已有 {pool.limits.max_queue} 份报告在排队，请稍后重试"},
                            status_code=503, headers={"Retry-After": str(RETRY_AFTER)})
    except CheckFailed as e:
        outcome = e
    finally:
        if not task.done():         # the request itself was cancelled (server stopping)
            task.cancel()
    status = outcome.status if isinstance(outcome, CheckFailed) else outcome[0]
    # What is logged: the kind of job, the upload's suffix and size, the answer and the time;
    # never the report's name or text.
    log.info("%s %s %d bytes -> %d in %.2f s", function, got.suffix, got.size, status, time.monotonic() - started)
    if isinstance(outcome, CheckFailed):
        return _error(outcome.status, outcome.message)
    return outcome


def _weight(got: "_Submission") -> int:
    """How much work a check may be, for the pool's heavy lane: the bytes a reader will have to
    take in (for a .docx, its parts as unpacked, which the ZIP directory declares)."""
    if got.path is None:
        return got.size
    if got.suffix == ".docx":
        try:
            with zipfile.ZipFile(got.path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return got.size
    return got.size * (10 if got.suffix == ".pdf" else 1)


@dataclass
class _Submission:
    error: JSONResponse | None = None
    path: str | None = None          # an uploaded file, in its temporary file
    text: str | None = None          # or submitted text
    name: str = ""
    size: int = 0                    # bytes received
    suffix: str = ".txt"             # the upload's suffix (it chooses the reader)


@asynccontextmanager
async def _received(settings: ServerSettings, upload: UploadFile | None, text: str | None, filename: str | None):
    """What was submitted, checked for presence and size; an upload lives in a temporary file
    (named with the upload's suffix, which chooses the reader) until the block ends."""
    if (upload is None) == (text is None):
        yield _Submission(_error(400, "请上传报告文件（字段 file）或提交报告文本（字段 text），二者取其一"))
    elif text is not None:
        if not text.strip():
            yield _Submission(_error(400, "提交的报告文本是空的"))
        elif len(text.encode("utf-8")) > settings.max_upload:
            yield _Submission(_error(413, too_large_message(settings.max_upload)))
        else:
            yield _Submission(text=text, name=_display_name(filename, "<text>"), size=len(text.encode("utf-8")))
    else:
        name = _display_name(upload.filename, "upload.txt")
        suffix = Path(name).suffix.lower()
        suffix = suffix if _SUFFIX.match(suffix) else ".txt"
        fd, path = tempfile.mkstemp(prefix="govlint-", suffix=suffix, dir=settings.temp_dir)
        try:
            yield await _stored(upload, fd, path, name, settings.max_upload)
        finally:
            os.unlink(path)
            await upload.close()


async def _stored(upload: UploadFile, fd: int, path: str, name: str, limit: int) -> _Submission:
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                return _Submission(_error(413, too_large_message(limit)))
            out.write(chunk)
    if size == 0:
        return _Submission(_error(400, f"上传的文件是空的：{name}"))
    return _Submission(path=path, name=name, size=size, suffix=Path(path).suffix)


def _fixed_name(name: str) -> str:
    p = Path(name if name != "<text>" else "report.txt")
    return f"{p.stem}（已修正）{p.suffix or '.txt'}"


def _attachment(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _media_type(name: str, text_input: bool) -> str:
    if text_input:
        return "text/plain; charset=utf-8"
    return _MEDIA_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _display_name(given: str | None, default: str) -> str:
    """The base name of the uploaded file as the clerk named it (no folders), for the output."""
    name = Path((given or "").replace("\\", "/")).name.strip()
    return name[:200] or default


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _rule(rule) -> dict:
    cls = type(rule)
    summary = cls.summary()
    return {"code": cls.code, "name": cls.name, "title": rule_title(summary), "severity": cls.severity,
            "summary": summary, "explanation": cls.explain(), "origin": cls.origin, "options": dict(rule.config)}


def rule_title(summary: str, limit: int = TITLE_CHARS) -> str:
    """A short Chinese title for a rule, from its docstring's first sentence: examples in
    parentheses dropped (short ordinals such as （七） kept), cut at a colon that ends a phrase,
    and at most `limit` characters."""
    first = re.split(r"[。；]", summary.strip(), maxsplit=1)[0]
    previous = None
    while previous != first:         # innermost first, so nested parentheses go too
        previous = first
        first = re.sub(r"（[^（）]{4,}）|\([^()]{4,}\)", "", first)
    colon = first.find("：")
    if colon >= 10:
        first = first[:colon]
    first = first.strip()
    return first if len(first) <= limit else first[:limit - 1] + "…"


_STATUS_MESSAGES = {
    400: "请求有误", 401: "需要登录：请输入检查服务的用户名和密码，或提供访问令牌",
    403: "没有访问权限", 404: "没有这个页面或接口：检查页面在 /，接口见 /openapi.json",
    405: "该地址不支持这种请求方法（例如检查报告须用 POST /api/lint）",
    406: "无法提供所要求的格式", 408: "请求超时", 413: "上传的内容太大", 415: "不支持的内容类型",
    429: "请求过于频繁，请稍后重试", 500: "服务器内部错误，请联系管理员",
    503: "检查服务暂时不可用，请稍后重试",
}


async def _http_error(request, exc: StarletteHTTPException):
    """Every error answer in Chinese, in the API's one shape: {"error": …}."""
    message = _STATUS_MESSAGES.get(exc.status_code, f"请求未能完成（HTTP {exc.status_code}）")
    if isinstance(exc.detail, str) and exc.detail and any("\u4e00" <= ch <= "\u9fff" for ch in exc.detail):
        message = exc.detail
    return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
