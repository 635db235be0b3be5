// The engine form's logic, apart from the DOM so node can test it: which fields a kind has,
// checking the values before saving, and the JSON body for the API (Docs/API.md).

/** The kinds, with their labels, default ports and the name of their secret. */
export const KINDS = [
  { kind: "sqlite", label: "SQLite file", port: null, secret: null },
  { kind: "postgres", label: "PostgreSQL", port: 5432, secret: "Password" },
  { kind: "clickhouse", label: "ClickHouse", port: 8123, secret: "Password" },
  { kind: "trino", label: "Trino / Presto", port: 8080, secret: "Password" },
];

export const kindInfo = (kind) => KINDS.find((k) => k.kind === kind) || KINDS[0];

/** The form values for `engine` (or a new one of `kind`): every field as the inputs hold it. */
export function formValues(engine, kind = "sqlite") {
  const s = (engine && engine.settings) || {};
  const text = (v) => (v === undefined || v === null ? "" : String(v));
  return {
    name: text(engine && engine.name),
    kind: (engine && engine.kind) || kind,
    description: text(engine && engine.description),
    path: text(s.path),
    readOnly: s.readOnly !== false,
    host: text(s.host), port: text(s.port), database: text(s.database), user: text(s.user),
    tls: s.tls === true, catalog: text(s.catalog), schema: text(s.schema),
    secret: "", clearSecret: false,
    timeLimit: text(engine && engine.timeLimit), rowCap: text(engine && engine.rowCap),
    concurrency: text(engine && engine.concurrency),
  };
}

function integerIn(text, min, max) {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** `{field: message}` for each value that cannot be saved; empty when all is well. */
export function validateEngineForm(v, { forTest = false } = {}) {
  const errors = {};
  if (!forTest) {
    if (!v.name.trim()) errors.name = "Give the engine a name.";
    else if (/^\d+$/.test(v.name.trim())) errors.name = "A name cannot be only digits.";
  }
  if (v.kind === "sqlite") {
    if (!v.path.trim()) errors.path = "The path of the SQLite file is required.";
    else if (!v.path.trim().startsWith("/")) errors.path = "Use an absolute path (starting with /).";
  } else {
    if (!v.host.trim()) errors.host = "The host is required.";
    else if (/[\s/]/.test(v.host.trim())) errors.host = "A host name or address, without spaces or slashes.";
    if (v.port.trim() && integerIn(v.port.trim(), 1, 65535) === null) errors.port = "A port from 1 to 65535.";
    if (!v.user.trim()) errors.user = "The user is required.";
  }
  if (v.timeLimit.trim() && !(Number(v.timeLimit) > 0)) errors.timeLimit = "A positive number of seconds.";
  if (v.rowCap.trim() && integerIn(v.rowCap.trim(), 1, Number.MAX_SAFE_INTEGER) === null) errors.rowCap = "A positive whole number.";
  if (v.concurrency.trim() && integerIn(v.concurrency.trim(), 1, 1000) === null) errors.concurrency = "A whole number from 1 to 1000.";
  return errors;
}

/**
 * The API body for the values. `editing`: the saved engine (a PATCH body then: an empty
 * password keeps the stored one unless `clearSecret`; empty limits go back to the server's).
 */
export function engineBody(v, editing = null) {
  const opt = (text) => (text.trim() ? text.trim() : undefined);
  const settings = v.kind === "sqlite"
    ? { path: v.path.trim(), readOnly: v.readOnly }
    : {
      host: v.host.trim(), port: v.port.trim() ? Number(v.port) : undefined, database: opt(v.database),
      user: opt(v.user), tls: v.tls,
      ...(v.kind === "trino" ? { catalog: opt(v.catalog), schema: opt(v.schema) } : {}),
    };
  const limit = (text) => (text.trim() ? Number(text) : null);
  const body = {
    name: v.name.trim(), kind: v.kind, description: v.description.trim(), settings,
    timeLimit: limit(v.timeLimit), rowCap: limit(v.rowCap), concurrency: limit(v.concurrency),
  };
  if (v.kind !== "sqlite") {
    if (v.secret) body.secret = v.secret;
    else if (editing && v.clearSecret) body.secret = "";
  }
  if (!editing) for (const key of ["timeLimit", "rowCap", "concurrency"]) if (body[key] === null) delete body[key];
  return body;
}

/** Where the engine points, in one short line: the file, or user@host:port/database. */
export function engineTarget(engine) {
  const s = engine.settings || {};
  if (engine.kind === "sqlite") return `${s.path || "?"}${s.readOnly === false ? " (writable)" : ""}`;
  const port = s.port || kindInfo(engine.kind).port;
  const place = [s.database, s.catalog, s.schema].filter(Boolean).join("/");
  return `${s.user ? `${s.user}@` : ""}${s.host || "?"}${port ? `:${port}` : ""}${place ? `/${place}` : ""}${s.tls ? " (TLS)" : ""}`;
}

/** The engine's limits in words; "server defaults" when it has none. */
export function engineLimits(engine) {
  const parts = [];
  if (engine.timeLimit) parts.push(`${engine.timeLimit} s`);
  if (engine.rowCap) parts.push(`${engine.rowCap.toLocaleString("en-US")} rows`);
  if (engine.concurrency) parts.push(`${engine.concurrency} at once`);
  return parts.length ? parts.join(" · ") : "server defaults";
}
