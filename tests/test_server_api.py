"""The HTTP API of `govlint serve`: the CLI's JSON contract plus a summary, status codes for
uploads that cannot be linted, the size limit, the OpenAPI description, and no file left behind."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
with warnings.catch_warnings():     # Starlette's notice about httpx's successor; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from builder import build_report  # noqa: E402
from govlint.run.engine import Linter  # noqa: E402
from govlint.server import ServerSettings, create_app  # noqa: E402
from govlint.server.models import ErrorOut, LintOut, RuleOut  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LIMIT = 64 * 1024
# Our own report with two fixable defects: a blank cell and a wrong suffix of the own place.
WRONG_PLACE = "2020年，西湖市将继续做好政府信息公开工作。"
REPORT = build_report(cells={"t3.carried.research": ""}, prose={5: [WRONG_PLACE]})


@pytest.fixture(scope="module")
def temp_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("server-temp")


@pytest.fixture(scope="module")
def client(temp_dir):
    app = create_app(ServerSettings(workers=1, max_upload=LIMIT, temp_dir=str(temp_dir)))
    with TestClient(app) as c:
        yield c


@pytest.fixture(autouse=True)
def nothing_left(request, temp_dir):
    """After every test the server's temporary folder is empty again."""
    yield
    assert list(temp_dir.iterdir()) == []


def upload(client, data: bytes, name: str = "report.txt", query: str = ""):
    return client.post(f"/api/lint{query}", files={"file": (name, data, "text/plain")})


def test_upload_returns_the_cli_contract_and_a_summary(client):
    response = upload(client, REPORT.encode("utf-8"))
    assert response.status_code == 200
    body = LintOut.model_validate(response.json())
    expected = [{**d.to_dict(), "path": "report.txt"} for d in Linter().lint_text(REPORT).diagnostics]
    assert response.json()["diagnostics"] == expected
    assert {d["code"] for d in expected} == {"GL301", "GL501"}
    assert body.summary.file == "report.txt"
    assert (body.summary.errors, body.summary.total, body.summary.fixable) == (2, 2, 2)
    assert body.summary.passed is False
    assert body.summary.by_rule == {"GL301": 1, "GL501": 1}
    assert body.document is None


def test_keys_are_those_of_format_json(client, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "govlint.cli", "--format", "json", str(path)],
                         capture_output=True, text=True, cwd=REPO)
    from_cli = json.loads(cli.stdout)
    from_api = upload(client, path.read_bytes(), "r.txt").json()["diagnostics"]
    assert [{**d, "path": "r.txt"} for d in from_cli] == from_api


def test_raw_text_gives_the_same_findings(client):
    as_text = client.post("/api/lint", data={"text": REPORT, "filename": "C:\\报告\\西湖区.txt"})
    assert as_text.status_code == 200
    assert as_text.json()["summary"]["file"] == "西湖区.txt"
    as_file = upload(client, REPORT.encode("utf-8"), "西湖区.txt")
    assert as_text.json()["diagnostics"] == as_file.json()["diagnostics"]


def test_a_clean_report_passes(client):
    body = upload(client, build_report().encode("gb18030")).json()
    assert body["summary"]["passed"] is True and body["diagnostics"] == []


def test_document_view_locates_every_finding(client):
    body = upload(client, REPORT.encode("utf-8"), query="?document=true").json()
    LintOut.model_validate(body)
    text = body["document"]["text"]
    assert text == REPORT
    place = next(d for d in body["diagnostics"] if d["code"] == "GL501")
    assert text[place["offset"]:place["end_offset"]] == "西湖市"
    tables = [b for b in body["document"]["blocks"] if b["type"] == "table"]
    assert len(tables) == 3 and all(b["rows"] for b in tables)
    cells = [cell for table in tables for row in table["rows"] for cell in row]
    blank = next(d for d in body["diagnostics"] if d["code"] == "GL301")
    assert any(start <= blank["offset"] <= end for start, end in cells)


FIXED_REPORT = build_report(prose={5: [WRONG_PLACE.replace("西湖市", "西湖区")]})


def test_fix_returns_the_file_fixed_in_its_own_encoding(client):
    original = REPORT.replace("\n", "\r\n").encode("gb18030")
    response = client.post("/api/fix", files={"file": ("西湖区报告.txt", original, "text/plain")})
    assert response.status_code == 200
    assert response.content == FIXED_REPORT.replace("\n", "\r\n").encode("gb18030")
    assert (response.headers["x-govlint-fixed"], response.headers["x-govlint-remaining"]) == ("2", "0")
    assert "filename*=UTF-8''%E8%A5%BF" in response.headers["content-disposition"]


def test_fix_of_submitted_text(client):
    response = client.post("/api/fix", data={"text": REPORT})
    assert response.status_code == 200 and response.text == FIXED_REPORT
    assert response.headers["content-type"].startswith("text/plain")


def test_fix_of_a_word_document(client, tmp_path):
    pytest.importorskip("docx")
    from docx_builder import render_docx
    path = render_docx(REPORT, tmp_path / "报告.docx")
    response = client.post("/api/fix", files={"file": ("报告.docx", path.read_bytes())})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(response.content)
    assert Linter().lint_file(fixed).diagnostics == []


@pytest.mark.parametrize("name, data, status", [("a.pdf", b"%PDF-1.4", 422), ("a.txt", b"", 400),
                                                ("a.txt", b"a" * (LIMIT + 1), 413)])
def test_fix_refuses_what_lint_refuses(client, name, data, status):
    response = client.post("/api/fix", files={"file": (name, data)})
    assert response.status_code == status and response.json()["error"]


@pytest.mark.parametrize("size", [LIMIT + 1, LIMIT * 4])
def test_too_large_upload_is_413(client, size):
    response = upload(client, b"a" * size)
    assert response.status_code == 413
    assert "上限" in ErrorOut.model_validate(response.json()).error


def test_too_large_upload_without_content_length_is_413(client):
    boundary = "govlint-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    def chunks():   # a generator body is sent chunked, with no Content-Length to refuse early
        yield head
        for _ in range(LIMIT // 8192 + 16):
            yield b"x" * 8192
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/lint", content=chunks(),
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413


def test_too_large_text_is_413(client):
    assert client.post("/api/lint", data={"text": "字" * LIMIT}).status_code == 413


@pytest.mark.parametrize("request_kwargs", [
    {"files": {"file": ("empty.txt", b"", "text/plain")}},
    {"data": {"text": " \n\t"}},
    {},
    {"files": {"file": ("a.txt", b"x", "text/plain")}, "data": {"text": "x"}},
], ids=["empty-file", "blank-text", "nothing", "file-and-text"])
def test_empty_or_ambiguous_requests_are_400(client, request_kwargs):
    response = client.post("/api/lint", **request_kwargs)
    assert response.status_code == 400
    assert ErrorOut.model_validate(response.json()).error


def test_malformed_parameters_are_400_in_the_same_shape(client):
    response = client.post("/api/lint?document=maybe", data={"text": REPORT})
    assert response.status_code == 400
    assert "document" in ErrorOut.model_validate(response.json()).error


@pytest.mark.parametrize("name, data, says", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Word"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是文本文件"),
])
def test_non_report_uploads_are_422_naming_the_upload(client, name, data, says):
    response = upload(client, data, name)
    assert response.status_code == 422
    message = response.json()["error"]
    assert says in message and name in message
    assert "govlint-" not in message     # never the server's temporary file


def test_no_temporary_file_remains_in_the_system_folder(client):
    before = {p.name for p in Path(tempfile.gettempdir()).glob("govlint-*")}
    for _ in range(3):
        upload(client, REPORT.encode("utf-8"))
    assert {p.name for p in Path(tempfile.gettempdir()).glob("govlint-*")} == before


def test_an_idle_check_process_that_died_is_replaced_unnoticed(temp_dir):
    app = create_app(ServerSettings(workers=1, temp_dir=str(temp_dir)))
    with TestClient(app) as c:
        assert upload(c, REPORT.encode("utf-8")).status_code == 200
        for slot in app.pool.slots:
            slot.process.kill()
            slot.process.join()
        assert upload(c, REPORT.encode("utf-8")).status_code == 200


def test_rules_lists_the_enabled_rules(client):
    response = client.get("/api/rules")
    assert response.status_code == 200
    rules = [RuleOut.model_validate(r) for r in response.json()]
    assert [r.code for r in rules] == [type(r).code for r in Linter().rules]
    balance = next(r for r in rules if r.code == "GL203")
    assert balance.name == "balance" and "错误示例" in balance.explanation


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/lint", "/api/fix", "/api/rules"}
    lint = spec["paths"]["/api/lint"]["post"]
    assert set(lint["responses"]) >= {"200", "400", "413", "422"}
    fix = spec["paths"]["/api/fix"]["post"]["responses"]
    assert "application/octet-stream" in fix["200"]["content"] and "X-Govlint-Fixed" in fix["200"]["headers"]
    for status in ("400", "413", "422"):
        assert lint["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    body_ref = lint["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = spec["components"]["schemas"][body_ref]["properties"]
    assert {"file", "text", "filename"} <= set(fields)
    diagnostic = spec["components"]["schemas"]["DiagnosticOut"]["properties"]
    contract = Linter().lint_text(REPORT).diagnostics[0].to_dict()
    assert set(diagnostic) == set(contract)
    assert client.get("/docs").status_code == 404      # the Swagger page would load scripts from a CDN


def test_page_and_assets_need_no_external_resources(client):
    page = client.get("/")
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    static = REPO / "linter" / "server" / "static"
    for asset in static.iterdir():
        served = client.get(f"/static/{asset.name}")
        assert served.status_code == 200
        text = served.text.replace('xmlns="http://www.w3.org/2000/svg"', "")    # a name, not a resource
        assert "http://" not in text and "https://" not in text and "//cdn" not in text


def test_docx_upload_is_read_when_the_reader_exists(client, tmp_path):
    pytest.importorskip("govlint.read.docx")
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in build_report().splitlines():
        if line.strip() and not line.startswith("\t"):
            document.add_paragraph(line)
    path = tmp_path / "报告.docx"
    document.save(path)
    response = upload(client, path.read_bytes(), "报告.docx")
    assert response.status_code == 200
    assert response.json()["summary"]["file"] == "报告.docx"


def _busy_port() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock


@pytest.mark.parametrize("extra, says", [(["--max-upload", "0"], "--max-upload"), (["--port", "70000"], "端口")])
def test_serve_rejects_bad_settings(extra, says):
    run = subprocess.run([sys.executable, "-m", "govlint.cli", "serve", *extra], capture_output=True, text=True,
                         cwd=REPO, timeout=60)
    assert run.returncode == 2 and says in run.stderr and "Traceback" not in run.stderr


def test_serve_on_a_busy_port_says_so():
    with _busy_port() as sock:
        port = sock.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "govlint.cli", "serve", "--port", str(port)],
                             capture_output=True, text=True, cwd=REPO, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 2 and f"端口 {port} 已被占用" in run.stderr and "Traceback" not in run.stderr


def test_web_page_upload_is_read_by_its_extension(client, tmp_path):
    from render_html import write_html
    path = write_html(REPORT, tmp_path / "报告.html")
    for name in ("报告.html", "报告.htm"):
        response = upload(client, path.read_bytes(), name)
        assert response.status_code == 200, response.text
        assert {d["code"] for d in response.json()["diagnostics"]} == {"GL301", "GL501"}
        assert all(d["location"] for d in response.json()["diagnostics"])


def test_pdf_upload_goes_to_the_reader(client):
    """.pdf uploads are read through read_input: until the PDF reader lands, a clear 422."""
    response = upload(client, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "报告.pdf")
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert "PDF" in response.json()["error"] and "报告.pdf" in response.json()["error"]


def test_fix_only_some_rules(client):
    response = client.post("/api/fix?only=GL301", data={"text": REPORT})
    assert response.status_code == 200
    assert "西湖市" in response.text                                  # GL501 left alone
    assert (response.headers["x-govlint-fixed"], response.headers["x-govlint-remaining"]) == ("1", "1")
    assert client.post("/api/fix?only=<b>", data={"text": REPORT}).status_code == 400


def test_rules_have_short_chinese_titles(client):
    rules = client.get("/api/rules").json()
    blank = next(r for r in rules if r["code"] == "GL301")
    assert blank["title"] == "表格中的数字单元格为空"
    for rule in rules:
        assert rule["title"] and len(rule["title"]) <= 30
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule["title"]), rule


@pytest.mark.parametrize("method, path, status", [("GET", "/nothing", 404), ("GET", "/api/lint", 405),
                                                  ("PUT", "/api/rules", 405), ("GET", "/static/none.js", 404)])
def test_error_answers_are_chinese(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    message = ErrorOut.model_validate(response.json()).error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")


def test_access_control_with_a_token_and_a_password(temp_dir):
    import base64
    app = create_app(ServerSettings(workers=1, temp_dir=str(temp_dir), token="t0ken",
                                    basic_auth=("科室", "密码 1")))
    with TestClient(app) as c:
        refused = c.get("/api/rules")
        assert refused.status_code == 401 and "登录" in refused.json()["error"]
        assert refused.headers["www-authenticate"].startswith("Basic")
        assert c.get("/").status_code == 401
        assert c.get("/favicon.ico").status_code == 200
        assert c.get("/api/rules", headers={"X-Govlint-Token": "t0ken"}).status_code == 200
        assert c.get("/api/rules", headers={"Authorization": "Bearer t0ken"}).status_code == 200
        assert c.get("/api/rules", headers={"X-Govlint-Token": "wrong"}).status_code == 401
        good = base64.b64encode("科室:密码 1".encode()).decode()
        bad = base64.b64encode("科室:密码".encode()).decode()
        assert c.get("/", headers={"Authorization": f"Basic {good}"}).status_code == 200
        assert c.get("/", headers={"Authorization": f"Basic {bad}"}).status_code == 401
        lint = c.post("/api/lint", data={"text": REPORT}, headers={"X-Govlint-Token": "t0ken"})
        assert lint.status_code == 200


def test_serve_on_another_address_turns_access_control_on(monkeypatch):
    """Binding a non-loopback address without --token/--basic-auth generates a password and says so."""
    import govlint.server as server
    said, ran = [], {}
    monkeypatch.setattr(server, "bind", lambda host, port: _FakeSocket(("192.0.2.1", port)))
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets: ran.setdefault("app", self.config.app))
    settings = ServerSettings(host="0.0.0.0", port=8123)
    server.serve(settings, announce=said.append)
    assert settings.basic_auth and settings.basic_auth[0] == "govlint"
    assert any("已自动启用访问控制" in line and settings.basic_auth[1] in line for line in said)
    said.clear()
    server.serve(ServerSettings(host="0.0.0.0", port=8123), announce=said.append, no_auth=True)
    assert any("警告" in line and "未启用访问控制" in line for line in said)


class _FakeSocket:
    def __init__(self, address):
        self.address = address

    def getsockname(self):
        return self.address


def test_document_view_draws_template_tables_on_the_template_grid(client):
    body = upload(client, REPORT.encode("utf-8"), query="?document=true").json()
    LintOut.model_validate(body)
    assert body["document"]["format"] == "text"
    grids = {b["grid"]["key"]: b["grid"] for b in body["document"]["blocks"] if b["type"] == "table" and b["grid"]}
    assert set(grids) == {"t2", "t3", "t4"}
    t3 = grids["t3"]
    top, middle, bottom = t3["header"]
    assert [(c["text"], c["rowspan"], c["colspan"]) for c in top] == [
        ("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", 3, 3), ("申请人情况", 1, 7)]
    assert [(c["text"], c["rowspan"], c["colspan"]) for c in middle] == [
        ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert [c["text"] for c in bottom] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert all(sum(c["colspan"] for c in row if c["kind"] != "label") for row in t3["body"])
    text = body["document"]["text"]
    blank = next(d for d in body["diagnostics"] if d["code"] == "GL301")
    cell = next(c for row in t3["body"] for c in row if c["span"] and c["span"][0] <= blank["offset"] <= c["span"][1])
    assert cell["column"] == "research" and "科研机构" in cell["name"] and cell["where"].startswith("表2 第")
    labels = [c for row in t3["body"] for c in row if c["kind"] == "label"]
    result = next(c for c in labels if c["span"] and "本年度办理结果" in text[c["span"][0]:c["span"][1]])
    assert result["rowspan"] == 20          # 2019 template: (一) to (七) of 三、本年度办理结果
    t4 = grids["t4"]
    assert [c["text"] for c in t4["header"][0]] == ["行政复议", "行政诉讼"]
    assert not any(b["type"] == "table" and not b["grid"] for b in body["document"]["blocks"])


def test_a_table_outside_the_template_is_shown_as_it_came_with_a_note(client):
    lines = REPORT.split("\n")
    at = lines.index(next(line for line in lines if line.startswith("一、"))) + 1
    lines[at:at] = ["\t栏目", "\t条数", "", "\t网站", "\t12", ""]
    body = upload(client, "\n".join(lines).encode("utf-8"), query="?document=true").json()
    tables = [b for b in body["document"]["blocks"] if b["type"] == "table"]
    plain = [b for b in tables if not b["grid"]]
    assert len(plain) == 1 and "按原样显示" in plain[0]["note"]
    assert plain[0]["places"][0][0].startswith("表1 第1行第1列")
