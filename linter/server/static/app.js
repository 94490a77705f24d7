// The check page: upload a report, draw it with every finding marked in place, list the
// findings by severity and rule. Report text only ever enters the page through text nodes
// (textContent / createTextNode), never as HTML, so a report holding <script> shows as text.
"use strict";

const SEVERITIES = [["error", "错误"], ["warning", "警告"], ["info", "提示"]];
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const state = { result: null, file: null, anchors: new Map(), marks: new Map(), ruleSummaries: new Map() };

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- uploading -------------------------------------------------------------------------

async function check(file) {
  if (!file) return;
  state.file = file;
  showStatus(`正在检查“${file.name}”……`);
  const form = new FormData();
  form.append("file", file, file.name);
  let response, body;
  try {
    response = await fetch("/api/lint?document=true", { method: "POST", body: form });
    body = await response.json();
  } catch (e) {
    return showStatus("无法连接检查服务，或服务返回了无法识别的内容。请稍后重试。", true);
  }
  if (!response.ok) {
    return showStatus(body && body.error ? body.error : `检查失败（HTTP ${response.status}）`, true);
  }
  render(body);
}

function showStatus(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
  if (isError) {
    $("overview").hidden = true;
    $("result").hidden = true;
  }
}

function setUpInput() {
  const drop = $("drop");
  $("file").addEventListener("change", (e) => check(e.target.files[0]));
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    check(e.dataTransfer && e.dataTransfer.files[0]);
  });
  // A file dropped beside the drop zone must not make the browser navigate away.
  for (const name of ["dragover", "drop"]) window.addEventListener(name, (e) => e.preventDefault());
  $("download-json").addEventListener("click", downloadJson);
  $("download-fixed").addEventListener("click", downloadFixed);
  document.addEventListener("click", (e) => {
    if (!e.target.closest("mark, #popup, nav")) hidePopup();
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hidePopup(); });
}

// ---- the whole result ------------------------------------------------------------------

function render(result) {
  state.result = result;
  hidePopup();
  renderCounts(result.summary);
  renderReport(result.document, result.diagnostics);
  renderFindings(result.diagnostics);
  $("download-fixed").hidden = !result.summary.fixable;
  $("overview").hidden = false;
  $("result").hidden = false;
  showStatus(`已检查“${result.summary.file}”。`);
}

function renderCounts(summary) {
  const counts = $("counts");
  counts.replaceChildren();
  const values = { error: summary.errors, warning: summary.warnings, info: summary.infos };
  for (const [severity, label] of SEVERITIES) {
    const item = el("span", `count ${severity}`);
    item.dataset.severity = severity;
    item.append(el("b", "", String(values[severity])), document.createTextNode(label));
    counts.append(item);
  }
  const fixable = el("span", "count fixable");
  fixable.append(el("b", "", String(summary.fixable)), document.createTextNode("可自动修正"));
  counts.append(fixable);
  const verdict = summary.passed
    ? el("span", "verdict passed", summary.total ? "没有错误（有警告或提示）" : "未发现问题")
    : el("span", "verdict failed", "有错误，请修改后再提交");
  counts.append(verdict);
}

// ---- the report with findings marked in place ------------------------------------------

// Every stretch of text the page shows: paragraphs, and each table cell on its own.
function textRanges(documentView) {
  const ranges = [];
  for (const block of documentView.blocks) {
    if (block.type === "table") {
      block.rows.forEach((row) => row.forEach(([start, end]) => ranges.push({ start, end, block })));
    } else {
      ranges.push({ start: block.start, end: block.end, block });
    }
  }
  return ranges;
}

// Which ranges each finding is drawn in: the ranges it overlaps, or — for an empty span or one
// between blocks (an empty cell, a missing section) — a point at the nearest place shown.
function placeFindings(ranges, diagnostics) {
  ranges.forEach((r) => { r.spans = []; r.points = []; });
  diagnostics.forEach((d, index) => {
    const first = firstEndingAfter(ranges, d.offset);     // ranges are in text order
    const overlapping = [];
    for (let k = first; k < ranges.length && ranges[k].start < d.end_offset; k += 1) {
      if (d.offset < ranges[k].end) overlapping.push(ranges[k]);
    }
    if (d.end_offset > d.offset && overlapping.length) {
      overlapping.forEach((r) => r.spans.push(index));
      return;
    }
    const before = ranges[first - 1];
    const holder = before && before.end === d.offset ? before : (ranges[first] || ranges[ranges.length - 1]);
    if (holder) holder.points.push({ at: Math.min(Math.max(d.offset, holder.start), holder.end), index });
  });
}

// The index of the first range that ends after `offset` (binary search).
function firstEndingAfter(ranges, offset) {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].end > offset) high = middle; else low = middle + 1;
  }
  return low;
}

function renderReport(documentView, diagnostics) {
  const article = $("report");
  article.replaceChildren();
  state.anchors = new Map();
  state.marks = new Map();
  if (!documentView) return;
  const ranges = textRanges(documentView);
  placeFindings(ranges, diagnostics);
  const text = documentView.text;
  let index = 0;
  for (const block of documentView.blocks) {
    if (block.type === "table") {
      const table = el("table");
      for (const row of block.rows) {
        const tr = el("tr");
        for (let i = 0; i < row.length; i += 1) {
          const td = el("td");
          td.append(...markedText(text, ranges[index++], diagnostics));
          tr.append(td);
        }
        table.append(tr);
      }
      article.append(table);
    } else {
      const p = el("p", `${block.type} ${block.kind || ""}`.trim());
      p.append(...markedText(text, ranges[index++], diagnostics));
      article.append(p);
    }
  }
}

// The nodes for one range: plain text, <mark> over the findings' spans, point marks.
function markedText(text, range, diagnostics) {
  const cuts = new Set([range.start, range.end]);
  for (const i of range.spans) {
    cuts.add(Math.max(range.start, diagnostics[i].offset));
    cuts.add(Math.min(range.end, diagnostics[i].end_offset));
  }
  range.points.forEach((p) => cuts.add(p.at));
  const positions = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  positions.forEach((at, k) => {
    const points = range.points.filter((p) => p.at === at).map((p) => p.index);
    if (points.length) nodes.push(mark("", points, diagnostics, true));
    const next = positions[k + 1];
    if (next === undefined || next === at) return;
    const piece = text.slice(at, next);
    const covering = range.spans.filter((i) => diagnostics[i].offset < next && at < diagnostics[i].end_offset);
    nodes.push(covering.length ? mark(piece, covering, diagnostics, false) : document.createTextNode(piece));
  });
  return nodes;
}

function mark(piece, indexes, diagnostics, isPoint) {
  const worst = indexes.map((i) => diagnostics[i].severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
  const node = el("mark", `${worst}${isPoint ? " point" : ""}`, piece);
  node.dataset.findings = indexes.join(" ");
  node.title = indexes.map((i) => `${diagnostics[i].code} ${diagnostics[i].message}`).join("\n");
  node.tabIndex = 0;
  node.addEventListener("click", (e) => { e.stopPropagation(); showPopup(node, indexes); });
  node.addEventListener("keydown", (e) => { if (e.key === "Enter") showPopup(node, indexes); });
  for (const i of indexes) {
    if (!state.anchors.has(i)) state.anchors.set(i, node);
    if (!state.marks.has(i)) state.marks.set(i, []);
    state.marks.get(i).push(node);
  }
  return node;
}

// ---- the popup with a mark's messages --------------------------------------------------

function showPopup(anchor, indexes) {
  const diagnostics = state.result.diagnostics;
  const popup = $("popup");
  popup.replaceChildren();
  for (const i of indexes) {
    const d = diagnostics[i];
    const item = el("div", d.severity);
    item.append(el("span", "code", `${d.code} ${d.rule}`), document.createTextNode(d.message));
    if (d.fix) item.append(el("div", "fix", `可修正为：“${d.fix.replacement}”`));
    popup.append(item);
  }
  popup.hidden = false;
  const box = anchor.getBoundingClientRect();
  popup.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - popup.offsetWidth - 8))}px`;
  popup.style.top = `${window.scrollY + box.bottom + 6}px`;
  document.querySelectorAll("nav li button.active").forEach((b) => b.classList.remove("active"));
  for (const i of indexes) {
    const button = document.querySelector(`nav li button[data-finding="${i}"]`);
    if (button) button.classList.add("active");
  }
}

function hidePopup() {
  $("popup").hidden = true;
}

// ---- the side list ---------------------------------------------------------------------

function renderFindings(diagnostics) {
  const nav = $("findings");
  nav.replaceChildren();
  if (!diagnostics.length) {
    nav.append(el("p", "", "未发现问题。"));
    return;
  }
  for (const [severity, label] of SEVERITIES) {
    const ofSeverity = diagnostics.map((d, i) => [d, i]).filter(([d]) => d.severity === severity);
    if (!ofSeverity.length) continue;
    const group = el("section", "severity");
    group.dataset.severity = severity;
    group.append(el("h2", severity, `${label}（${ofSeverity.length}）`));
    const byRule = new Map();
    for (const [d, i] of ofSeverity) {
      if (!byRule.has(d.code)) byRule.set(d.code, []);
      byRule.get(d.code).push([d, i]);
    }
    for (const [code, items] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      group.append(ruleGroup(code, items));
    }
    nav.append(group);
  }
}

function ruleGroup(code, items) {
  const details = el("details", "rule");
  details.open = true;
  details.dataset.rule = code;
  const heading = el("summary", "", `${code} ${items[0][0].rule}（${items.length}）`);
  heading.title = state.ruleSummaries.get(code) || "";
  details.append(heading);
  const list = el("ol");
  for (const [d, i] of items) {
    const button = el("button");
    button.type = "button";
    button.dataset.finding = String(i);
    button.append(el("span", "where", place(d)), document.createTextNode(d.message));
    button.addEventListener("click", () => focusFinding(i));
    const li = el("li");
    li.append(button);
    list.append(li);
  }
  details.append(list);
  return details;
}

// Where a finding is, as the clerk finds it: a line of a text file, a paragraph or cell of a Word file.
function place(d) {
  const at = d.location;
  if (at && at.table) return `表${at.table} 第${at.row}行第${at.col}列`;
  if (at && at.paragraph) return `段落${at.paragraph}`;
  return `第 ${d.line} 行`;
}

function focusFinding(index) {
  const anchor = state.anchors.get(index);
  if (!anchor) return;
  document.querySelectorAll("mark.flash").forEach((m) => m.classList.remove("flash"));
  (state.marks.get(index) || []).forEach((m) => m.classList.add("flash"));
  anchor.scrollIntoView({ block: "center", behavior: "instant" });
  anchor.focus({ preventScroll: true });
  showPopup(anchor, [index]);
}

// ---- downloads -------------------------------------------------------------------------

function baseName() {
  return state.file.name.replace(/\.[^.]*$/, "") || "report";
}

function download(content, type, name) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function downloadJson() {
  const { summary, diagnostics } = state.result;
  download(JSON.stringify({ summary, diagnostics }, null, 1), "application/json", `${baseName()}.govlint.json`);
}

// The server applies the safe fixes to the file itself: a text file keeps its encoding and
// line endings, a Word document its formatting.
async function downloadFixed() {
  const form = new FormData();
  form.append("file", state.file, state.file.name);
  try {
    const response = await fetch("/api/fix", { method: "POST", body: form });
    if (!response.ok) {
      const body = await response.json();
      return showStatus(body.error || `修正失败（HTTP ${response.status}）`, true);
    }
    const suffix = (state.file.name.match(/\.[^.]*$/) || [".txt"])[0];
    download(await response.blob(), response.headers.get("Content-Type"), `${baseName()}（已修正）${suffix}`);
    showStatus(`已修正 ${response.headers.get("X-Govlint-Fixed")} 处，还有 ${response.headers.get("X-Govlint-Remaining")} 个问题需要手工处理。`);
  } catch (e) {
    showStatus("无法连接检查服务，请稍后重试。", true);
  }
}

// What each rule checks, shown when the pointer rests on a rule's group in the side list.
async function loadRuleSummaries() {
  try {
    const rules = await (await fetch("/api/rules")).json();
    rules.forEach((r) => state.ruleSummaries.set(r.code, r.summary));
  } catch (e) { /* the list works without them */ }
}

setUpInput();
loadRuleSummaries();
