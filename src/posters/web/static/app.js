// The studio page: pick an output, see its pages with guides, checks and downloads, and work on the
// page: select, move, resize and nudge elements, edit copy in place, undo and redo. Every edit is sent
// to the server, which validates it like a build and writes the layout or copy file; the server pushes
// each change (from the studio or from a text editor) over an event stream.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { edition: "", layout: "", lang: "", message: "" };
const NUDGE_MM = 0.5, NUDGE_BIG_MM = 5, GRID_MM = 5, SNAP_PX = 6;
const PX_PER_MM_AT_100 = 96 / 25.4;
let project = null;
let version = "";
let projectWarnings = [];
let requestSeq = 0;
let current = null;      // the last output body shown (good or not)
let shownJob = "";       // the output whose pages are on screen
let plan = null;         // elements per page, from /api/plan
let selected = null;     // key path of the selected element
let zoom = "fit";
let sideBySide = false;
let firstLoad = true;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

async function getJSON(url) {
  const r = await fetch(url, { cache: "no-store" });
  let body = null;
  try { body = await r.json(); } catch (e) { body = { error: `the server answered ${r.status}`, hint: "" }; }
  return { ok: r.ok, status: r.status, body };
}

async function postJSON(url, data) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(data) });
  let body = null;
  try { body = await r.json(); } catch (e) { body = { error: `the server answered ${r.status}`, hint: "" }; }
  return { ok: r.ok, status: r.status, body };
}

function where(p) { return p.file + (p.key ? ": " + p.key : ""); }
function capital(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }
function fmt(n) { return Number(Number(n).toFixed(1)).toString(); }
function jobKey() { return [state.edition, state.layout, state.lang, state.message].join("/"); }

function sourceExcerpt(src) {
  // the offending line of the file, with a few lines around it
  if (!src) return null;
  const pre = el("pre", { class: "source", "aria-label": `${src.file}, around line ${src.line}` });
  for (const [n, text] of src.lines) {
    const row = el(n === src.line ? "mark" : "span", { class: "src-line" + (n === src.line ? " bad" : "") },
      el("span", { class: "ln", text: String(n).padStart(4) + "  " }), document.createTextNode(text + "\n"));
    pre.append(row);
  }
  return pre;
}

function problemItem(p) {
  return el("li", {}, el("span", { class: "where", text: where(p) }), document.createTextNode(": " + p.message),
    p.hint ? el("div", { class: "hint", text: "Hint: " + p.hint }) : null, sourceExcerpt(p.source));
}

// --- project and choices ---------------------------------------------------------------
function readURL() {
  const q = new URLSearchParams(location.search);
  for (const k of Object.keys(state)) state[k] = q.get(k) || "";
}

function writeURL() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v) q.set(k, v);
  history.replaceState(null, "", "?" + q.toString());
}

function langName(code) {
  return code.split("-").map((c) => (project.languages[c] || c)).join(" + ");
}

function fill(select, options, value) {
  select.replaceChildren();
  let found = false;
  for (const [v, label] of options) {
    const o = el("option", { value: v, text: label });
    if (v === value) { o.selected = true; found = true; }
    select.append(o);
  }
  if (!found && value) {
    const o = el("option", { value, text: value + " (not available)" });
    o.selected = true;
    select.prepend(o);
  }
}

function fillChoices(adjust) {
  if (!state.edition && project.editions.length) state.edition = project.editions[0].slug;
  if (!state.layout && project.layouts.length) state.layout = project.layouts[0].format;
  const ed = project.editions.find((e) => e.slug === state.edition);
  const lay = project.layouts.find((l) => l.format === state.layout);
  if (ed && (!state.lang || (adjust && !ed.languages.includes(state.lang)))) state.lang = ed.languages[0];
  if (lay && (!state.message || (adjust && !lay.messages.includes(state.message)))) state.message = lay.messages[0];
  fill($("edition"), project.editions.map((e) => [e.slug, e.name]), state.edition);
  fill($("layout"), project.layouts.map((l) => [l.format, `${l.name} (${l.profile})`]), state.layout);
  fill($("lang"), (ed ? ed.languages : []).map((c) => [c, langName(c)]), state.lang);
  fill($("message"), (lay ? lay.messages : []).map((m) => [m, project.messages[m] || m]), state.message);
}

function showBanner(problems) {
  const banner = $("banner");
  const errors = problems.filter((p) => p.severity === "error");
  projectWarnings = problems.filter((p) => p.severity !== "error");
  banner.replaceChildren();
  banner.hidden = !errors.length;
  if (errors.length) {
    banner.append(el("div", { class: "notice", id: "project-errors" },
      el("h2", { class: "notice-title", text: errors.length === 1 ? "A file has a problem" : `Files have ${errors.length} problems` }),
      el("ul", {}, ...errors.map(problemItem))));
  }
}

async function loadProject() {
  const { body } = await getJSON("/api/project");
  version = body.version;
  showBanner(body.problems || []);
  if (!body.ok) {
    project = null;
    showOutputError("The project could not be loaded", "Fix the problems listed above; the page updates by itself.");
    return false;
  }
  project = body;
  fillChoices(false);
  return true;
}

// --- the output ---------------------------------------------------------------------------
function clearOutput() {
  $("pages").replaceChildren();
  $("pages").classList.remove("stale");
  $("downloads").replaceChildren(el("p", { class: "muted small", text: "Nothing to download yet." }));
  $("checks").replaceChildren();
  $("sizes").textContent = "";
  plan = null;
}

function showOutputError(title, hint, problems, lastGood) {
  clearOutput();
  current = null;
  selected = null;
  $("inspector").replaceChildren(el("p", { class: "muted small", text: "Nothing to edit while the output cannot be made." }));
  const n = $("notice");
  const parts = [el("h3", { text: title })];
  if (problems && problems.length) parts.push(el("ul", {}, ...problems.map(problemItem)));
  if (hint) parts.push(el("p", { class: "hint", text: hint }));
  n.replaceChildren(...parts);
  n.hidden = false;
  $("checks").replaceChildren(el("p", { class: "muted", text: "No checks: the output could not be made." }));
  if (lastGood) {
    // beside the error, what the output looked like before it broke, dimmed: to look at, never to download
    showPages(lastGood, true);
    $("pages").classList.add("stale");
    $("pages").prepend(el("p", { class: "notice small", id: "last-good", text: "Last good preview, from before the error above (dimmed). The files as they are now do not make it; nothing can be downloaded until the error is fixed." }));
  }
}

function guides(g) {
  const svg = svgEl("svg", { class: "guides", viewBox: `0 0 ${g.media[0]} ${g.media[1]}`, preserveAspectRatio: "none", "aria-hidden": "true" });
  const [tx, ty, tw, th] = g.trim;
  const grid = svgEl("g", { class: "grid" });
  for (let x = GRID_MM; x < tw; x += GRID_MM) grid.append(svgEl("line", { x1: tx + x, y1: ty, x2: tx + x, y2: ty + th }));
  for (let y = GRID_MM; y < th; y += GRID_MM) grid.append(svgEl("line", { x1: tx, y1: ty + y, x2: tx + tw, y2: ty + y }));
  svg.append(grid);
  for (const kind of ["bleed", "trim", "safe"]) {
    const [x, y, w, h] = g[kind];
    if (kind === "bleed" && g.bleed_mm === 0) continue;
    svg.append(svgEl("rect", { class: kind, x, y, width: w, height: h }));
  }
  svg.append(svgEl("g", { class: "snaps" }));
  return svg;
}

function ruler(axis, g) {
  // mm from the trim's top-left corner, as the layout files measure
  const [mw, mh] = g.media;
  const [tx, ty, tw, th] = g.trim;
  const horizontal = axis === "x";
  const svg = svgEl("svg", { class: "ruler ruler-" + axis, viewBox: horizontal ? `0 0 ${mw} 8` : `0 0 8 ${mh}`, preserveAspectRatio: "none", "aria-hidden": "true" });
  const len = horizontal ? tw : th;
  const step = len > 600 ? 50 : 10;
  for (let v = 0; v <= len + 0.01; v += step) {
    const p = (horizontal ? tx : ty) + v;
    const big = v % (step * 5) === 0;
    svg.append(horizontal ? svgEl("line", { x1: p, x2: p, y1: big ? 0 : 4, y2: 8 }) : svgEl("line", { y1: p, y2: p, x1: big ? 0 : 4, x2: 8 }));
  }
  return svg;
}

function rulerLabels(axis, g) {
  const [mw, mh] = g.media;
  const [tx, ty, tw, th] = g.trim;
  const horizontal = axis === "x";
  const len = horizontal ? tw : th;
  const step = (len > 600 ? 50 : 10) * 5;
  const box = el("div", { class: "ruler-labels ruler-labels-" + axis, "aria-hidden": "true" });
  for (let v = 0; v <= len + 0.01; v += step) {
    const s = el("span", { text: String(v) });
    if (horizontal) s.style.left = `${((tx + v) / mw) * 100}%`;
    else s.style.top = `${((ty + v) / mh) * 100}%`;
    box.append(s);
  }
  return box;
}

function previewWidth(sheet) {
  // the smallest picture that is sharp at this zoom on this screen
  const need = sheet.getBoundingClientRect().width * (window.devicePixelRatio || 1);
  return need <= 700 ? 700 : need <= 1000 ? 1000 : 1400;
}

function sheetWidthPx(g) {
  if (zoom !== "fit") return g.media[0] * PX_PER_MM_AT_100 * (zoom === "200" ? 2 : 1);
  // fit: the whole sheet in view beside the rulers (on a phone, the width alone decides)
  const avail = Math.max(160, $("pages").clientWidth - 26);
  if (window.innerWidth <= 700) return avail;
  const tall = Math.max(200, window.innerHeight - 190) * (g.media[0] / g.media[1]);
  return Math.min(avail, tall);
}

function sizeSheet(sheet, g) {
  const w = sheetWidthPx(g);
  sheet.style.width = `${w}px`;
  sheet.closest(".frame").style.gridTemplateColumns = `22px ${w}px`;
}

function showPages(out, fresh) {
  const g = out.geometry;
  const pages = $("pages");
  pages.classList.remove("stale");
  const sameShape = !fresh && current && current.geometry && pages.children.length === out.pages.length &&
    JSON.stringify(current.geometry) === JSON.stringify(g) && shownJob === jobKey();
  if (sameShape) {
    // swap pictures in place once the new one has loaded, so the page never flashes
    out.pages.forEach((p, i) => {
      const sheet = pages.children[i].querySelector(".sheet");
      const img = sheet.querySelector("img");
      const next = new Image();
      const src = p.preview + "&w=" + previewWidth(sheet);
      next.onload = () => { img.src = src; sheet.setAttribute("data-state", "loaded"); };
      next.onerror = () => sheet.setAttribute("data-state", "failed");
      next.src = src;
    });
    return;
  }
  const figures = out.pages.map((p, i) => {
    const img = el("img", { alt: `Preview of ${out.title}` + (out.pages.length > 1 ? `, page ${i + 1}` : "") });
    const overlay = el("div", { class: "overlay", "data-page": String(i) });
    const sheet = el("div", { class: "sheet", "data-state": "loading", "data-page": String(i) }, img, guides(g), overlay);
    sheet.style.setProperty("--ratio", `${g.media[0]} / ${g.media[1]}`);
    img.addEventListener("load", () => sheet.setAttribute("data-state", "loaded"));
    img.addEventListener("error", () => sheet.setAttribute("data-state", "failed"));
    sheet.addEventListener("pointermove", (ev) => showCoords(ev, sheet, g));
    sheet.addEventListener("pointerleave", () => { $("coords").textContent = ""; });
    const frame = el("div", { class: "frame" + (zoom === "fit" ? "" : " zoomed") },
      el("div", { class: "corner", "aria-hidden": "true" }), el("div", { class: "rx" }, ruler("x", g), rulerLabels("x", g)),
      el("div", { class: "ry" }, ruler("y", g), rulerLabels("y", g)), sheet);
    return el("figure", { class: "page" },
      out.pages.length > 1 ? el("p", { class: "page-name", text: `Page ${i + 1}: ${p.name}` }) : null, frame);
  });
  pages.replaceChildren(...figures);
  for (const [i, p] of out.pages.entries()) {
    const sheet = pages.children[i].querySelector(".sheet");
    sizeSheet(sheet, g);
    sheet.querySelector("img").src = p.preview + "&w=" + previewWidth(sheet);
  }
  const [tw, th] = [g.trim[2], g.trim[3]];
  $("sizes").textContent = out.size_px
    ? `${out.size_px[0]} × ${out.size_px[1]} px (screen), safe zone ${fmt(g.safe_mm)} mm inside the edge.`
    : `Trim ${fmt(tw)} × ${fmt(th)} mm, bleed ${fmt(g.bleed_mm)} mm, safe zone ${fmt(g.safe_mm)} mm inside trim.`;
}

function pxPerMm(sheet) {
  return sheet.getBoundingClientRect().width / current.geometry.media[0];
}

function showCoords(ev, sheet, g) {
  const r = sheet.getBoundingClientRect();
  const k = r.width / g.media[0];
  const x = (ev.clientX - r.left) / k - g.trim[0];
  const y = (ev.clientY - r.top) / k - g.trim[1];
  $("coords").textContent = `x ${fmt(x)} mm, y ${fmt(y)} mm`;
}

// the checks' names come from the server, in the words every report uses
function checkName(id) { return capital((project && project.check_names && project.check_names[id]) || id.replace(/-/g, " ")); }

function showChecks(checks, ran, pending) {
  const box = $("checks");
  const errors = checks.filter((c) => c.severity === "error");
  const warnings = checks.filter((c) => c.severity !== "error");
  let summary;
  if (pending) summary = el("div", { class: "summary warn", text: "Checking…" });
  else if (errors.length) summary = el("div", { class: "summary bad", text: `${errors.length} error${errors.length > 1 ? "s" : ""}` + (warnings.length ? `, ${warnings.length} warning${warnings.length > 1 ? "s" : ""}` : "") + ": not ready to print" });
  else if (warnings.length) summary = el("div", { class: "summary warn", text: `No errors; ${warnings.length} warning${warnings.length > 1 ? "s" : ""} to look at` });
  else summary = el("div", { class: "summary ok", text: ran.length ? `✓ All ${ran.length} checks passed` : "✓ All checks passed" });
  const items = [...errors, ...warnings].map((c) => el("div", { class: `finding ${c.severity === "error" ? "error" : "warning"}` },
    el("div", {}, el("span", { class: "sev", text: c.severity === "error" ? "Error" : "Warning" }), document.createTextNode(c.message)),
    c.hint ? el("div", { class: "hint", text: c.hint }) : null,
    el("div", { class: "meta", text: checkName(c.check) + (c.page ? ` · page ${c.page}` : "") })));
  box.replaceChildren(summary, ...items);
  if (ran.length) box.append(el("p", { class: "muted small", text: "Checked: " + ran.map(checkName).join(", ") + "." }));
  if (projectWarnings.length) {
    box.append(el("h3", { class: "sub", text: "Project" }), ...projectWarnings.map((p) => el("div", { class: "finding warning" },
      el("div", {}, el("span", { class: "sev", text: "Warning" }), document.createTextNode(p.message)),
      p.hint ? el("div", { class: "hint", text: p.hint }) : null,
      el("div", { class: "meta", text: where(p) }))));
  }
}

function showDownloads(list, withheld) {
  const box = $("downloads");
  if (!list.length && withheld) {
    box.replaceChildren(el("p", { class: "notice small", id: "withheld", text: capital(withheld) }));
    return;
  }
  box.replaceChildren(...list.map((d) => el("a", { class: "button" + (d.kind === "pack" ? " secondary" : ""), href: d.url, download: d.file, "data-kind": d.kind },
    document.createTextNode(d.kind === "pack" ? "Force pack (zip)" : `Download ${d.label}`), el("span", { text: d.file }))));
}

async function loadOutput() {
  const q = new URLSearchParams(state);
  const mine = ++requestSeq;
  const [{ ok, body }, planned] = await Promise.all([getJSON("/api/output?" + q.toString()), getJSON("/api/plan?" + q.toString())]);
  if (mine !== requestSeq) return;
  $("notice").hidden = true;
  if (!ok) {
    showOutputError(body.error ? capital(body.error) : "This output cannot be shown", body.hint ? capital(body.hint) : "", body.problems, body.last_good);
    return;
  }
  $("title").textContent = body.title;
  if (body.problems.length) {
    showOutputError("This output cannot be made", "Fix the file named below; the page updates by itself.", body.problems, body.last_good);
    return;
  }
  showPages(body);
  current = body;
  shownJob = jobKey();
  plan = planned.ok ? planned.body.pages : null;
  drawElements();
  showChecks(body.checks, body.checks_ran || [], body.checks_pending);
  showDownloads(body.downloads, body.downloads_withheld);
  if (sideBySide) showSide();
}

async function reloadChecks() {
  const q = new URLSearchParams(state);
  let ok, body;
  try { ({ ok, body } = await getJSON("/api/output?" + q.toString())); } catch (e) { return; }
  if (!ok || body.problems.length || body.version !== version || !current) return;
  current.checks = body.checks;
  showChecks(body.checks, body.checks_ran || [], body.checks_pending);
  showDownloads(body.downloads, body.downloads_withheld);
  drawFlags();
}

// --- elements on the page -------------------------------------------------------------------
function boxStyle(node, box) {
  const g = current.geometry;
  const [mw, mh] = g.media;
  node.style.left = `${((g.trim[0] + box[0]) / mw) * 100}%`;
  node.style.top = `${((g.trim[1] + box[1]) / mh) * 100}%`;
  node.style.width = `${(box[2] / mw) * 100}%`;
  node.style.height = `${(box[3] / mh) * 100}%`;
}

function findElement(key) {
  if (!plan) return null;
  for (const [i, page] of plan.entries()) for (const e of page) if (e.key === key) return { page: i, e };
  return null;
}

function drawElements() {
  if (!plan || !current) return;
  document.querySelectorAll(".overlay").forEach((overlay) => {
    const i = Number(overlay.dataset.page);
    const items = (plan[i] || []).filter((e) => e.movable);
    // smaller boxes on top, so a line of text inside a coloured band can be picked
    const order = [...items].sort((a, b) => b.box_mm[2] * b.box_mm[3] - a.box_mm[2] * a.box_mm[3]);
    overlay.replaceChildren(...order.map((e, z) => {
      const b = el("div", { class: "el" + (e.promise ? " promise" : "") + (e.key === selected ? " selected" : ""), tabindex: "0", role: "button",
        "data-key": e.key, "data-kind": e.kind, "aria-label": `${capital(e.what)}, ${e.key}` + (e.promise ? ", carries the helpline promise" : ""),
        "aria-pressed": e.key === selected ? "true" : "false" });
      b.style.zIndex = String(10 + z);
      boxStyle(b, e.box_mm);
      b.append(el("span", { class: "handle", "data-handle": "se", "aria-hidden": "true" }));
      wireElement(b, e);
      return b;
    }));
  });
  drawFlags();
  showInspector();
}

function drawFlags() {
  // each finding that names an element is drawn at it, with its message and hint
  document.querySelectorAll(".flags").forEach((f) => f.remove());
  if (!current || !plan) return;
  document.querySelectorAll(".sheet").forEach((sheet) => {
    const i = Number(sheet.dataset.page);
    const layer = el("div", { class: "flags" });
    for (const c of current.checks || []) {
      if (!c.key || (c.page && c.page !== i + 1)) continue;
      const found = (plan[i] || []).find((e) => e.key === c.key);
      if (!found) continue;
      const f = el("div", { class: "flag " + (c.severity === "error" ? "error" : "warning"), role: "note", "data-key": c.key },
        el("strong", { text: (c.severity === "error" ? "Error: " : "Warning: ") }), document.createTextNode(c.message),
        c.hint ? el("span", { class: "flag-hint", text: " " + capital(c.hint) }) : null);
      const g = current.geometry;
      f.style.left = `${((g.trim[0] + found.box_mm[0]) / g.media[0]) * 100}%`;
      f.style.top = `${((g.trim[1] + found.box_mm[1] + found.box_mm[3]) / g.media[1]) * 100}%`;
      layer.append(f);
    }
    sheet.append(layer);
  });
}

function select(key, focus) {
  selected = key;
  document.querySelectorAll(".overlay .el").forEach((n) => {
    const on = n.dataset.key === key;
    n.classList.toggle("selected", on);
    n.setAttribute("aria-pressed", on ? "true" : "false");
    if (on && focus) n.focus();
  });
  showInspector();
}

function row(label, value) {
  return [el("dt", { text: label }), el("dd", {}, typeof value === "string" ? document.createTextNode(value) : value)];
}

function showInspector() {
  const box = $("inspector");
  const found = selected && findElement(selected);
  if (!found) {
    if (selected) selected = null;
    return;
  }
  const e = found.e;
  const dl = el("dl", { class: "props" });
  dl.append(...row("Type", `${e.kind} (${e.what})`), ...row("File", e.file), ...row("Key path", e.key),
    ...row("Line", e.line ? String(e.line) + (e.box_line ? ` (box_mm on line ${e.box_line})` : "") : "—"));
  const form = el("form", { class: "boxform", "aria-label": "Box in mm" });
  ["x", "y", "width", "height"].forEach((name, i) => {
    const id = "box-" + name;
    form.append(el("label", { for: id, text: capital(name) + " (mm)" }), el("input", { id, type: "number", step: "0.5", value: fmt(e.box_mm[i]), "data-i": String(i) }));
  });
  form.append(el("button", { type: "submit", text: "Apply box" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const box = [...form.querySelectorAll("input")].map((n) => Number(n.value));
    sendBox(e.key, box);
  });
  dl.append(...row("Box", `${fmt(e.box_mm[0])}, ${fmt(e.box_mm[1])} mm; ${fmt(e.box_mm[2])} × ${fmt(e.box_mm[3])} mm`));
  if (e.style) {
    const s = e.style;
    dl.append(...row("Style", `${s.name}: ${s.font}, ${fmt(s.size_pt)} pt (at least ${fmt(s.min_size_pt)} pt)` + (s.set_pt ? `, set at ${fmt(s.set_pt)} pt` : "") + `, colour ${s.colour}`));
  }
  if (e.master) dl.append(...row("From", e.master));
  const parts = [el("h3", { class: "what", text: capital(e.what) }), dl];
  if (e.promise) parts.push(el("p", { class: "promise-note", text: "Carries the campaign's promise: it can be moved and resized, never deleted, shrunk below its minimum or covered." }));
  if (e.copy) {
    parts.push(el("p", { class: "small" }, el("strong", { text: `Copy (${e.copy.lang}, ${e.copy.key}): ` }), document.createTextNode(e.copy.text)));
    const editBtn = el("button", { type: "button", text: "Edit words" });
    editBtn.addEventListener("click", () => editCopy(e));
    parts.push(editBtn);
  }
  parts.push(form);
  const del = el("button", { type: "button", class: "danger", text: "Delete element" });
  del.addEventListener("click", () => sendEdit({ op: "delete", key: e.key }));
  parts.push(del);
  box.replaceChildren(...parts);
}

// --- moving and resizing ------------------------------------------------------------------
function snapTargets(key) {
  const g = current.geometry;
  const [tw, th] = [g.trim[2], g.trim[3]];
  const s = g.safe_mm;
  const xs = [0, tw, s, tw - s, tw / 2], ys = [0, th, s, th - s, th / 2];
  const found = findElement(key);
  for (const e of plan[found ? found.page : 0] || []) {
    if (e.key === key || !e.movable) continue;
    const [x, y, w, h] = e.box_mm;
    xs.push(x, x + w, x + w / 2);
    ys.push(y, y + h, y + h / 2);
  }
  return { xs, ys };
}

function snapAxis(edges, targets, tol) {
  // the smallest shift that puts one of the box's edges (or centre) on a target, else the grid
  let best = null;
  for (const edge of edges) for (const t of targets) {
    const d = t - edge;
    if (Math.abs(d) <= tol && (best === null || Math.abs(d) < Math.abs(best.d))) best = { d, at: t };
  }
  if (best) return best;
  if ($("guide-grid").checked) {
    const d = Math.round(edges[0] / GRID_MM) * GRID_MM - edges[0];
    if (Math.abs(d) <= tol) return { d, at: edges[0] + d };
  }
  return { d: 0, at: null };
}

function showSnaps(sheet, xs, ys) {
  const g = current.geometry;
  const layer = sheet.querySelector(".snaps");
  if (!layer) return;
  layer.replaceChildren();
  for (const x of xs) if (x !== null) layer.append(svgEl("line", { x1: g.trim[0] + x, x2: g.trim[0] + x, y1: 0, y2: g.media[1] }));
  for (const y of ys) if (y !== null) layer.append(svgEl("line", { y1: g.trim[1] + y, y2: g.trim[1] + y, x1: 0, x2: g.media[0] }));
}

function wireElement(node, e) {
  node.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    select(e.key, true);
    const sheet = node.closest(".sheet");
    const k = pxPerMm(sheet);
    const resize = ev.target.dataset.handle === "se";
    const start = { x: ev.clientX, y: ev.clientY };
    const b0 = [...e.box_mm];
    let box = [...b0];
    let moved = false;
    const targets = snapTargets(e.key);
    const tol = SNAP_PX / k;
    node.setPointerCapture(ev.pointerId);
    const move = (m) => {
      const dx = (m.clientX - start.x) / k, dy = (m.clientY - start.y) / k;
      if (Math.abs(m.clientX - start.x) + Math.abs(m.clientY - start.y) > 2) moved = true;
      if (!moved) return;
      if (resize) {
        const r = b0[0] + Math.max(1, b0[2] + dx), btm = b0[1] + Math.max(1, b0[3] + dy);
        const sx = snapAxis([r], targets.xs, tol), sy = snapAxis([btm], targets.ys, tol);
        box = [b0[0], b0[1], r + sx.d - b0[0], btm + sy.d - b0[1]];
        showSnaps(sheet, [sx.at], [sy.at]);
      } else {
        const x = b0[0] + dx, y = b0[1] + dy;
        const sx = snapAxis([x, x + b0[2], x + b0[2] / 2], targets.xs, tol);
        const sy = snapAxis([y, y + b0[3], y + b0[3] / 2], targets.ys, tol);
        box = [x + sx.d, y + sy.d, b0[2], b0[3]];
        showSnaps(sheet, [sx.at], [sy.at]);
      }
      boxStyle(node, box);
      $("coords").textContent = `x ${fmt(box[0])} mm, y ${fmt(box[1])} mm, ${fmt(box[2])} × ${fmt(box[3])} mm`;
    };
    const up = () => {
      node.removeEventListener("pointermove", move);
      node.removeEventListener("pointerup", up);
      node.removeEventListener("pointercancel", up);
      showSnaps(sheet, [], []);
      if (moved) sendBox(e.key, box.map((v) => Math.round(v * 10) / 10), node, b0);
    };
    node.addEventListener("pointermove", move);
    node.addEventListener("pointerup", up);
    node.addEventListener("pointercancel", up);
  });
  node.addEventListener("dblclick", () => { if (e.copy) editCopy(e); });
  node.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      if (selected === e.key && e.copy) editCopy(e);
      else select(e.key, true);
      return;
    }
    if (ev.key === "F2" && e.copy) { ev.preventDefault(); editCopy(e); return; }
    if (ev.key === "Escape") { select(null); return; }
    if (ev.key === "Delete" || ev.key === "Backspace") { ev.preventDefault(); sendEdit({ op: "delete", key: e.key }); return; }
    const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const d = dirs[ev.key];
    if (!d) return;
    ev.preventDefault();
    if (selected !== e.key) select(e.key, true);
    nudge(e, node, d, ev.shiftKey ? NUDGE_BIG_MM : NUDGE_MM, ev.altKey);
  });
}

let nudgeTimer = null;
let nudgeBox = null;
function nudge(e, node, [dx, dy], step, resize) {
  // arrow presses in a row are sent as one edit, a moment after the last one
  const b = nudgeBox && nudgeBox.key === e.key ? nudgeBox.box : [...e.box_mm];
  const box = resize ? [b[0], b[1], Math.max(1, b[2] + dx * step), Math.max(1, b[3] + dy * step)] : [b[0] + dx * step, b[1] + dy * step, b[2], b[3]];
  nudgeBox = { key: e.key, box: box.map((v) => Math.round(v * 10) / 10), from: nudgeBox && nudgeBox.key === e.key ? nudgeBox.from : [...e.box_mm] };
  boxStyle(node, nudgeBox.box);
  $("coords").textContent = `x ${fmt(box[0])} mm, y ${fmt(box[1])} mm, ${fmt(box[2])} × ${fmt(box[3])} mm`;
  clearTimeout(nudgeTimer);
  nudgeTimer = setTimeout(() => {
    const n = nudgeBox;
    nudgeBox = null;
    sendBox(n.key, n.box, node, n.from);
  }, 250);
}

function sendBox(key, box, node, before) {
  return sendEdit({ op: "box", key, box_mm: box }, () => { if (node && before) boxStyle(node, before); });
}

async function sendEdit(edit, onRefused) {
  try {
    const { ok, body } = await postJSON("/api/edit", { ...state, ...edit });
    afterEdit(ok, body, onRefused);
  } catch (e) {
    afterEdit(false, { error: "the server could not be reached; nothing was changed", hint: "is posters serve still running?" }, onRefused);
  }
}

function afterEdit(ok, body, onRefused) {
  const r = $("refusal");
  if (!ok) {
    r.replaceChildren(el("h3", { text: "Not changed" }), el("p", { text: capital(body.error || "the edit was refused") }),
      body.hint ? el("p", { class: "hint", text: "Hint: " + capital(body.hint) }) : null);
    r.hidden = false;
    if (onRefused) onRefused();
    return;
  }
  r.hidden = true;
  $("undo").disabled = !body.undo;
  $("redo").disabled = !body.redo;
  // the event stream brings the new picture; nothing else to do here
}

async function undoRedo(which) {
  try {
    const { ok, body } = await postJSON("/api/" + which, {});
    afterEdit(ok, body);
  } catch (e) {
    afterEdit(false, { error: "the server could not be reached; nothing was changed", hint: "is posters serve still running?" });
  }
}

// --- editing copy in place --------------------------------------------------------------
function editCopy(e) {
  const found = findElement(e.key);
  const sheet = document.querySelector(`.sheet[data-page="${found.page}"]`);
  if (!sheet || sheet.querySelector(".copy-editor")) return;
  const form = el("form", { class: "copy-editor" });
  const id = "copy-text";
  const area = el("textarea", { id, "aria-label": `Words of ${e.copy.key} in ${e.copy.lang} (${e.copy.file}); Enter saves, Escape cancels` });
  area.value = e.copy.text;
  form.append(area, el("div", { class: "copy-actions" }, el("button", { type: "submit", text: "Save" }), el("button", { type: "button", class: "cancel", text: "Cancel" })));
  boxStyle(form, e.box_mm);
  const close = () => { form.remove(); select(e.key, true); };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = area.value;
    form.remove();
    await sendEdit({ op: "copy", key: e.key, copy_lang: e.copy.lang, text });
    select(e.key, true);
  });
  form.querySelector(".cancel").addEventListener("click", close);
  area.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { ev.preventDefault(); close(); }
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  sheet.append(form);
  area.focus();
  area.select();
}

// --- side by side ---------------------------------------------------------------------------
function showSide() {
  // the same design in every language of the edition, and the current language in the other sizes
  const side = $("side");
  if (!project || !sideBySide) { side.hidden = true; return; }
  const ed = project.editions.find((e) => e.slug === state.edition);
  const lay = project.layouts.find((l) => l.format === state.layout);
  if (!ed || !lay) return;
  const items = ed.languages.filter((l) => l !== state.lang).map((lang) => ({ ...state, lang, label: langName(lang) }));
  for (const other of project.layouts) {
    if (other.format === state.layout || other.profile !== lay.profile) continue;
    items.push({ ...state, layout: other.format, message: other.messages.includes(state.message) ? state.message : other.messages[0], label: other.name });
  }
  side.replaceChildren(el("h2", { text: "Side by side" }), el("div", { class: "thumbs" }, ...items.map((it) => {
    const q = new URLSearchParams({ edition: it.edition, layout: it.layout, lang: it.lang, message: it.message });
    const img = el("img", { alt: `${it.label}: preview`, loading: "lazy" });
    const fig = el("figure", { class: "thumb" }, img, el("figcaption", {}, el("a", { href: "?" + q.toString(), text: it.label })));
    img.addEventListener("error", () => fig.classList.add("failed"));
    img.src = `/preview?${q.toString()}&page=0&w=700&v=${version}`;
    return fig;
  })));
  side.hidden = false;
}

// --- zoom -------------------------------------------------------------------------------------
function setZoom(z) {
  zoom = z;
  for (const [id, v] of [["zoom-fit", "fit"], ["zoom-100", "100"], ["zoom-200", "200"]]) $(id).setAttribute("aria-pressed", String(v === z));
  if (!current || !current.geometry) return;
  document.querySelectorAll(".sheet").forEach((s) => {
    sizeSheet(s, current.geometry);
    s.closest(".frame").classList.toggle("zoomed", z !== "fit");
  });
  const img = document.querySelector(".sheet img");
  if (img && current.pages[0]) {
    document.querySelectorAll(".sheet").forEach((s, i) => { s.querySelector("img").src = current.pages[i].preview + "&w=" + previewWidth(s); });
  }
}

// --- live updates -------------------------------------------------------------------------
async function refresh() {
  writeURL();
  if (project) {
    await loadOutput();
    // after the output is on screen, once per layout chosen or newly changed: a studio edit is not
    // held up by making other cases (the panel's button tries them again)
    if (hardestFor !== state.layout || (hardestOf(state.layout).length && $("hardest").hidden)) showHardest().catch(() => {});
  }
}

// --- a new or changed layout: its hardest cases first, as `posters build -l NEW` ------------
let hardestNote = "";    // said once, when the chooser jumped to the hardest case
let hardestFor = null;   // the layout the hardest-case panel was made for

function hardestOf(format) {
  const lay = project && project.layouts.find((l) => l.format === format);
  return lay && lay.hardest ? lay.hardest : [];
}

function jumpToHardest() {
  // a layout added or changed since the server started opens on its hardest case
  const [first] = hardestOf(state.layout);
  if (!first) return;
  Object.assign(state, { edition: first.job.edition, lang: first.job.lang, message: first.job.message });
  fillChoices(false);
  hardestNote = `Showing the hardest case first: ${first.label} (${first.why}).`;
}

async function showHardest() {
  const box = $("hardest");
  const format = state.layout;
  hardestFor = format;
  if (!hardestOf(format).length) {
    box.hidden = true;
    hardestNote = "";
    return;
  }
  box.hidden = false;
  box.replaceChildren(el("p", { text: (hardestNote ? hardestNote + " " : "") + "Trying this layout's hardest cases…" }));
  const { ok, body } = await getJSON("/api/hardest?" + new URLSearchParams({ layout: format }).toString());
  if (!ok || format !== state.layout) return;
  const items = body.cases.map((c) => {
    const show = el("button", { type: "button", class: "link", text: "Show it" });
    show.addEventListener("click", () => {
      Object.assign(state, c.job);
      fillChoices(false);
      refresh().catch(() => {});
    });
    return el("li", { class: c.ok ? "ok" : "bad" }, document.createTextNode(`Hardest case ${c.label} (${c.why}): ${c.verdict} `), show);
  });
  const again = el("button", { type: "button", text: "Try them again" });
  again.addEventListener("click", () => showHardest().catch(() => {}));
  box.replaceChildren(...(hardestNote ? [el("p", { text: hardestNote })] : []), el("ul", {}, ...items), again);
}

async function onChanged(data, projectToo) {
  try {
    await followChange(data, projectToo);
  } catch (e) {
    // the server went away mid-request; the event stream says so and reconnects by itself
    $("live").className = "live off";
    $("live").textContent = "Server not reachable";
  }
}

async function followChange(data, projectToo) {
  if (data.version && data.version === version && !firstLoad) return;
  const first = firstLoad;
  firstLoad = false;
  if (projectToo || !project) {
    if (!(await loadProject())) return;
  } else {
    version = data.version;
    prefetch(data);
  }
  writeURL();
  await loadOutput();
  $("live").textContent = first ? "Watching layouts and assets" : "Updated " + new Date().toLocaleTimeString();
}

function prefetch(data) {
  // an edit of the output on screen: ask for its new picture at once, beside the output's JSON
  if (!current || !data.job || shownJob !== [data.job.edition, data.job.layout, data.job.lang, data.job.message].join("/")) return;
  document.querySelectorAll(".sheet").forEach((sheet, i) => {
    const p = current.pages[i];
    if (p) new Image().src = p.preview.replace(/([?&]v=)[^&]*/, "$1" + data.version) + "&w=" + previewWidth(sheet);
  });
}

function connect() {
  const live = $("live");
  const events = new EventSource("/api/events");
  events.addEventListener("hello", (ev) => {
    live.className = "live on";
    const data = JSON.parse(ev.data);
    if (firstLoad || data.version !== version) onChanged(data, true);
    else if (!live.textContent || live.textContent.startsWith("Connecting") || live.textContent.startsWith("Server")) live.textContent = "Watching layouts and assets";
  });
  events.addEventListener("update", (ev) => onChanged(JSON.parse(ev.data), false));
  events.addEventListener("changed", (ev) => onChanged(JSON.parse(ev.data), true));
  events.addEventListener("checks", (ev) => { const d = JSON.parse(ev.data); if (d.version === version) reloadChecks(); });
  events.onerror = () => {
    live.className = "live off";
    live.textContent = "Server not reachable";
  };
}

// --- wiring ----------------------------------------------------------------------------
for (const key of Object.keys(state)) {
  $(key).addEventListener("change", (ev) => {
    state[key] = ev.target.value;
    if (project) fillChoices(true);
    hardestNote = "";
    if (project && key === "layout") jumpToHardest();
    selected = null;
    refresh().catch(() => {});
  });
}
for (const kind of ["trim", "bleed", "safe", "grid", "flags"]) {
  $("guide-" + kind).addEventListener("change", (ev) => $("pages").classList.toggle((kind === "grid" || kind === "flags" ? "show-" : "hide-") + kind, kind === "grid" || kind === "flags" ? ev.target.checked : !ev.target.checked));
}
$("pages").classList.add("show-flags");
$("zoom-fit").addEventListener("click", () => setZoom("fit"));
$("zoom-100").addEventListener("click", () => setZoom("100"));
$("zoom-200").addEventListener("click", () => setZoom("200"));
$("undo").addEventListener("click", () => undoRedo("undo"));
$("redo").addEventListener("click", () => undoRedo("redo"));
$("side-toggle").addEventListener("click", (ev) => {
  sideBySide = !sideBySide;
  ev.target.setAttribute("aria-pressed", String(sideBySide));
  if (sideBySide) showSide(); else $("side").hidden = true;
});
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (current && current.geometry && zoom === "fit") setZoom("fit"); }, 150);
});
document.addEventListener("keydown", (ev) => {
  const typing = ev.target.closest && ev.target.closest("input, textarea, select");
  if (typing || !(ev.ctrlKey || ev.metaKey)) return;
  if (ev.key.toLowerCase() === "z") { ev.preventDefault(); undoRedo(ev.shiftKey ? "redo" : "undo"); }
  else if (ev.key.toLowerCase() === "y") { ev.preventDefault(); undoRedo("redo"); }
});
fetch("/api/history", { cache: "no-store" }).then((r) => r.json()).then((h) => { $("undo").disabled = !h.undo.length; $("redo").disabled = !h.redo.length; }).catch(() => {});

// a failed promise is a bug like any other: report it where errors are reported, never swallow it
window.addEventListener("unhandledrejection", (ev) => { throw ev.reason; });

readURL();
connect();
