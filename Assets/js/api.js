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

// The session's CSRF token (from /api/session or a sign-in), sent on every write; and who
// hears of a 401 (the shell shows the sign-in page).
let csrfToken = null;
let unauthorizedHandler = null;

/** Remembers the token every non-GET request sends as `X-CSRF-Token` (null: none). */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** `fn(error)` is called when any API request (but the session and sign-in ones) answers 401. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

// The routes whose 401 is an answer for their caller, not "your session is gone".
const AUTH_PATHS = ["/api/session", "/api/auth/login", "/api/auth/logout"];

/** Headers for a request of `method`: JSON, and the CSRF token on writes. */
export function requestHeaders(method) {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  return headers;
}

/** Sends one request; resolves with the parsed JSON body (or null for 204). */
export async function request(method, path, body, { keepalive = false } = {}) {
  const init = { method, headers: requestHeaders(method), keepalive, credentials: "same-origin" };
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
    const error = new ApiError(message, { code: err && err.code ? err.code : "http", status: response.status });
    // A template error says where: its line (and column) in the query.
    if (err && err.line) error.line = err.line;
    if (err && err.column) error.column = err.column;
    error.retryAfter = Number(response.headers.get("Retry-After")) || null;
    if (response.status === 401 && unauthorizedHandler && !AUTH_PATHS.includes(path.split("?")[0])) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

const get = (path) => request("GET", path);
const post = (path, body) => request("POST", path, body ?? {});
const patch = (path, body, options) => request("PATCH", path, body, options);
const del = (path) => request("DELETE", path);
const put = (path, body) => request("PUT", path, body ?? {});
const enc = encodeURIComponent;

/** `?a=1&b=x` from an object, leaving out undefined, null and "" values ("" when none). */
export function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const text = query.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

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
  /** The doc's template variables in their order: `{variables: [{name, type, value}]}`. */
  docVariables: (id) => get(`/api/docs/${encodeURIComponent(id)}/variables`),
  /** Replaces the doc's variables (refused whole on a bad one or a cycle) → `{variables}`. */
  putDocVariables: (id, variables) => put(`/api/docs/${encodeURIComponent(id)}/variables`, { variables }),
  /** The SQL a query's template renders to → `{sql}`; a template error has `line`/`column`. */
  renderQuery: (id, body) => post(`/api/docs/${encodeURIComponent(id)}/render`, body),
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
    // A beacon cannot carry the CSRF header: with a cookie session, a keepalive fetch does.
    const blob = new Blob([JSON.stringify(body)], { type: "application/json" });
    if (!csrfToken && navigator.sendBeacon && navigator.sendBeacon(url, blob)) return;
    fetch(url, { method: "POST", headers: { ...requestHeaders("POST"), "Content-Type": "application/json" }, body: JSON.stringify(body), keepalive: true }).catch(() => {});
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

  // Accounts (issue 7): the session, the signed-in user's profile and tokens.
  /** `{mode, user, csrfToken, canChangePassword, announcements}`. */
  session: () => get("/api/session"),
  /** Signs in → the same shape as `session()`; 401 invalid_credentials, 429 rate_limited. */
  login: (username, password) => post("/api/auth/login", { username, password }),
  logout: () => post("/api/auth/logout"),
  /** `{displayName?, avatarColor?}` → the user. */
  updateMe: (changes) => patch("/api/me", changes),
  changePassword: (current, next) => post("/api/me/password", { current, new: next }),
  tokens: () => get("/api/tokens").then((r) => r.tokens || []),
  /** → `{token, secret}`: the secret is shown this once. */
  createToken: (name) => post("/api/tokens", { name }),
  revokeToken: (id) => del(`/api/tokens/${enc(id)}`),
  /** Active users matching `q` (at most 20), for the share dialog's picker. */
  users: (q = "") => get(`/api/users?q=${enc(q)}`).then((r) => r.users || []),
  groups: () => get("/api/groups").then((r) => r.groups || []),
  environments: () => get("/api/environments").then((r) => r.environments || []),

  // Sharing a doc.
  /** `{public, environmentId, owner, grants, requests, role}`. */
  docAccess: (id) => get(`/api/docs/${enc(id)}/access`),
  /** `{public, grants: [{userId | groupId, role}]}` → the same shape as `docAccess`. */
  setDocAccess: (id, body) => put(`/api/docs/${enc(id)}/access`, body),
  requestAccess: (id) => post(`/api/docs/${enc(id)}/access-requests`),
  /** `role`: "viewer", "editor", or null to deny. */
  answerAccessRequest: (id, requestId, role) => post(`/api/docs/${enc(id)}/access-requests/${enc(requestId)}`, { role }),

  // The metastore (issue 8): tables, their pages and tabs, search and completions.
  /** A page of tables: `{engineId, schema, q, tag, golden, limit, offset}` → `{tables, total}`. */
  tables: (params = {}) => get(`/api/tables${queryString(params)}`),
  /** An engine's schemas → `[{name, tableCount}]`. */
  schemas: (engineId) => get(`/api/engines/${enc(engineId)}/schemas`).then((r) => r.schemas || []),
  /** `{table, columns}`. */
  table: (id) => get(`/api/tables/${enc(id)}`),
  /** Counts one opening of the table page. */
  viewTable: (id) => post(`/api/tables/${enc(id)}/views`),
  /** `{description?, warnings?, tags?, golden?, owners?}` → `{table, columns}`. */
  updateTable: (id, changes) => patch(`/api/tables/${enc(id)}`, changes),
  /** `{description?, tags?}` → the column. */
  updateColumn: (id, columnId, changes) => patch(`/api/tables/${enc(id)}/columns/${enc(columnId)}`, changes),
  /** Up to `limit` rows read through the engine → `{columns, rows, truncated}`. */
  sampleRows: (id, limit = 100) => post(`/api/tables/${enc(id)}/sample`, { limit }),
  tableQueries: (id, limit = 10) => get(`/api/tables/${enc(id)}/queries?limit=${limit}`).then((r) => r.queries || []),
  tableUsers: (id) => get(`/api/tables/${enc(id)}/users`).then((r) => r.users || []),
  relatedTables: (id) => get(`/api/tables/${enc(id)}/related`).then((r) => r.tables || []),
  /** `{upstream, downstream}`. */
  lineage: (id) => get(`/api/tables/${enc(id)}/lineage`),
  tableDocs: (id) => get(`/api/tables/${enc(id)}/docs`).then((r) => r.docs || []),
  /** `{q, type, owner, engine, schema, tag, from, to, limit, offset}` → `{results, total}`. */
  search: (params = {}) => get(`/api/search${queryString(params)}`),
  /** `{prefix, kind, schema?, table?}` → `[{text, kind, detail, description}]`. */
  completions: (engineId, params) => get(`/api/engines/${enc(engineId)}/completions${queryString(params)}`).then((r) => r.items || []),
  /** The table named `name` (`schema.table` or `table`) → TableSummary; 404 when unknown. */
  lookupTable: (engineId, name) => get(`/api/engines/${enc(engineId)}/tables/lookup?name=${enc(name)}`).then((r) => r.table),

  // Schedules (issue 9): a doc's schedule, its runs, and every schedule I may read.
  /** → the doc's Schedule, or null when it has none. */
  schedule: (docId) => get(`/api/docs/${enc(docId)}/schedule`).then((r) => r.schedule || null),
  /** `{schedule, emailEnabled}`: also whether this hub has a mail server to send schedules' emails. */
  scheduleAndSettings: (docId) => get(`/api/docs/${enc(docId)}/schedule`),
  /** `{cron, timezone, retries, retryDelaySeconds, disableAfterFailures, notify, exports}` → the Schedule. */
  saveSchedule: (docId, body) => put(`/api/docs/${enc(docId)}/schedule`, body).then((r) => r.schedule),
  deleteSchedule: (docId) => del(`/api/docs/${enc(docId)}/schedule`),
  /** `paused`: pause (true) or resume (false) → the Schedule. */
  pauseSchedule: (docId, paused) => post(`/api/docs/${enc(docId)}/schedule/${paused ? "pause" : "resume"}`).then((r) => r.schedule),
  /** Queues a run now → the Run (409 while one is queued or running). */
  runSchedule: (docId) => post(`/api/docs/${enc(docId)}/schedule/run`).then((r) => r.run),
  /** Newest first → `{runs, total}`. */
  scheduleRuns: (docId, limit = 20, offset = 0) => get(`/api/docs/${enc(docId)}/schedule/runs?limit=${limit}&offset=${offset}`),
  /** The schedules of docs I may read, next run first → `{schedules, total}`. */
  schedules: (limit = 50, offset = 0) => get(`/api/schedules?limit=${limit}&offset=${offset}`),

  // Admin.
  admin: {
    users: () => get("/api/admin/users").then((r) => r.users || []),
    createUser: (body) => post("/api/admin/users", body),
    updateUser: (id, changes) => patch(`/api/admin/users/${enc(id)}`, changes),
    createGroup: (body) => post("/api/admin/groups", body),
    updateGroup: (id, changes) => patch(`/api/admin/groups/${enc(id)}`, changes),
    deleteGroup: (id) => del(`/api/admin/groups/${enc(id)}`),
    createEnvironment: (body) => post("/api/admin/environments", body),
    updateEnvironment: (id, changes) => patch(`/api/admin/environments/${enc(id)}`, changes),
    deleteEnvironment: (id) => del(`/api/admin/environments/${enc(id)}`),
    announcements: () => get("/api/admin/announcements").then((r) => r.announcements || []),
    createAnnouncement: (body) => post("/api/admin/announcements", body),
    updateAnnouncement: (id, changes) => patch(`/api/admin/announcements/${enc(id)}`, changes),
    deleteAnnouncement: (id) => del(`/api/admin/announcements/${enc(id)}`),
    tokens: () => get("/api/admin/tokens").then((r) => r.tokens || []),
    revokeToken: (id) => del(`/api/admin/tokens/${enc(id)}`),
    /** The metastore sync of every engine → `[SyncBody]`. */
    metastore: () => get("/api/admin/metastore").then((r) => r.engines || []),
    /** Queues a sync now → SyncBody (409 when one is queued or running). */
    syncEngine: (id) => post(`/api/admin/engines/${enc(id)}/sync`),
    /** `{intervalHours}` (0: only on demand) → SyncBody. */
    setSyncInterval: (id, intervalHours) => patch(`/api/admin/engines/${enc(id)}/sync`, { intervalHours }),
    /** Newest first; `before`: the last id seen, for the next page. */
    audit: (limit = 100, before = null) => get(`/api/admin/audit?limit=${limit}${before ? `&before=${enc(before)}` : ""}`).then((r) => r.entries || []),
  },
};
