// The /v1 API as the page uses it. Every request carries `Authorization: Bearer KEY`, so files are
// fetched as blobs (shown through blob: URLs) and the event stream is read with fetch() and a
// ReadableStream reader: EventSource cannot send the header.

export const ACTIVE = ["queued", "running"];
const POLL_MS = 2000;

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
});

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

export class Api {
  /** @param {() => string} key - gives the current API key. */
  constructor(key) {
    this.key = key;
  }

  headers(extra = {}) {
    return { Authorization: `Bearer ${this.key()}`, ...extra };
  }

  async fetch(path, options = {}) {
    let answer;
    try {
      answer = await fetch(path, { ...options, headers: this.headers(options.headers) });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, String(error.message || error));
    }
    if (!answer.ok) {
      let detail = answer.statusText;
      try {
        const body = await answer.json();
        detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      } catch (_) { /* not JSON: keep the status text */ }
      throw new ApiError(answer.status, detail);
    }
    return answer;
  }

  async json(method, path, body) {
    const options = { method };
    if (body !== undefined) {
      options.body = JSON.stringify(body);
      options.headers = { "Content-Type": "application/json" };
    }
    return (await this.fetch(path, options)).json();
  }

  submit(brief) { return this.json("POST", "/v1/films", brief); }
  job(id) { return this.json("GET", `/v1/films/${encodeURIComponent(id)}`); }
  list(limit = 20) { return this.json("GET", `/v1/films?limit=${limit}`); }
  approve(id) { return this.json("POST", `/v1/films/${encodeURIComponent(id)}/approve`); }
  cancel(id) { return this.json("POST", `/v1/films/${encodeURIComponent(id)}/cancel`); }
  message(id, message) { return this.json("POST", `/v1/films/${encodeURIComponent(id)}/messages`, { message }); }

  /** A file of the job (`version` null: the current cut) as a Blob. */
  async file(id, name, version = null) {
    const where = version == null ? "" : `/versions/${version}`;
    const answer = await this.fetch(`/v1/films/${encodeURIComponent(id)}${where}/files/${encodeURIComponent(name)}`);
    return answer.blob();
  }

  /**
   * Read the job's server-sent events until the stream ends (the job stopped running or waits at a
   * gate), calling `onEvent(event)` with each parsed `data:` object.
   */
  async events(id, onEvent, signal) {
    const answer = await this.fetch(`/v1/films/${encodeURIComponent(id)}/events`,
      { signal, headers: { Accept: "text/event-stream" } });
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, "")).join("\n");
        if (data) onEvent(JSON.parse(data));
      }
    }
  }

  /**
   * Follow the job until it stops or waits at a gate: its event stream, with GET polling beside it in
   * case the stream breaks or a proxy holds it back (without a stream, polling alone).
   * `onJob(job)` gets each fresh job, `onEvent(event)` each event; `onReplay()` is called before each
   * stream, which replays the job's events from the first. Returns the last job seen.
   */
  async follow(id, { signal, onJob, onEvent, onReplay }) {
    const refresh = async () => {
      const job = await this.job(id);
      if (!signal.aborted) onJob(job);
      return job;
    };
    let job = await refresh();
    let streaming = true;
    while (ACTIVE.includes(job.status) && !signal.aborted) {
      if (streaming) {
        const stream = new AbortController();
        const stop = () => stream.abort();
        signal.addEventListener("abort", stop, { once: true });
        const poll = setInterval(() => refresh().then((j) => { if (!ACTIVE.includes(j.status)) stop(); })
          .catch(() => {}), POLL_MS);
        onReplay();
        try {
          await this.events(id, onEvent, stream.signal);
        } catch (error) {
          if (error.name !== "AbortError") streaming = false;
        } finally {
          clearInterval(poll);
          signal.removeEventListener("abort", stop);
        }
      } else {
        await sleep(POLL_MS, signal);
      }
      if (!signal.aborted) job = await refresh();
    }
    return job;
  }
}
