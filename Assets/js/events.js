// Live updates over server-sent events (GET /api/events). The browser's EventSource
// reconnects by itself and sends Last-Event-ID, so missed events are replayed; when the
// server can no longer replay, it sends `resync` and we re-read what we show.

import { api } from "./api.js";
import { isFinal, newerExecution } from "./execState.js";

/**
 * Opens one stream for `topics` and calls `handlers[eventName](data)` for each event.
 * `handlers.onOpen` / `handlers.onError` report the connection. Returns `{close()}`.
 */
export function subscribe(topics, handlers) {
  const url = `/api/events?topics=${encodeURIComponent(topics.join(","))}`;
  let source = null;
  let closed = false;
  const open = () => {
    source = new EventSource(url);
    for (const name of ["execution", "progress", "log", "doc", "presence", "resync", "schedule.run"]) {
      if (!handlers[name]) continue;
      source.addEventListener(name, (event) => {
        let data = null;
        try {
          data = event.data ? JSON.parse(event.data) : null;
        } catch {
          return;
        }
        handlers[name](data);
      });
    }
    if (handlers.onOpen) source.addEventListener("open", handlers.onOpen);
    // EventSource retries by itself after network trouble; a refused stream stays closed.
    if (handlers.onError || handlers.onClosed) {
      const mine = source;
      source.addEventListener("error", (event) => {
        if (handlers.onError) handlers.onError(event);
        if (mine.readyState === EventSource.CLOSED && handlers.onClosed) handlers.onClosed();
      });
    }
  };
  // A page kept in the browser's back/forward cache keeps its streams open, and over HTTP/1.1
  // a browser allows only six connections per server: after a few full page loads of the hub
  // in one tab, the cached pages' streams starved the current page (its requests waited ~20 s,
  // found by the XSS browser test, which opens many pages). So the stream closes when the page
  // is hidden into the cache and opens again, re-reading what it shows, when it comes back.
  const onPageHide = (event) => {
    if (!event.persisted || !source) return;
    source.close();
    source = null;
  };
  const onPageShow = (event) => {
    if (!event.persisted || source || closed) return;
    open();
    if (handlers.resync) handlers.resync(null);
  };
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);
  open();
  return {
    close: () => {
      closed = true;
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      if (source) source.close();
      source = null;
    },
  };
}

/**
 * Follows one execution until it is final. `onChange(execution, progress, live)` gets the
 * newest snapshot (never an older one than already seen), the live row counts per statement,
 * and `live = {engine, log}`: per statement index, the engine's latest own progress
 * (`{percent, rowsRead, bytesRead}`) and the log lines that arrived as events.
 * Returns `{close()}`; closes the stream itself once the run is final.
 */
export function watchExecution(id, onChange, initial = null) {
  id = Number(id);
  let current = initial && initial.id === id ? initial : null;
  let progress = {};
  const engine = {};
  const log = {};
  let stream = null;
  let closed = false;
  const live = () => ({ engine: { ...engine }, log: { ...log } });

  let pollTimer = null;

  const close = () => {
    closed = true;
    clearTimeout(pollTimer);
    if (stream) stream.close();
    stream = null;
  };

  // Without a stream (refused, or closed for good) the run is still followed, by polling.
  const poll = () => {
    if (closed) return;
    api.getExecution(id).then(accept, () => {}).finally(() => {
      if (!closed) pollTimer = setTimeout(poll, 1000);
    });
  };

  const accept = (incoming) => {
    if (closed || !incoming || incoming.id !== id) return;
    const next = newerExecution(current, incoming);
    if (next === current) return;
    current = next;
    // Finished statements carry their own counts; drop their live ones.
    for (const st of current.statements || []) {
      if (isFinal(st.status)) delete progress[st.index];
    }
    onChange(current, { ...progress }, live());
    if (isFinal(current.status)) close();
  };

  const reread = () => {
    api.getExecution(id).then(accept, () => {
      // A failed re-read is retried by the next reconnect or event.
    });
  };

  if (current && isFinal(current.status)) {
    onChange(current, {}, live());
    return { close };
  }
  stream = subscribe([`execution:${id}`], {
    execution: accept,
    progress: (data) => {
      if (closed || !data || data.executionId !== id) return;
      progress = { ...progress, [data.statement]: data.rowCount };
      if (data.percent != null || data.rowsRead != null || data.bytesRead != null) {
        engine[data.statement] = { percent: data.percent, rowsRead: data.rowsRead, bytesRead: data.bytesRead };
      }
      if (current) onChange(current, { ...progress }, live());
    },
    log: (data) => {
      if (closed || !data || data.executionId !== id) return;
      log[data.statement] = [...(log[data.statement] || []), { at: data.at, message: data.message }];
      if (current) onChange(current, { ...progress }, live());
    },
    resync: reread,
    // Anything that happened before the stream opened is read once it is open.
    onOpen: reread,
    onClosed: () => {
      stream = null;
      poll();
    },
  });
  reread();
  return { close };
}
