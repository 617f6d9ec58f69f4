// The preview page: pick an output, show its pages with guides, its checks and downloads,
// and follow changes on disk by polling the server's cheap version endpoint.
"use strict";

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);
const state = { edition: "", layout: "", lang: "", message: "" };
let project = null;
let version = "";
let projectWarnings = [];
let requestSeq = 0;

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

function where(p) {
  return p.file + (p.key ? ": " + p.key : "");
}

function problemItem(p) {
  return el("li", {}, el("span", { class: "where", text: where(p) }), document.createTextNode(": " + p.message),
    p.hint ? el("div", { class: "hint", text: "Hint: " + p.hint }) : null);
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
    // keep an unknown choice visible, so the page can say what is wrong with it
    const o = el("option", { value, text: value + " (not available)" });
    o.selected = true;
    select.prepend(o);
  }
}

function fillChoices(adjust) {
  // adjust: the user changed one choice, so make the others fit it; otherwise keep what was asked
  // for, even if unknown, so the page can say what is wrong with it
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
  // errors in files stop outputs, so they stand above everything; warnings go with the checks
  const banner = $("banner");
  const errors = problems.filter((p) => p.severity === "error");
  projectWarnings = problems.filter((p) => p.severity !== "error");
  banner.replaceChildren();
  banner.hidden = !errors.length;
  if (errors.length) {
    banner.append(el("div", { class: "notice", id: "project-errors" },
      el("h3", { text: errors.length === 1 ? "A file has a problem" : `Files have ${errors.length} problems` }),
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
  $("downloads").replaceChildren(el("p", { class: "muted small", text: "Nothing to download yet." }));
  $("checks").replaceChildren();
  $("sizes").textContent = "";
  $("title").textContent = "";
}

function showOutputError(title, hint, problems, lastGood) {
  clearOutput();
  const n = $("notice");
  const parts = [el("h3", { text: title })];
  if (problems && problems.length) parts.push(el("ul", {}, ...problems.map(problemItem)));
  if (hint) parts.push(el("p", { class: "hint", text: hint }));
  n.replaceChildren(...parts);
  n.hidden = false;
  $("checks").replaceChildren(el("p", { class: "muted", text: "No checks: the output could not be made." }));
  if (lastGood) {
    // beside the error, what the output looked like before it broke: to look at, never to download
    showPages(lastGood);
    $("pages").prepend(el("p", { class: "notice small", id: "last-good", text: "Last good preview, from before the error above. The files as they are now do not make it; nothing can be downloaded until the error is fixed." }));
  }
}

function guides(g) {
  const svg = svgEl("svg", { viewBox: `0 0 ${g.media[0]} ${g.media[1]}`, preserveAspectRatio: "none", "aria-hidden": "true" });
  for (const kind of ["bleed", "trim", "safe"]) {
    const [x, y, w, h] = g[kind];
    if (kind === "bleed" && g.bleed_mm === 0) continue;
    svg.append(svgEl("rect", { class: kind, x, y, width: w, height: h }));
  }
  return svg;
}

function showPages(out) {
  const g = out.geometry;
  const pages = $("pages");
  const figures = out.pages.map((p, i) => {
    const img = el("img", { alt: `Preview of ${out.title}` + (out.pages.length > 1 ? `, page ${i + 1}` : "") });
    const sheet = el("div", { class: "sheet", "data-state": "loading" }, img, guides(g));
    sheet.style.setProperty("--ratio", `${g.media[0]} / ${g.media[1]}`);
    img.addEventListener("load", () => sheet.setAttribute("data-state", "loaded"));
    img.addEventListener("error", () => sheet.setAttribute("data-state", "failed"));
    img.src = p.preview;
    return el("figure", { class: "page" },
      out.pages.length > 1 ? el("p", { class: "page-name", text: `Page ${i + 1}: ${p.name}` }) : null, sheet);
  });
  pages.replaceChildren(...figures);
  const [tw, th] = [g.trim[2], g.trim[3]];
  $("sizes").textContent = out.size_px
    ? `${out.size_px[0]} × ${out.size_px[1]} px (screen), safe zone ${fmt(g.safe_mm)} mm inside the edge.`
    : `Trim ${fmt(tw)} × ${fmt(th)} mm, bleed ${fmt(g.bleed_mm)} mm, safe zone ${fmt(g.safe_mm)} mm inside trim.`;
}

function fmt(n) { return Number(n.toFixed(1)).toString(); }

function showChecks(checks, ran) {
  const box = $("checks");
  const errors = checks.filter((c) => c.severity === "error");
  const warnings = checks.filter((c) => c.severity !== "error");
  let summary;
  if (errors.length) summary = el("div", { class: "summary bad", text: `${errors.length} error${errors.length > 1 ? "s" : ""}` + (warnings.length ? `, ${warnings.length} warning${warnings.length > 1 ? "s" : ""}` : "") + ": not ready to print" });
  else if (warnings.length) summary = el("div", { class: "summary warn", text: `No errors; ${warnings.length} warning${warnings.length > 1 ? "s" : ""} to look at` });
  else summary = el("div", { class: "summary ok", text: ran.length ? `✓ All ${ran.length} checks passed` : "✓ All checks passed" });
  const items = [...errors, ...warnings].map((c) => el("div", { class: `finding ${c.severity === "error" ? "error" : "warning"}` },
    el("div", {}, el("span", { class: "sev", text: c.severity === "error" ? "Error" : "Warning" }), document.createTextNode(c.message)),
    c.hint ? el("div", { class: "hint", text: c.hint }) : null,
    el("div", { class: "meta", text: `check: ${c.check}` + (c.page ? ` · page ${c.page}` : "") })));
  box.replaceChildren(summary, ...items);
  if (ran.length) box.append(el("p", { class: "muted small", text: "Checked: " + ran.join(", ") + "." }));
  if (projectWarnings.length) {
    box.append(el("h2", { class: "sub", text: "Project" }), ...projectWarnings.map((p) => el("div", { class: "finding warning" },
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
  const { ok, body } = await getJSON("/api/output?" + q.toString());
  if (mine !== requestSeq) return; // a newer choice was made while this one was on its way
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
  showChecks(body.checks, body.checks_ran || []);
  showDownloads(body.downloads, body.downloads_withheld);
}

function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

async function refresh() {
  writeURL();
  if (project) await loadOutput();
}

// --- live reload -----------------------------------------------------------------------
async function poll() {
  const live = $("live");
  try {
    const r = await fetch("/api/version", { cache: "no-store" });
    const v = (await r.json()).version;
    live.className = "live on";
    if (v !== version) {
      const first = !version;
      if (await loadProject()) { writeURL(); await loadOutput(); }
      live.textContent = (first ? "Watching layouts and assets" : "Updated ") + (first ? "" : new Date().toLocaleTimeString());
    } else if (!live.textContent || live.textContent.startsWith("Connecting") || live.textContent.startsWith("Server")) {
      live.textContent = "Watching layouts and assets";
    }
  } catch (e) {
    live.className = "live off";
    live.textContent = "Server not reachable";
  }
  setTimeout(poll, POLL_MS);
}

// --- wiring ----------------------------------------------------------------------------
for (const key of Object.keys(state)) {
  $(key).addEventListener("change", (ev) => {
    state[key] = ev.target.value;
    if (project) fillChoices(true);
    refresh();
  });
}
for (const kind of ["trim", "bleed", "safe"]) {
  // guides are an overlay: toggling them never asks the server for anything
  $("guide-" + kind).addEventListener("change", (ev) => $("pages").classList.toggle("hide-" + kind, !ev.target.checked));
}

readURL();
poll();
