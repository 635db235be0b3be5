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
  const source = new EventSource(url);
  for (const name of ["execution", "progress", "doc", "presence", "resync"]) {
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
    source.addEventListener("error", (event) => {
      if (handlers.onError) handlers.onError(event);
      if (source.readyState === EventSource.CLOSED && handlers.onClosed) handlers.onClosed();
    });
  }
  return { close: () => source.close() };
}

/**
 * Follows one execution until it is final. `onChange(execution, progress)` gets the newest
 * snapshot (never an older one than already seen) and the live row counts per statement.
 * Returns `{close()}`; closes the stream itself once the run is final.
 */
export function watchExecution(id, onChange, initial = null) {
  id = Number(id);
  let current = initial && initial.id === id ? initial : null;
  let progress = {};
  let stream = null;
  let closed = false;

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
    onChange(current, { ...progress });
    if (isFinal(current.status)) close();
  };

  const reread = () => {
    api.getExecution(id).then(accept, () => {
      // A failed re-read is retried by the next reconnect or event.
    });
  };

  if (current && isFinal(current.status)) {
    onChange(current, {});
    return { close };
  }
  stream = subscribe([`execution:${id}`], {
    execution: accept,
    progress: (data) => {
      if (closed || !data || data.executionId !== id) return;
      progress = { ...progress, [data.statement]: data.rowCount };
      if (current) onChange(current, { ...progress });
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
