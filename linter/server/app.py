"""The ASGI application: the check page, POST /api/lint, GET /api/rules and the OpenAPI
description. Uploads go to one temporary file, removed when the request ends; linting runs
in a pool of worker processes."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import FastAPI, File, Form, Query, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from govlint import __version__
from govlint.run.engine import Linter
from govlint.server import worker
from govlint.server.limits import BodyLimit, too_large_message
from govlint.server.models import ErrorOut, LintOut, RuleOut
from govlint.server.settings import ServerSettings

STATIC = Path(__file__).with_name("static")
CHUNK = 1024 * 1024
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
log = logging.getLogger("govlint.server")

_ERRORS = {
    400: {"model": ErrorOut, "description": "没有上传内容、内容为空、同时给出了 file 与 text，或参数格式有误"},
    413: {"model": ErrorOut, "description": "上传内容超过大小上限"},
    422: {"model": ErrorOut, "description": "无法作为报告读取（PDF、旧版 Word、图片、无法识别的编码等）"},
    503: {"model": ErrorOut, "description": "检查进程意外退出，请重试"},
}
_FIXED = {
    "description": "修正后的文件（文件名见 Content-Disposition）",
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "headers": {"X-Govlint-Fixed": {"description": "已修正的问题数", "schema": {"type": "integer"}},
                "X-Govlint-Remaining": {"description": "仍需手工处理的问题数", "schema": {"type": "integer"}}},
}
_MEDIA_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".txt": "text/plain"}
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
    pool = _Pool(settings)

    @asynccontextmanager
    async def lifespan(_app):
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    api = FastAPI(title="govlint", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="政府信息公开工作年度报告检查：上传报告，得到诊断（与 `govlint --format json` 相同的键）和汇总。")
    _routes(api, settings, linter, pool)
    api.add_exception_handler(WorkerDied, lambda request, exc: _error(
        503, "检查进程意外退出（可能是内存不足），请重试；如反复出现请联系管理员"))
    api.add_exception_handler(RequestValidationError, lambda request, exc: _error(
        400, "请求格式有误：" + "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors())))
    api.mount("/static", StaticFiles(directory=STATIC), name="static")

    @api.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        return response

    # /docs and /redoc would load their scripts from a CDN: only /openapi.json is served.
    app = BodyLimit(api, settings.max_upload, paths=("/api/lint", "/api/fix"))
    app.api, app.settings, app.pool = api, settings, pool
    return app


def _routes(api: FastAPI, settings: ServerSettings, linter: Linter, pool: "_Pool") -> None:
    @api.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @api.get("/api/rules", response_model=list[RuleOut], summary="列出启用的规则", response_description="规则列表")
    async def rules():
        return [_rule(rule) for rule in linter.rules]

    @api.post("/api/lint", response_model=LintOut, responses=_ERRORS, summary="检查一份报告",
              response_description="诊断与汇总",
              description="以 multipart/form-data 上传文件（字段 file，按扩展名选择读取方式，如 .txt、.docx）"
                          f"或提交文本（字段 text）。上传上限 {settings.max_upload} 字节。"
                          "summary.passed 为 false 表示有错误级别的问题。")
    async def lint(file: Optional[UploadFile] = File(None, description="报告文件"),
                   text: Optional[str] = Form(None, description="报告全文（代替上传文件）"),
                   filename: Optional[str] = Form(None, description="提交文本时在结果中使用的文件名"),
                   document: bool = Query(False, description="同时返回报告文本与版面（检查页面使用）")):
        async with _received(settings, file, text, filename) as got:
            if got.error:
                return got.error
            job = (worker.lint_path, got.path) if got.path else (worker.lint_text, got.text)
            status, body = await pool.call(*job, got.name, document)
            return JSONResponse(body, status_code=status)

    @api.post("/api/fix", response_class=Response, responses={200: _FIXED, **_ERRORS}, summary="自动修正一份报告",
              description="与 /api/lint 相同的输入；返回修正了全部可安全修正问题的文件：文本保持原编码与换行，"
                          ".docx 只改动含被修正文字的段落，格式不变。")
    async def fix(file: Optional[UploadFile] = File(None, description="报告文件"),
                  text: Optional[str] = Form(None, description="报告全文（代替上传文件）"),
                  filename: Optional[str] = Form(None, description="提交文本时使用的文件名")):
        async with _received(settings, file, text, filename) as got:
            if got.error:
                return got.error
            job = (worker.fix_path, got.path) if got.path else (worker.fix_text, got.text)
            status, body, headers = await pool.call(*job, got.name)
            if status != 200:
                return JSONResponse(body, status_code=status)
            return Response(body, media_type=_media_type(got.name, text_input=got.text is not None),
                            headers={**headers, "Content-Disposition": _attachment(_fixed_name(got.name))})


@dataclass
class _Submission:
    error: JSONResponse | None = None
    path: str | None = None          # an uploaded file, in its temporary file
    text: str | None = None          # or submitted text
    name: str = ""


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
            yield _Submission(text=text, name=_display_name(filename, "<text>"))
    else:
        name = _display_name(upload.filename, "upload.txt")
        suffix = Path(name).suffix.lower()
        fd, path = tempfile.mkstemp(prefix="govlint-", suffix=suffix if _SUFFIX.match(suffix) else ".txt",
                                    dir=settings.temp_dir)
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
    return _Submission(path=path, name=name)


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
    return {"code": cls.code, "name": cls.name, "severity": cls.severity, "summary": cls.summary(),
            "explanation": cls.explain(), "origin": cls.origin, "options": dict(rule.config)}


class _Pool:
    """Worker processes (spawned, so no state of the server's threads is copied into them)."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        s = self.settings
        self.executor = ProcessPoolExecutor(
            max_workers=s.workers, mp_context=get_context("spawn"), initializer=worker.init_worker,
            initargs=(str(s.config_path) if s.config_path else None, list(s.select), list(s.ignore)))

    def stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    async def call(self, function, *args):
        """Run `function` in a worker; a worker that died (out of memory…) answers 503 and the
        pool is started afresh for the next request."""
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)
        except BrokenProcessPool:
            log.error("a lint worker died; restarting the pool")
            self.stop()
            self.start()
            raise WorkerDied() from None


class WorkerDied(Exception):
    pass
