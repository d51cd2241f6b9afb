// The page's behaviour: make a film, follow its events, approve its gates, play its versions, chat.

import { ACTIVE, Api, ApiError } from "./api.js";
import { initialLanguage, setLanguage, t } from "./i18n.js";
import * as view from "./view.js";

const $ = (id) => document.getElementById(id);
const DURATIONS = [8, 15, 30, 60, 120, 300];

const api = new Api(() => $("key").value.trim());
const state = {
  job: null, // the job shown, as GET /v1/films/{id} last gave it
  events: [], // the job's events, as its stream replays them
  follow: null, // AbortController of the stream and poll following the job
  playing: null, // the version in the player
  latest: null, // the newest version, played when it arrives
  shownGate: null, // which gate's preview is loaded ("id:gate:updated")
  awaitingReply: false, // a chat message was sent; its answer goes to the chat log
  chat: [], // [who, text] lines
  films: [],
  urls: {}, // blob: URLs by slot, revoked when replaced
};

function blobUrl(slot, blob) {
  if (state.urls[slot]) URL.revokeObjectURL(state.urls[slot]);
  state.urls[slot] = blob ? URL.createObjectURL(blob) : null;
  return state.urls[slot];
}

function showError(error) {
  const box = $("error");
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  if (error.name === "AbortError") return;
  box.textContent = view.errorText(error);
  box.hidden = false;
}

async function attempt(action) {
  try {
    showError(null);
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}

// ---- following a job -------------------------------------------------------------------------------

function onEvent(event) {
  if (event.event === "end") return;
  state.events.push(event);
  view.renderProgress($("progress"), state.events);
}

/** Follow the job (one at a time) until it stops or waits at a gate. */
async function follow(id) {
  state.follow?.abort();
  const control = new AbortController();
  state.follow = control;
  try {
    await api.follow(id, { signal: control.signal, onJob: show, onEvent,
      onReplay: () => { state.events = []; } });
  } catch (error) {
    if (!control.signal.aborted) showError(error);
  }
}

// ---- showing a job ----------------------------------------------------------------------------------

function show(job) {
  const changedJob = state.job?.id !== job.id;
  state.job = job;
  $("job").hidden = false;
  $("status").textContent = view.statusLine(job);
  $("status").dataset.status = job.status;
  $("cancel").hidden = !(ACTIVE.includes(job.status) || job.status === "waiting");
  const settled = !ACTIVE.includes(job.status);

  const atGate = job.status === "waiting";
  $("gate").hidden = !atGate;
  if (atGate) {
    $("gate-title").textContent = t(`gate.${job.gate}`);
    $("gate-text").textContent = view.cleanMessage(job.message);
    loadPreview(job);
  }

  $("result").hidden = atGate || !job.versions.length;
  if (job.versions.length) {
    const latest = job.versions.at(-1).n;
    if (changedJob || (job.status === "done" && state.latest !== latest)) {
      state.latest = latest;
      play(latest);
    } else {
      drawVersions();
    }
  }

  $("chat-box").hidden = !(atGate || job.versions.length);
  for (const control of $("chat").elements) control.disabled = !settled || job.status === "cancelled";
  $("approve").disabled = !atGate;
  if (settled && state.awaitingReply) {
    state.awaitingReply = false;
    say("crew", view.cleanMessage(job.message));
  }
  if (job.status === "failed") showError(new Error(job.message));
}

async function loadPreview(job) {
  const key = `${job.id}:${job.gate}:${job.updated}`;
  if (state.shownGate === key) return;
  state.shownGate = key;
  $("preview-box").hidden = true;
  if (job.gate !== "shots") return;
  try {
    const blob = await api.file(job.id, "storyboard-preview.png");
    if (state.shownGate !== key) return;
    $("preview").src = blobUrl("preview", blob);
    $("preview-box").hidden = false;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) showError(error);
  }
}

/** Put version `n` in the player, with its storyboard and downloads. */
async function play(n) {
  const job = state.job;
  state.playing = n;
  drawVersions();
  drawPlaying();
  view.renderDownloads($("downloads"), (name) => attempt(() => download(job.id, n, name)));
  await attempt(async () => {
    const [film, board] = await Promise.all([api.file(job.id, "film.mp4", n),
      api.file(job.id, "storyboard.png", n).catch(() => null)]);
    if (state.job?.id !== job.id || state.playing !== n) return;
    $("player").src = blobUrl("film", film);
    $("storyboard").src = board ? blobUrl("storyboard", board) : "";
    $("storyboard-box").hidden = !board;
  });
}

async function download(id, n, name) {
  view.saveBlob(await api.file(id, name, n), name);
}

function drawVersions() {
  if (state.job) view.renderVersions($("versions"), state.job.versions, state.playing, play);
}

function drawPlaying() {
  const version = state.job?.versions.find((v) => v.n === state.playing);
  $("playing").textContent = version ? t("result.playing", { n: version.n, what: version.what }) : "";
}

function drawChat() {
  $("chat-log").replaceChildren(...state.chat.map(([who, text]) => view.chatLine(who, text)));
}

function say(who, text) { // one more chat line (appended, so that screen readers read just it)
  state.chat.push([who, text]);
  $("chat-log").append(view.chatLine(who, text));
}

async function open(id) {
  state.follow?.abort();
  Object.assign(state, { job: null, events: [], playing: null, latest: null, shownGate: null, chat: [],
    awaitingReply: false });
  drawChat();
  $("progress").replaceChildren();
  $("player").removeAttribute("src");
  if (location.hash !== `#${id}`) history.replaceState(null, "", `#${id}`);
  await follow(id);
}

async function loadFilms() {
  if (!api.key()) return;
  const page = await attempt(() => api.list());
  if (page) {
    state.films = page.items;
    view.renderFilms($("films"), state.films, state.job?.id, open);
  }
}

// ---- the controls -------------------------------------------------------------------------------------

function brief() {
  const form = $("brief");
  const value = (name) => form.elements[name].value.trim();
  const body = { idea: value("idea"), duration: Number(value("duration")), aspect: value("aspect"),
    language: value("language"), gates: form.elements.gates.checked, fps: Number(value("fps") || 24) };
  for (const name of ["resolution", "voice", "style"]) if (value(name)) body[name] = value(name);
  return body;
}

async function make(event) {
  event.preventDefault();
  if (!api.key()) {
    showError(new Error(t("key.missing")));
    $("key").focus();
    return;
  }
  $("make").disabled = true;
  const job = await attempt(() => api.submit(brief()));
  $("make").disabled = false;
  if (job) {
    open(job.id).then(loadFilms);
    loadFilms();
    $("job").scrollIntoView({ behavior: "smooth", block: "start" });
  }
}

async function act(call) {
  const job = await attempt(call);
  if (job) {
    show(job);
    follow(job.id).then(loadFilms);
  }
}

async function sendChat(event) {
  event.preventDefault();
  const box = $("chat-text");
  const text = box.value.trim();
  if (!text || !state.job) return;
  say("you", text);
  state.awaitingReply = true;
  box.value = "";
  await act(() => api.message(state.job.id, text));
}

function fillDurations() {
  const select = $("duration");
  const chosen = select.value || "30";
  select.replaceChildren(...DURATIONS.map((n) => new Option(t("brief.seconds", { n }), String(n))));
  select.value = chosen;
}

function switchLanguage(lang) {
  setLanguage(lang);
  fillDurations();
  if (state.job) {
    show(state.job);
    view.renderProgress($("progress"), state.events);
    drawPlaying();
    if (state.playing != null) view.renderDownloads($("downloads"), (name) => attempt(() => download(state.job.id, state.playing, name)));
  }
  drawChat();
  view.renderFilms($("films"), state.films, state.job?.id, open);
}

function start() {
  switchLanguage(initialLanguage());
  const key = $("key");
  key.value = localStorage.getItem("filmcrew.key") || "";
  key.addEventListener("input", () => localStorage.setItem("filmcrew.key", key.value.trim()));
  key.addEventListener("change", loadFilms);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => switchLanguage(button.dataset.lang));
  }
  $("brief").addEventListener("submit", make);
  $("chat").addEventListener("submit", sendChat);
  $("chat-text").addEventListener("keydown", (event) => { // Enter sends, Shift+Enter breaks the line
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("chat").requestSubmit();
    }
  });
  $("approve").addEventListener("click", () => state.job && act(() => api.approve(state.job.id)));
  $("cancel").addEventListener("click", () => state.job && act(() => api.cancel(state.job.id)));
  $("refresh").addEventListener("click", loadFilms);
  const id = decodeURIComponent(location.hash.slice(1));
  if (key.value && /^job_[0-9a-f]+$/.test(id)) open(id);
  loadFilms();
}

start();
