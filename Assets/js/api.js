// The JSON API (Docs/API.md) as functions. Every failure throws an ApiError carrying the
// server's `{"error": {"code", "message"}}`, or a plain-words message when the server is
// unreachable.

import { rowsQuery } from "./resultQuery.js";

/** An API failure: `message` is fit to show the user; `code` and `status` for logic. */
export class ApiError extends Error {
  constructor(message, { code = "network", status = 0 } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

// Server clock minus ours, from the Date header; used so live "elapsed" clocks start at 0
// even when this machine's clock is off by more than a second or two.
let clockSkewMs = 0;

/** `Date.now()` corrected towards the server's clock. */
export function serverNow() {
  return Date.now() + clockSkewMs;
}

function noteServerDate(response) {
  const header = response.headers.get("Date");
  if (!header) return;
  const server = new Date(header).getTime();
  if (Number.isNaN(server)) return;
  const skew = server - Date.now();
  // The header has one-second resolution: only correct a skew that is clearly real.
  clockSkewMs = Math.abs(skew) > 2000 ? skew : 0;
}

/** Sends one request; resolves with the parsed JSON body (or null for 204). */
export async function request(method, path, body, { keepalive = false } = {}) {
  const init = { method, headers: { Accept: "application/json" }, keepalive };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError("Cannot reach the server. Check that it is running, then try again.");
  }
  noteServerDate(response);
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = data && data.error;
    const message = err && err.message ? err.message : `The server answered ${response.status} ${response.statusText}.`;
    throw new ApiError(message, { code: err && err.code ? err.code : "http", status: response.status });
  }
  return data;
}

const get = (path) => request("GET", path);
const post = (path, body) => request("POST", path, body ?? {});
const patch = (path, body, options) => request("PATCH", path, body, options);
const del = (path) => request("DELETE", path);

let enginesPromise = null;

export const api = {
  health: () => get("/api/health"),

  /** The enabled engines, fetched once per page load (or after `forgetEngines()`). */
  engines() {
    if (!enginesPromise) {
      enginesPromise = get("/api/engines").then((r) => r.engines || []);
      enginesPromise.catch(() => { enginesPromise = null; });
    }
    return enginesPromise;
  },
  /** Drops the cached engine list (after an admin change). */
  forgetEngines() {
    enginesPromise = null;
  },
  /** Admin: every engine, disabled ones too. */
  allEngines: () => get("/api/engines?all=true").then((r) => r.engines || []),
  /** Admin: adds an engine → the engine (secret shown only as "set"). */
  createEngine: (body) => post("/api/engines", body),
  /** Admin: changes an engine → the engine. */
  updateEngine: (id, changes) => patch(`/api/engines/${encodeURIComponent(id)}`, changes),
  /** Admin: tests a saved engine → `{ok, elapsedMs, message?}`. */
  testEngine: (id) => post(`/api/engines/${encodeURIComponent(id)}/test`),
  /** Admin: tests unsaved form values (`id`: the engine being edited) → `{ok, elapsedMs, message?}`. */
  testEngineSettings: (body) => post("/api/engines/test", body),

  /** A page of docs: `params` as in Docs/API.md (`sort`, `order`, `q`, `favorite`, `archived`, `owner`, `recent`, `limit`, `offset`) → `{docs, total, limit, offset}`. */
  listDocs(params = {}) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
    }
    const text = query.toString().replace(/\+/g, "%20");
    return get(`/api/docs${text ? `?${text}` : ""}`);
  },
  createDoc: (title) => post("/api/docs", title ? { title } : {}),
  getDoc: (id) => get(`/api/docs/${encodeURIComponent(id)}`),
  patchDoc: (id, changes, options) => patch(`/api/docs/${encodeURIComponent(id)}`, changes, options),
  deleteDoc: (id) => del(`/api/docs/${encodeURIComponent(id)}`),
  /** The doc's versions, newest first: `{docId, versions}`. */
  docVersions: (id) => get(`/api/docs/${encodeURIComponent(id)}/versions`),
  /** One version with `doc: {title, cells}` as it stood then. */
  docVersion: (id, n) => get(`/api/docs/${encodeURIComponent(id)}/versions/${encodeURIComponent(n)}`),
  /** Makes the doc equal to version `n` (recorded as a new version) → the doc with its cells. */
  restoreDocVersion: (id, n) => post(`/api/docs/${encodeURIComponent(id)}/versions/${encodeURIComponent(n)}/restore`),
  /** Copies the doc and its cells → the new doc with its cells. */
  cloneDoc: (id) => post(`/api/docs/${encodeURIComponent(id)}/clone`),
  /** Marks (`on`) or unmarks the doc as a favorite of the current user. */
  setFavorite: (id, on) => request(on ? "PUT" : "DELETE", `/api/docs/${encodeURIComponent(id)}/favorite`),
  /** Records that the current user opened the doc (Home's "Recent"). */
  viewDoc: (id) => post(`/api/docs/${encodeURIComponent(id)}/view`),

  /** Says where this tab is on the doc (or `{clientId, leave: true}`) → `{docId, present}`. */
  postPresence: (docId, body, options) => request("POST", `/api/docs/${encodeURIComponent(docId)}/presence`, body, options),
  /** The leave message of a closing page, sent so that it outlives the page. */
  presenceBeacon(docId, body) {
    const url = `/api/docs/${encodeURIComponent(docId)}/presence`;
    const blob = new Blob([JSON.stringify(body)], { type: "application/json" });
    if (navigator.sendBeacon && navigator.sendBeacon(url, blob)) return;
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), keepalive: true }).catch(() => {});
  },

  createCell: (docId, cell) => post(`/api/docs/${encodeURIComponent(docId)}/cells`, cell),
  patchCell: (id, changes, options) => patch(`/api/cells/${encodeURIComponent(id)}`, changes, options),
  deleteCell: (id) => del(`/api/cells/${encodeURIComponent(id)}`),
  /** Copies the cell right after itself → the new cell. */
  duplicateCell: (id) => post(`/api/cells/${encodeURIComponent(id)}/duplicate`),
  /** Commits one edit of a cell's text: `{baseVersion, operation, clientId, editId}` → the edit. */
  postCellEdit: (id, body, options) => request("POST", `/api/cells/${encodeURIComponent(id)}/edits`, body, options),
  /** The edits of a cell after version `after`: `{cellId, version, edits}`. */
  cellEdits: (id, after) => get(`/api/cells/${encodeURIComponent(id)}/edits?after=${after}`),

  /** Starts a run: `{engine, query, cellId?}` → `{id, status}`. */
  createExecution: (body) => post("/api/executions", body),
  getExecution: (id) => get(`/api/executions/${encodeURIComponent(id)}`),
  cancelExecution: (id) => post(`/api/executions/${encodeURIComponent(id)}/cancel`),
  /**
   * A page of one statement's rows, sorted and filtered as `view` says (resultQuery.js):
   * `{columns, rows, total, offset, resultTotal}` — `total` counts the rows left by the filters.
   */
  rows: (id, statement, offset, limit, view) =>
    get(`/api/executions/${encodeURIComponent(id)}/rows?${rowsQuery(statement, offset, limit, view)}`),
  /** A chart's points aggregated over one statement's stored result; `query` from chartRequest (chartSpec.js). */
  chartData: (id, query) => get(`/api/executions/${encodeURIComponent(id)}/chart-data?${query}`),
  /** The cell's runs, newest first → `{executions}`. */
  cellExecutions: (cellId, limit = 20) => get(`/api/cells/${encodeURIComponent(cellId)}/executions?limit=${limit}`),
  /** Per-column statistics of one statement's stored result: `{columns: [{index, name, type, count, nulls, distinct, min, max, histogram}]}`. */
  stats: (id, statement) => get(`/api/executions/${encodeURIComponent(id)}/stats?statement=${statement}`),
};
