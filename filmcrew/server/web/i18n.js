// Every string the page shows, in English and Chinese; `t(key, vars)` picks the current language.
// Static text is marked in index.html with data-i18n (text), data-i18n-placeholder and data-i18n-label
// (aria-label); `apply()` fills them in.

const STRINGS = {
  en: {
    "title": "filmcrew",
    "tagline": "Turn an idea into a film",
    "lang.label": "Language of the page",
    "key.title": "API key",
    "key.label": "Your team's API key",
    "key.hint": "Kept in this browser only. Create one on the server with: filmcrew keys create TEAM",
    "key.missing": "Paste your team's API key first.",
    "brief.title": "New film",
    "brief.idea": "Idea",
    "brief.idea.placeholder": "A lighthouse keeper finds a message in a bottle",
    "brief.duration": "Length",
    "brief.seconds": "{n} s",
    "brief.aspect": "Shape",
    "aspect.16:9": "16:9 landscape",
    "aspect.9:16": "9:16 portrait",
    "aspect.1:1": "1:1 square",
    "brief.language": "Film language",
    "language.auto": "Same as the idea",
    "language.en": "English",
    "language.zh": "Chinese",
    "brief.gates": "Stop for my approval after the script and after the shot list",
    "brief.more": "More options",
    "brief.resolution": "Resolution (W×H)",
    "brief.resolution.placeholder": "default for the shape",
    "brief.fps": "Frames per second",
    "brief.voice": "Voices",
    "voice.default": "Server default",
    "voice.none": "No voices",
    "voice.espeak": "eSpeak (offline)",
    "voice.openai": "OpenAI",
    "voice.auto": "Best available",
    "brief.style": "Visual style",
    "brief.style.placeholder": "e.g. watercolour, warm light",
    "brief.make": "Make the film",
    "job.title": "Film",
    "job.progress": "Progress",
    "job.cancel": "Cancel",
    "status.queued": "Queued",
    "status.running": "Working…",
    "status.waiting": "Waiting for your approval",
    "status.done": "Done",
    "status.failed": "Failed",
    "status.cancelled": "Cancelled",
    "status.shots": "{done} of {total} shots",
    "status.eta": "about {s} s left",
    "status.cost": "${cost} so far",
    "stage.setup": "Set-up",
    "stage.writer": "Script",
    "stage.director": "Shot list",
    "stage.references": "References",
    "stage.render": "Shots",
    "stage.voices": "Voices",
    "stage.editor": "Edit",
    "stage.assemble": "Cut",
    "stage.review": "Review",
    "event.start": "started",
    "event.shot": "shot {k}/{n} · {shot}",
    "event.cached": "(reused)",
    "event.scene": "scene {k}/{n}",
    "event.step": "{step} {k}/{n}",
    "event.reference": "reference {k}/{n} · {name}",
    "gate.script": "Approve the script",
    "gate.shots": "Approve the shot list",
    "gate.preview": "Storyboard preview",
    "gate.approve": "Approve",
    "result.player": "The film",
    "result.playing": "Playing v{n}: {what}",
    "result.versions": "Versions",
    "result.play": "Play v{n}",
    "result.storyboard": "Storyboard",
    "result.storyboard.alt": "Storyboard: one frame per shot",
    "result.downloads": "Downloads",
    "download.film.mp4": "Film (MP4)",
    "download.film.srt": "Subtitles (SRT)",
    "download.film.vtt": "Subtitles (WebVTT)",
    "download.timeline.otio": "Timeline (OpenTimelineIO)",
    "download.timeline.edl": "Timeline (EDL)",
    "download.script.fountain": "Script (Fountain)",
    "download.storyboard.png": "Storyboard (PNG)",
    "download.manifest.json": "Manifest (JSON)",
    "chat.label": "Ask for a change",
    "chat.hint": "In words, or a command: /shot 3 size=CU, /back 1, /help",
    "chat.send": "Send",
    "chat.you": "You",
    "chat.crew": "filmcrew",
    "recent.title": "Your films",
    "recent.refresh": "Refresh",
    "recent.empty": "No films yet.",
    "recent.open": "Open",
    "error.401": "The API key was not accepted. Check it, or create a new one.",
    "error.network": "The server could not be reached.",
    "error.other": "The server said: {detail}",
  },
  zh: {
    "title": "filmcrew",
    "tagline": "把一个想法变成一部影片",
    "lang.label": "页面语言",
    "key.title": "API 密钥",
    "key.label": "团队的 API 密钥",
    "key.hint": "只保存在这个浏览器里。在服务器上创建：filmcrew keys create TEAM",
    "key.missing": "请先粘贴团队的 API 密钥。",
    "brief.title": "新影片",
    "brief.idea": "创意",
    "brief.idea.placeholder": "灯塔看守人发现了一个漂流瓶",
    "brief.duration": "时长",
    "brief.seconds": "{n} 秒",
    "brief.aspect": "画幅",
    "aspect.16:9": "16:9 横屏",
    "aspect.9:16": "9:16 竖屏",
    "aspect.1:1": "1:1 方形",
    "brief.language": "影片语言",
    "language.auto": "与创意相同",
    "language.en": "英语",
    "language.zh": "中文",
    "brief.gates": "剧本和分镜表完成后先等我确认",
    "brief.more": "更多选项",
    "brief.resolution": "分辨率（宽×高）",
    "brief.resolution.placeholder": "按画幅默认",
    "brief.fps": "帧率",
    "brief.voice": "配音",
    "voice.default": "服务器默认",
    "voice.none": "不配音",
    "voice.espeak": "eSpeak（离线）",
    "voice.openai": "OpenAI",
    "voice.auto": "自动选择",
    "brief.style": "画面风格",
    "brief.style.placeholder": "例如：水彩、暖光",
    "brief.make": "开始制作",
    "job.title": "影片",
    "job.progress": "进度",
    "job.cancel": "取消",
    "status.queued": "排队中",
    "status.running": "制作中…",
    "status.waiting": "等待你的确认",
    "status.done": "完成",
    "status.failed": "失败",
    "status.cancelled": "已取消",
    "status.shots": "镜头 {done}/{total}",
    "status.eta": "约剩 {s} 秒",
    "status.cost": "已花费 ${cost}",
    "stage.setup": "准备",
    "stage.writer": "剧本",
    "stage.director": "分镜",
    "stage.references": "参考图",
    "stage.render": "镜头",
    "stage.voices": "配音",
    "stage.editor": "剪辑",
    "stage.assemble": "成片",
    "stage.review": "检查",
    "event.start": "开始",
    "event.shot": "镜头 {k}/{n} · {shot}",
    "event.cached": "（复用）",
    "event.scene": "场景 {k}/{n}",
    "event.step": "{step} {k}/{n}",
    "event.reference": "参考图 {k}/{n} · {name}",
    "gate.script": "确认剧本",
    "gate.shots": "确认分镜表",
    "gate.preview": "故事板预览",
    "gate.approve": "确认",
    "result.player": "影片",
    "result.playing": "正在播放 v{n}：{what}",
    "result.versions": "版本",
    "result.play": "播放 v{n}",
    "result.storyboard": "故事板",
    "result.storyboard.alt": "故事板：每个镜头一帧",
    "result.downloads": "下载",
    "download.film.mp4": "影片（MP4）",
    "download.film.srt": "字幕（SRT）",
    "download.film.vtt": "字幕（WebVTT）",
    "download.timeline.otio": "时间线（OpenTimelineIO）",
    "download.timeline.edl": "时间线（EDL）",
    "download.script.fountain": "剧本（Fountain）",
    "download.storyboard.png": "故事板（PNG）",
    "download.manifest.json": "清单（JSON）",
    "chat.label": "提出修改",
    "chat.hint": "直接描述，或用命令：/shot 3 size=CU、/back 1、/help",
    "chat.send": "发送",
    "chat.you": "你",
    "chat.crew": "filmcrew",
    "recent.title": "我的影片",
    "recent.refresh": "刷新",
    "recent.empty": "还没有影片。",
    "recent.open": "打开",
    "error.401": "API 密钥无效。请检查，或新建一个。",
    "error.network": "无法连接服务器。",
    "error.other": "服务器返回：{detail}",
  },
};

export const LANGUAGES = Object.keys(STRINGS);
let current = "en";

/** The language the page starts in: the one chosen before, else the browser's (Chinese or English). */
export function initialLanguage() {
  const saved = localStorage.getItem("filmcrew.lang");
  if (LANGUAGES.includes(saved)) return saved;
  const browser = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
  return browser.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function language() {
  return current;
}

/** The string `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** Switch the page to `lang` and remember the choice. */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  localStorage.setItem("filmcrew.lang", current);
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  apply(document);
}

/** Fill every marked element under `root` with its text in the current language. */
export function apply(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-alt]")) el.alt = t(el.dataset.i18nAlt);
  for (const el of root.querySelectorAll("[data-lang]")) el.setAttribute("aria-pressed", String(el.dataset.lang === current));
  document.title = `${t("title")} · ${t("tagline")}`;
}
