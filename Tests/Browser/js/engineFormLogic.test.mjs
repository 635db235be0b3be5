import assert from "node:assert/strict";
import { test } from "node:test";
import { engineBody, engineLimits, engineTarget, formValues, validateEngineForm } from "../../../Assets/js/engineFormLogic.js";

test("a new SQLite engine needs a name and an absolute path", () => {
  const v = formValues(null, "sqlite");
  assert.deepEqual(Object.keys(validateEngineForm(v)).sort(), ["name", "path"]);
  v.name = "sales";
  v.path = "data/sales.sqlite";
  assert.match(validateEngineForm(v).path, /absolute/);
  v.path = "/data/sales.sqlite";
  assert.deepEqual(validateEngineForm(v), {});
  assert.deepEqual(engineBody(v), { name: "sales", kind: "sqlite", description: "", settings: { path: "/data/sales.sqlite", readOnly: true } });
});

test("network engines check host, port, user and limits", () => {
  const v = { ...formValues(null, "postgres"), name: "dwh", host: "db 1", port: "70000", timeLimit: "-3", concurrency: "0" };
  assert.deepEqual(Object.keys(validateEngineForm(v)).sort(), ["concurrency", "host", "port", "timeLimit", "user"]);
  Object.assign(v, { host: "db1", port: "5433", user: "me", timeLimit: "30", concurrency: "2", secret: "pw" });
  assert.deepEqual(validateEngineForm(v), {});
  const body = engineBody(v);
  assert.equal(body.secret, "pw");
  assert.equal(body.settings.port, 5433);
  assert.equal(body.timeLimit, 30);
  assert.equal("rowCap" in body, false);
});

test("editing keeps the secret unless a new one is typed or clearing is asked", () => {
  const saved = { id: 2, name: "dwh", kind: "postgres", settings: { host: "h", user: "u" }, secret: "set", rowCap: 10 };
  const v = formValues(saved);
  assert.equal(v.secret, "");
  assert.equal("secret" in engineBody(v, saved), false);
  v.rowCap = "";
  assert.equal(engineBody(v, saved).rowCap, null, "an emptied limit goes back to the server's");
  v.clearSecret = true;
  assert.equal(engineBody(v, saved).secret, "");
});

test("targets and limits read in one line", () => {
  assert.equal(engineTarget({ kind: "sqlite", settings: { path: "/a.sqlite", readOnly: false } }), "/a.sqlite (writable)");
  assert.equal(engineTarget({ kind: "postgres", settings: { host: "h", user: "u", database: "d", tls: true } }), "u@h:5432/d (TLS)");
  assert.equal(engineLimits({}), "server defaults");
  assert.equal(engineLimits({ timeLimit: 30, rowCap: 5000, concurrency: 2 }), "30 s · 5,000 rows · 2 at once");
});
