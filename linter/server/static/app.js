// The check page: upload a report, draw it with every finding marked in place, list the
// findings by severity and rule. Report text only ever enters the page through text nodes
// (textContent / createTextNode), never as HTML, so a report holding <script> shows as text.
"use strict";

const SEVERITIES = [["error", "错误"], ["warning", "警告"], ["info", "提示"]];
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const state = { result: null, file: null, anchors: new Map(), marks: new Map(), ruleSummaries: new Map(),
  ruleTitles: new Map(), pendingFocus: null };

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- uploading ---------------------------------------------------------------------

// One check at a time: a new upload (or 取消) aborts the request in flight; the server then
// stops that check. `generation` tells a late answer or render step that it is stale.
let current = null;
let generation = 0;

async function check(file) {
  if (!file) return;
  cancelCheck(false);
  const mine = ++generation;
  state.file = file;
  const controller = new AbortController();
  current = { controller, started: performance.now(), timer: 0 };
  startProgress(`正在检查“${file.name}”`, current);
  const form = new FormData();
  form.append("file", file, file.name);
  let response, body;
  try {
    response = await fetch("/api/lint?document=true", { method: "POST", body: form, signal: controller.signal });
    body = await response.json();
  } catch (e) {
    if (mine !== generation) return;
    stopProgress();
    if (e && e.name === "AbortError") return showStatus("已取消检查。");
    return showStatus("无法连接检查服务，或服务返回了无法识别的内容。请稍后重试。", true);
  }
  if (mine !== generation) return;
  stopProgress();
  if (!response.ok) {
    return showStatus(body && body.error ? body.error : `检查失败（HTTP ${response.status}）`, true);
  }
  render(body, mine);
}

function cancelCheck(announce = true) {
  generation += 1;
  if (current) {
    current.controller.abort();
    stopProgress();
    current = null;
    if (announce) showStatus("已取消检查。");
  }
}

function startProgress(label, job) {
  const progress = $("progress");
  $("progress-label").textContent = label;
  $("elapsed").textContent = "";
  progress.hidden = false;
  $("status").textContent = "";
  $("status").classList.remove("error");
  const tick = () => {
    const seconds = Math.floor((performance.now() - job.started) / 1000);
    $("elapsed").textContent = seconds ? `已用 ${seconds} 秒` : "";
  };
  tick();
  job.timer = setInterval(tick, 500);
}

function stopProgress() {
  if (current && current.timer) clearInterval(current.timer);
  $("progress").hidden = true;
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
  $("cancel").addEventListener("click", () => cancelCheck(true));
  $("download-json").addEventListener("click", downloadJson);
  $("download-fixed").addEventListener("click", () => downloadFixed());
  document.addEventListener("click", (e) => {
    if (!e.target.closest("mark, #popup, nav")) hidePopup();
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hidePopup(); });
}

// ---- the whole result ------------------------------------------------------------------

function render(result, mine) {
  state.result = result;
  hidePopup();
  renderCounts(result.summary);
  const ranges = renderReport(result.document, result.diagnostics, mine);
  renderFindings(result.diagnostics, result.document);
  $("download-fixed").hidden = !result.summary.fixable;
  $("overview").hidden = false;
  $("result").hidden = false;
  $("findings").scrollTop = 0;
  if (!ranges) showStatus(`已检查“${result.summary.file}”。`);
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

// Every stretch of report text the page shows, each with the block it belongs to: paragraphs,
// and every table cell on its own (on the template's grid when the server drew one). Leftovers
// of the export (artifacts: bookmarks, field codes, headers and footers) are not shown.
function textRanges(documentView) {
  const ranges = [];
  documentView.blocks.forEach((block, b) => {
    block.ranges = [];
    const add = (start, end, extra) => {
      const range = { start, end, block: b, ...extra };
      block.ranges.push(range);
      ranges.push(range);
      return range;
    };
    if (block.type === "artifact") return;
    if (block.type !== "table") {
      add(block.start, block.end, {});
    } else if (block.grid) {
      for (const row of block.grid.body) {
        for (const cell of row) if (cell.span) cell.range = add(cell.span[0], cell.span[1], {});
      }
      for (const row of block.grid.extra) row.ranges = row.cells.map(([s, e]) => add(s, e, {}));
    } else {
      block.cellRanges = block.rows.map((row) => row.map(([s, e]) => add(s, e, {})));
    }
  });
  return ranges;
}

// Which ranges each finding is drawn in: the ranges it overlaps, or — for an empty span or one
// between the shown text (an empty cell, a missing section, a header the grid redraws) — a
// point at the nearest place shown.
function placeFindings(ranges, diagnostics) {
  const ordered = ranges.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  ordered.forEach((r) => { r.spans = []; r.points = []; });
  if (!ordered.length) return;
  diagnostics.forEach((d, index) => {
    const first = firstEndingAfter(ordered, d.offset);
    const overlapping = [];
    for (let k = first; k < ordered.length && ordered[k].start < d.end_offset; k += 1) {
      if (d.offset < ordered[k].end) overlapping.push(ordered[k]);
    }
    if (d.end_offset > d.offset && overlapping.length) {
      overlapping.forEach((r) => r.spans.push(index));
      return;
    }
    const before = ordered[first - 1];
    const holder = before && before.end === d.offset ? before : (ordered[first] || ordered[ordered.length - 1]);
    holder.points.push({ at: Math.min(Math.max(d.offset, holder.start), holder.end), index });
  });
}

// The index of the first range that ends after `offset` (binary search; ranges in text order).
function firstEndingAfter(ranges, offset) {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].end > offset) high = middle; else low = middle + 1;
  }
  return low;
}

// Draws the report a slice at a time (about 12 ms per animation frame), so a report of many
// thousands of paragraphs shows at once and fills in without freezing the page.
function renderReport(documentView, diagnostics, mine) {
  const article = $("report");
  article.replaceChildren();
  article.classList.toggle("numbered", !!documentView && documentView.format === "text");
  state.anchors = new Map();
  state.marks = new Map();
  state.pendingFocus = null;
  if (!documentView) return null;
  const ranges = textRanges(documentView);
  placeFindings(ranges, diagnostics);
  const blocks = documentView.blocks;
  const text = documentView.text;
  let next = 0;
  const step = () => {
    if (mine !== generation) return;
    const until = performance.now() + 12;
    // Each slice is a chunk the browser may skip laying out while it is off screen
    // (content-visibility), so the cost of a slice does not grow with the report drawn so far.
    const part = el("div", "chunk");
    while (next < blocks.length && (performance.now() < until || next === 0)) {
      const node = renderBlock(blocks[next], text, diagnostics);
      next += 1;
      if (node) part.append(node);
    }
    article.append(part);
    if (state.pendingFocus !== null && state.anchors.has(state.pendingFocus)) {
      const index = state.pendingFocus;
      state.pendingFocus = null;
      focusFinding(index);
    }
    if (next < blocks.length) {
      showStatus(`正在显示报告……${Math.floor((100 * next) / blocks.length)}%`);
      requestAnimationFrame(step);
    } else {
      article.dataset.complete = "true";
      showStatus(`已检查“${state.result.summary.file}”。`);
    }
  };
  article.dataset.complete = "false";
  step();
  return ranges;
}

function renderBlock(block, text, diagnostics) {
  if (block.type === "artifact") return null;
  if (block.type === "table") return block.grid ? gridTable(block, text, diagnostics) : plainTable(block, text, diagnostics);
  const classes = ["paragraph", block.kind || ""];
  if (block.heading) classes.push(`heading h${block.heading}`);
  const p = el("p", classes.join(" ").trim());
  if (block.line) p.dataset.line = block.line;
  const range = block.ranges[0];
  if (block.lead && block.lead > range.start && block.lead < range.end) {
    const lead = el("strong", "lead");
    lead.append(...markedText(text, range, diagnostics, range.start, block.lead));
    p.append(lead, ...markedText(text, range, diagnostics, block.lead, range.end));
  } else {
    p.append(...markedText(text, range, diagnostics));
  }
  return p;
}

// A table as it came: one cell per cell of the file, with a note when it is a template table
// the server could not read on the template.
function plainTable(block, text, diagnostics) {
  const wrap = el("div", "table-wrap");
  if (block.line) wrap.dataset.line = block.line;
  if (block.note) wrap.append(el("p", "table-note", block.note));
  const table = el("table", "as-is");
  block.cellRanges.forEach((row, r) => {
    const tr = el("tr");
    row.forEach((range, c) => {
      const td = el("td");
      td.title = block.places[r][c];
      td.append(...markedText(text, range, diagnostics));
      tr.append(td);
    });
    table.append(tr);
  });
  wrap.append(table);
  return wrap;
}

// A template table on the template's grid: its header with the merged cells, row labels merged
// as the template merges them, each value in its column; the pointer shows the cell's name and
// its place in the file.
function gridTable(block, text, diagnostics) {
  const grid = block.grid;
  const wrap = el("div", "table-wrap");
  if (block.line) wrap.dataset.line = block.line;
  const table = el("table", "grid");
  table.dataset.table = grid.key;
  table.append(el("caption", "", grid.title));
  if (grid.header.length) {
    const thead = el("thead");
    for (const row of grid.header) {
      const tr = el("tr");
      for (const cell of row) tr.append(gridCell("th", cell, text, diagnostics));
      thead.append(tr);
    }
    table.append(thead);
  }
  const tbody = el("tbody");
  for (const row of grid.body) {
    const tr = el("tr");
    for (const cell of row) {
      const tag = cell.kind === "header" || cell.kind === "group" ? "th" : "td";
      tr.append(gridCell(tag, cell, text, diagnostics));
    }
    tbody.append(tr);
  }
  if (grid.extra.length) {
    const note = el("tr", "extra-note");
    const td = el("td", "", "以下各行未能按模板识别，按原样显示：");
    td.colSpan = grid.columns;
    note.append(td);
    tbody.append(note);
    for (const row of grid.extra) {
      const tr = el("tr", "extra");
      row.ranges.forEach((range, c) => {
        const cell = el("td");
        cell.title = row.places[c];
        cell.append(...markedText(text, range, diagnostics));
        tr.append(cell);
      });
      tbody.append(tr);
    }
  }
  table.append(tbody);
  wrap.append(table);
  return wrap;
}

function gridCell(tag, cell, text, diagnostics) {
  const node = el(tag, cell.kind);
  if (cell.rowspan > 1) node.rowSpan = cell.rowspan;
  if (cell.colspan > 1) node.colSpan = cell.colspan;
  if (cell.column) node.dataset.column = cell.column;
  if (cell.range) {
    node.append(...markedText(text, cell.range, diagnostics));
    node.title = [cell.name, cell.where].filter(Boolean).join(" · ");
    if (cell.range.spans.length || cell.range.points.length) {
      const worst = [...cell.range.spans, ...cell.range.points.map((p) => p.index)]
        .map((i) => diagnostics[i].severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
      node.classList.add(`has-${worst}`);
    }
  } else if (cell.kind === "value") {
    node.append(el("span", "missing", "（缺）"));
    node.title = `${cell.name}：报告中没有这个单元格`;
  } else {
    node.textContent = cell.text || "";
    if (cell.kind === "label") node.classList.add("from-template");
  }
  return node;
}

// The nodes for one range (or its part lo..hi): plain text, <mark> over the findings' spans,
// point marks.
function markedText(text, range, diagnostics, lo = range.start, hi = range.end) {
  const cuts = new Set([lo, hi]);
  for (const i of range.spans) {
    cuts.add(Math.min(hi, Math.max(lo, diagnostics[i].offset)));
    cuts.add(Math.max(lo, Math.min(hi, diagnostics[i].end_offset)));
  }
  const points = range.points.filter((p) => p.at >= lo && (p.at < hi || (p.at === hi && hi === range.end)));
  points.forEach((p) => cuts.add(p.at));
  const positions = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  positions.forEach((at, k) => {
    const here = points.filter((p) => p.at === at).map((p) => p.index);
    if (here.length) nodes.push(mark("", here, diagnostics, true));
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
  node.title = indexes.map((i) => `${diagnostics[i].code} ${ruleTitle(diagnostics[i])}：${diagnostics[i].message}`).join("\n");
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

// A rule's short Chinese title (from /api/rules), else its English name.
function ruleTitle(d) {
  return state.ruleTitles.get(d.code) || d.rule;
}

// ---- the popup with a mark's messages --------------------------------------------------

function showPopup(anchor, indexes) {
  const diagnostics = state.result.diagnostics;
  const popup = $("popup");
  popup.replaceChildren();
  for (const i of indexes) {
    const d = diagnostics[i];
    const item = el("div", d.severity);
    item.append(el("span", "title", ruleTitle(d)), el("span", "code", d.code), el("div", "message", d.message));
    if (d.fix) item.append(el("div", "fix", `可修正为：“${d.fix.replacement}”`));
    popup.append(item);
  }
  popup.hidden = false;
  const box = anchor.getBoundingClientRect();
  popup.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - popup.offsetWidth - 8))}px`;
  popup.style.top = `${window.scrollY + box.bottom + 6}px`;
  document.querySelectorAll("nav button.active").forEach((b) => b.classList.remove("active"));
  for (const i of indexes) {
    const button = document.querySelector(`nav li button[data-finding="${i}"]`);
    if (button) button.classList.add("active");
  }
}

function hidePopup() {
  $("popup").hidden = true;
}

// ---- the side list ---------------------------------------------------------------------

// Errors first, then warnings, then notes; within each, in the order they occur in the report.
// A table's blank cells (GL301) are one collapsed group with a one-click fix, so that one real
// error is not buried under a hundred blanks.
const GROUPED = "GL301";

function renderFindings(diagnostics, documentView) {
  const nav = $("findings");
  nav.replaceChildren();
  if (!diagnostics.length) {
    nav.append(el("p", "", "未发现问题。"));
    return;
  }
  const tables = documentView ? documentView.blocks.filter((b) => b.type === "table") : [];
  for (const [severity, label] of SEVERITIES) {
    const ofSeverity = diagnostics.map((d, i) => [d, i]).filter(([d]) => d.severity === severity);
    if (!ofSeverity.length) continue;
    const section = el("section", "severity");
    section.dataset.severity = severity;
    section.append(el("h2", severity, `${label}（${ofSeverity.length}）`));
    const entries = [];
    const groups = new Map();
    for (const [d, i] of ofSeverity) {
      if (d.code === GROUPED) {
        const table = tableOf(tables, d.offset);
        const key = table ? table.start : -1;
        if (!groups.has(key)) {
          const group = { offset: d.offset, table, items: [] };
          groups.set(key, group);
          entries.push(group);
        }
        groups.get(key).items.push([d, i]);
      } else {
        entries.push({ offset: d.offset, item: [d, i] });
      }
    }
    entries.sort((a, b) => a.offset - b.offset);
    const list = el("ol", "findings");
    for (const entry of entries) list.append(entry.item ? findingItem(...entry.item) : blankGroup(entry));
    section.append(list);
    nav.append(section);
  }
}

function tableOf(tables, offset) {
  return tables.find((t) => t.start <= offset && offset <= t.end) || null;
}

function findingItem(d, i) {
  const li = el("li", "finding");
  li.dataset.rule = d.code;
  const button = el("button");
  button.type = "button";
  button.dataset.finding = String(i);
  const head = el("span", "head");
  head.append(el("span", "where", place(d)), el("span", "title", ruleTitle(d)), el("span", "code", d.code));
  head.title = state.ruleSummaries.get(d.code) || "";
  button.append(head, el("span", "message", d.message));
  button.addEventListener("click", () => focusFinding(i));
  li.append(button);
  return li;
}

function blankGroup(group) {
  const li = el("li", "group");
  li.dataset.rule = GROUPED;
  const details = el("details");
  const name = group.table && group.table.grid ? group.table.grid.title.split(" ")[0] : "表格";
  const summary = el("summary");
  summary.append(el("span", "title", `${name}：${group.items.length} 个空白单元格应填 0`), el("span", "code", GROUPED));
  const fix = el("button", "fix-group", "一键修正");
  fix.type = "button";
  fix.title = "下载把这些空白单元格都填上 0 的文件（其他问题不改动）";
  fix.addEventListener("click", (e) => { e.preventDefault(); e.stopPropagation(); downloadFixed(GROUPED); });
  summary.append(" — ", fix);
  details.append(summary);
  // The items are drawn when the group is first opened.
  details.addEventListener("toggle", () => {
    if (!details.open || details.dataset.filled) return;
    details.dataset.filled = "true";
    const list = el("ol");
    for (const [d, i] of group.items) list.append(findingItem(d, i));
    details.append(list);
  });
  li.append(details);
  return li;
}

// Where a finding is, as the clerk finds it: a line of a text file, a paragraph or cell of a
// Word document or web page, with the page of a PDF.
function place(d) {
  const at = d.location;
  const page = at && at.page ? `第${at.page}页 ` : "";
  if (at && at.table) return `${page}表${at.table} 第${at.row}行第${at.col}列`;
  if (at && at.paragraph) return `${page}段落${at.paragraph}`;
  if (page) return page.trim();
  return `第 ${d.line} 行`;
}

function focusFinding(index) {
  const anchor = state.anchors.get(index);
  if (!anchor) {                        // not drawn yet: the report is still filling in
    state.pendingFocus = index;
    return;
  }
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
async function downloadFixed(only) {
  const form = new FormData();
  form.append("file", state.file, state.file.name);
  const query = typeof only === "string" ? `?only=${encodeURIComponent(only)}` : "";
  try {
    const response = await fetch(`/api/fix${query}`, { method: "POST", body: form });
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
    rules.forEach((r) => {
      state.ruleSummaries.set(r.code, r.summary);
      state.ruleTitles.set(r.code, r.title);
    });
  } catch (e) { /* the list works without them */ }
}

setUpInput();
loadRuleSummaries();
