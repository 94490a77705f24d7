"""Response shapes of the HTTP API. They are the OpenAPI description; tests validate real
responses against them so the description stays true."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]


class FixOut(BaseModel):
    replacement: str = Field(description="用它替换诊断范围（offset 至 end_offset）即可修正")
    applicability: Literal["safe", "unsafe"] = Field(description="safe：govlint --fix 与 /api/fix 会应用；unsafe：需人工确认（--unsafe-fixes）")


class LocationOut(BaseModel):
    """Where a finding is in a laid-out document (Word, web page, PDF); null for text input."""

    paragraph: Optional[int] = Field(None, description="正文段落序号（从 1 开始，按文档顺序）")
    table: Optional[int] = Field(None, description="表格序号（从 1 开始）")
    row: Optional[int] = Field(None, description="行（从 1 开始）")
    col: Optional[int] = Field(None, description="列（从 1 开始，合并单元格计一次）")
    quote: str = Field("", description="该处文字的简短引文")
    page: Optional[int] = Field(None, description="页码（仅 PDF，从 1 开始）")


class DiagnosticOut(BaseModel):
    """One finding: the same keys as `govlint --format json`."""

    path: str = Field(description="上传文件的文件名（提交文本时为 <text> 或给出的 filename）")
    line: int = Field(description="起始行（从 1 开始）")
    column: int = Field(description="起始列（从 1 开始，按 Unicode 字符计）")
    end_line: int
    end_column: int = Field(description="结束列（不含）")
    offset: int = Field(description="在解码后文本中的起始字符偏移（从 0 开始）")
    end_offset: int = Field(description="结束字符偏移（不含）")
    code: str = Field(description="规则代码，如 GL203")
    rule: str = Field(description="规则名，如 balance")
    severity: Severity
    message: str = Field(description="中文说明")
    fix: Optional[FixOut] = None
    location: Optional[LocationOut] = Field(None, description="Word、网页、PDF：段落、表格单元格或页码；文本输入为 null")


class SummaryOut(BaseModel):
    file: str
    total: int
    errors: int
    warnings: int
    infos: int
    fixable: int = Field(description="可以安全自动修正的诊断数")
    passed: bool = Field(description="没有错误级别的诊断（报送系统据此决定是否接收）")
    by_rule: dict[str, int] = Field(description="每条规则（代码）的诊断数")


class GridCellOut(BaseModel):
    kind: Literal["corner", "header", "group", "label", "value"]
    text: Optional[str] = Field(None, description="模板的文字（表头、报告中缺少的行标签）；报告的文字见 span")
    rowspan: int = 1
    colspan: int = 1
    span: Optional[list[int]] = Field(None, description="报告中该单元格的 [起, 止) 字符偏移；报告中没有该单元格时为 null")
    where: str = Field("", description="该单元格在文件中的位置，如“表3 第5行第2列”")
    name: str = Field("", description="该单元格在模板中的名称，如 表三“（七）总计”行“自然人”列")
    column: Optional[str] = Field(None, description="模板的列键（如 total）")


class ExtraRowOut(BaseModel):
    cells: list[list[int]]
    places: list[str]


class GridOut(BaseModel):
    """A table drawn on the template's layout."""

    key: str = Field(description="t2、t3 或 t4")
    title: str
    columns: int = Field(description="网格的列数")
    header: list[list[GridCellOut]] = Field(description="表头各行（含合并单元格）")
    body: list[list[GridCellOut]]
    extra: list[ExtraRowOut] = Field(description="未能按模板识别的行，按原样显示")


class BlockOut(BaseModel):
    type: Literal["paragraph", "table", "artifact"]
    kind: Optional[str] = Field(None, description="段落的形态（text、section、subheading…）或附属内容的种类（artifact 不属于正文）")
    start: int
    end: int
    line: Optional[int] = Field(None, description="在文本布局中的起始行")
    heading: Optional[int] = Field(None, description="标题级别（1 部分标题、2 小标题）；长段落即使以序号开头也为 null")
    lead: Optional[int] = Field(None, description="段首小标题（如“（一）主动公开情况。”）结束处的偏移")
    rows: Optional[list[list[list[int]]]] = Field(None, description="表格：每行每个单元格的 [起, 止) 字符偏移")
    places: Optional[list[list[str]]] = Field(None, description="表格：每个单元格在文件中的位置")
    grid: Optional[GridOut] = Field(None, description="模板表格（表二、三、四）按模板版式的网格")
    note: Optional[str] = Field(None, description="未能按模板读取的表格的说明")


class DocumentOut(BaseModel):
    text: str = Field(description="解码后的报告文本；所有偏移都指向它")
    format: Literal["text", "docx", "html", "pdf"] = "text"
    blocks: list[BlockOut]


class LintOut(BaseModel):
    summary: SummaryOut
    diagnostics: list[DiagnosticOut]
    document: Optional[DocumentOut] = Field(None, description="仅当 document=true 时给出：检查页面用的文本与版面")


class RuleOut(BaseModel):
    code: str
    name: str
    title: str = Field(description="简短的中文名称（规则说明的第一句）")
    severity: Severity
    summary: str
    explanation: str = Field(description="与 govlint --explain 相同的说明")
    origin: str = Field(description="注册该规则的插件")
    options: dict = Field(description="规则选项及其默认值")


class ErrorOut(BaseModel):
    error: str = Field(description="中文说明")
