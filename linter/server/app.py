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
from multiprocessing import get_context
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..engine import Linter
from . import worker
from .limits import BodyLimit, too_large_message
from .models import ErrorOut, LintOut, RuleOut
from .settings import ServerSettings

STATIC = Path(__file__).with_name("static")
CHUNK = 1024 * 1024
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
log = logging.getLogger("govlint.server")

_ERRORS = {
    400: {"model": ErrorOut, "description": "没有上传内容、内容为空，或同时给出了 file 与 text"},
    413: {"model": ErrorOut, "description": "上传内容超过大小上限"},
    422: {"model": ErrorOut, "description": "无法作为报告读取（PDF、旧版 Word、图片、无法识别的编码等）"},
    503: {"model": ErrorOut, "description": "检查进程意外退出，请重试"},
}
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
    api.mount("/static", StaticFiles(directory=STATIC), name="static")

    @api.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        return response

    # /docs and /redoc would load their scripts from a CDN: only /openapi.json is served.
    app = BodyLimit(api, settings.max_upload, paths=("/api/lint",))
    app.api, app.settings = api, settings
    return app


def _routes(api: FastAPI, settings: ServerSettings, linter: Linter, pool: "_Pool") -> None:
    @api.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @api.get("/api/rules", response_model=list[RuleOut], summary="列出启用的规则")
    async def rules():
        return [_rule(rule) for rule in linter.rules]

    @api.post("/api/lint", response_model=LintOut, responses=_ERRORS, summary="检查一份报告",
              description="以 multipart/form-data 上传文件（字段 file，按扩展名选择读取方式，如 .txt、.docx）"
                          f"或提交文本（字段 text）。上传上限 {settings.max_upload} 字节。"
                          "summary.passed 为 false 表示有错误级别的问题。")
    async def lint(file: Optional[UploadFile] = File(None, description="报告文件"),
                   text: Optional[str] = Form(None, description="报告全文（代替上传文件）"),
                   filename: Optional[str] = Form(None, description="提交文本时在结果中使用的文件名"),
                   document: bool = Query(False, description="同时返回报告文本与版面（检查页面使用）及修正后的全文")):
        if (file is None) == (text is None):
            return _error(400, "请上传报告文件（字段 file）或提交报告文本（字段 text），二者取其一")
        if text is not None:
            return await _lint_text(pool, settings, text, _display_name(filename, "<text>"), document)
        return await _lint_upload(pool, settings, file, document)


async def _lint_text(pool, settings, text: str, name: str, with_document: bool):
    if not text.strip():
        return _error(400, "提交的报告文本是空的")
    if len(text.encode("utf-8")) > settings.max_upload:
        return _error(413, too_large_message(settings.max_upload))
    return await pool.run(worker.lint_text, text, name, with_document)


async def _lint_upload(pool, settings, upload: UploadFile, with_document: bool):
    name = _display_name(upload.filename, "upload.txt")
    suffix = Path(name).suffix.lower()
    fd, path = tempfile.mkstemp(prefix="govlint-", suffix=suffix if _SUFFIX.match(suffix) else ".txt",
                                dir=settings.temp_dir)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload:
                    return _error(413, too_large_message(settings.max_upload))
                out.write(chunk)
        if size == 0:
            return _error(400, f"上传的文件是空的：{name}")
        return await pool.run(worker.lint_path, path, name, with_document)
    finally:
        os.unlink(path)
        await upload.close()


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

    async def run(self, function, *args) -> JSONResponse:
        loop = asyncio.get_running_loop()
        try:
            status, body = await loop.run_in_executor(self.executor, function, *args)
        except BrokenProcessPool:
            log.error("a lint worker died; restarting the pool")
            self.stop()
            self.start()
            return _error(503, "检查进程意外退出（可能是内存不足），请重试；如反复出现请联系管理员")
        return JSONResponse(body, status_code=status)
