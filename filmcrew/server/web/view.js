// Drawing the job on the page: status line, progress list, versions, downloads, the list of films.
// Functions here only build DOM from data; app.js decides when.

import { ApiError } from "./api.js";
import { t } from "./i18n.js";

export const EXPORTS = ["film.mp4", "film.srt", "film.vtt", "timeline.otio", "timeline.edl", "script.fountain",
  "storyboard.png", "manifest.json"];

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** One line about the job: its status, shots done, time left, cost; why, when it failed. */
export function statusLine(job) {
  const parts = [t(`status.${job.status}`)];
  if (job.status === "running" && job.shots_total) {
    parts.push(t("status.shots", { done: job.shots_done, total: job.shots_total }));
  }
  if (job.status === "running" && job.eta_seconds) parts.push(t("status.eta", { s: Math.round(job.eta_seconds) }));
  if (job.cost_usd) parts.push(t("status.cost", { cost: job.cost_usd.toFixed(2) }));
  const line = parts.join(" · ");
  return job.status === "failed" || job.status === "cancelled" ? `${line}: ${cleanMessage(job.message)}` : line;
}

/** Hand `blob` to the browser as a download called `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The job's message as the page shows it: without the server's file paths (the page shows the
 * storyboard and the film itself). */
export function cleanMessage(message) {
  return (message || "").split("\n").filter((line) => !/^storyboard: /.test(line))
    .map((line) => line.replace(/ → \/\S.*$/, "")).join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

function stageName(stage) {
  const key = `stage.${stage}`;
  const name = t(key);
  return name === key ? stage : name;
}

function describe(event, shots) {
  switch (event.event) {
    case "shot":
      return t("event.shot", { k: shots, n: event.total, shot: event.shot }) + (event.cached ? ` ${t("event.cached")}` : "");
    case "scene":
      return t("event.scene", { k: event.scene, n: event.total });
    case "step":
      return t("event.step", { step: event.step, k: event.done, n: event.total });
    case "reference":
      return t("event.reference", { k: event.done, n: event.total, name: event.name });
    case "start":
      return t("event.start");
    case "done": case "info": case "warning":
      return String(event.detail ?? "");
    default:
      return null;
  }
}

/** The progress list: a row per stage with its latest news (shots counted per run), a row per warning. */
export function renderProgress(list, events) {
  const rows = new Map();
  const warnings = [];
  let shots = 0;
  for (const event of events) {
    if (event.event === "job" && event.status === "running") shots = 0; // a new run: approval, revision
    if (!event.stage) continue;
    if (event.event === "shot") shots += 1;
    const text = describe(event, shots);
    if (text === null) continue;
    if (event.event === "warning") {
      if (!warnings.some((w) => w.stage === event.stage && w.text === text)) warnings.push({ stage: event.stage, text });
      continue;
    }
    const row = rows.get(event.stage) || { stage: event.stage, text: "", done: false };
    row.text = text;
    row.done = event.event === "done" || (event.event === "shot" && shots === event.total);
    rows.set(event.stage, row);
  }
  const items = [...rows.values()].map((row) => el("li", { class: row.done ? "done" : "active", "data-stage": row.stage },
    el("span", { class: "stage" }, stageName(row.stage)), " ", el("span", { class: "detail" }, row.text)));
  items.push(...warnings.map((w) => el("li", { class: "warning", "data-stage": w.stage },
    el("span", { class: "stage" }, stageName(w.stage)), " ", el("span", { class: "detail" }, w.text))));
  list.replaceChildren(...items);
}

/** The versions list; `playing` is the version shown in the player. */
export function renderVersions(list, versions, playing, onPlay) {
  list.replaceChildren(...[...versions].reverse().map((v) => el("li", { "aria-current": v.n === playing ? "true" : null },
    el("button", { type: "button", class: "link", onclick: () => onPlay(v.n) }, t("result.play", { n: v.n })),
    " ", el("span", { class: "what" }, v.what), v.summary ? el("span", { class: "hint" }, ` — ${v.summary}`) : null)));
}

/** The download buttons of one version. */
export function renderDownloads(list, onDownload) {
  list.replaceChildren(...EXPORTS.map((name) => el("li", {},
    el("button", { type: "button", class: "link", "data-file": name, onclick: () => onDownload(name) },
      t(`download.${name}`)), " ", el("code", {}, name))));
}

/** The team's films, newest first. */
export function renderFilms(list, jobs, current, onOpen) {
  if (!jobs.length) {
    list.replaceChildren(el("li", { class: "hint" }, t("recent.empty")));
    return;
  }
  list.replaceChildren(...jobs.map((job) => el("li", { "aria-current": job.id === current ? "true" : null },
    el("button", { type: "button", class: "link", onclick: () => onOpen(job.id) }, t("recent.open")),
    " ", el("time", { datetime: new Date(job.created * 1000).toISOString() }, new Date(job.created * 1000).toLocaleString()),
    " · ", el("span", {}, t(`status.${job.status}`)), job.versions.length ? ` · v${job.versions.at(-1).n}` : "",
    " ", el("code", {}, job.id))));
}

/** What to tell the user about an error. */
export function errorText(error) {
  if (!(error instanceof ApiError)) return String(error.message || error);
  if (error.status === 401) return t("error.401");
  return error.status === 0 ? t("error.network") : t("error.other", { detail: error.detail });
}

/** A chat line: who said it and what. */
export function chatLine(who, text) {
  return el("li", { class: who }, el("strong", {}, t(who === "you" ? "chat.you" : "chat.crew")), " ",
    el("span", { class: "text" }, text));
}
