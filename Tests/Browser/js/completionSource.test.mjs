import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompletionSource, requestsFor } from "../../../Assets/js/completionSource.js";
import { completionContext } from "../../../Assets/js/sqlContext.js";

const TABLES = ["events", "event_kinds", "users", "boards", "pins"].map((text) => ({ text, kind: "table", detail: "main" }));

function fakeServer(items = TABLES) {
  const calls = [];
  const fetcher = async (engineId, r) => {
    calls.push([engineId, r.kind, r.prefix]);
    return items.filter((i) => i.text.startsWith(r.prefix.toLowerCase()));
  };
  return { calls, fetcher };
}

test("answers are cached per engine and request", async () => {
  const server = fakeServer();
  const source = createCompletionSource(server.fetcher, { debounceMs: 1 });
  const [first] = await source.lookup(1, [{ kind: "table", prefix: "ev" }]);
  assert.deepEqual(first.map((i) => i.text), ["events", "event_kinds"]);
  await source.lookup(1, [{ kind: "table", prefix: "ev" }]);
  assert.equal(server.calls.length, 1);
  await source.lookup(2, [{ kind: "table", prefix: "ev" }]);
  assert.equal(server.calls.length, 2, "another engine asks again");
});

test("a complete answer serves longer prefixes without asking", async () => {
  const server = fakeServer();
  const source = createCompletionSource(server.fetcher, { debounceMs: 1 });
  await source.lookup(1, [{ kind: "table", prefix: "e" }]);
  const [narrower] = await source.lookup(1, [{ kind: "table", prefix: "EVENT_" }]);
  assert.deepEqual(narrower.map((i) => i.text), ["event_kinds"]);
  assert.equal(server.calls.length, 1);
});

test("a capped answer does not: the server is asked for the longer prefix", async () => {
  const many = Array.from({ length: 50 }, (_, n) => ({ text: `t${n}`, kind: "table" }));
  const server = fakeServer(many);
  const source = createCompletionSource(server.fetcher, { debounceMs: 1, maxItems: 50 });
  await source.lookup(1, [{ kind: "table", prefix: "t" }]);
  await source.lookup(1, [{ kind: "table", prefix: "t1" }]);
  assert.equal(server.calls.length, 2);
});

test("typing fast: only the last lookup asks, the earlier ones answer null", async () => {
  const server = fakeServer();
  const source = createCompletionSource(server.fetcher, { debounceMs: 20 });
  const a = source.lookup(1, [{ kind: "table", prefix: "u" }]);
  const b = source.lookup(1, [{ kind: "table", prefix: "us" }]);
  assert.equal(await a, null);
  assert.deepEqual((await b)[0].map((i) => i.text), ["users"]);
  assert.deepEqual(server.calls, [[1, "table", "us"]]);
});

test("a failed request answers no items and is asked again later", async () => {
  let fail = true;
  const source = createCompletionSource(async () => {
    if (fail) throw new Error("down");
    return TABLES;
  }, { debounceMs: 1 });
  assert.deepEqual(await source.lookup(1, [{ kind: "table", prefix: "" }]), [[]]);
  fail = false;
  assert.equal((await source.lookup(1, [{ kind: "table", prefix: "" }]))[0].length, 5);
});

test("requests per context", () => {
  const req = (sql) => {
    const cursor = sql.indexOf("|");
    return requestsFor(completionContext(sql.replace("|", ""), cursor));
  };
  assert.deepEqual(req("SELECT * FROM ev|"), [{ kind: "table", prefix: "ev" }, { kind: "schema", prefix: "ev" }]);
  assert.deepEqual(req("SELECT * FROM main.|"), [{ kind: "table", prefix: "", schema: "main" }]);
  assert.deepEqual(req("SELECT e.k| FROM events e"), [{ kind: "column", prefix: "k", table: "events" }]);
  assert.deepEqual(req("SELECT x.| FROM events e"), [{ kind: "column", prefix: "", table: "x" }, { kind: "table", prefix: "", schema: "x" }]);
  assert.deepEqual(req("SELECT | FROM events e JOIN users u JOIN events"), [
    { kind: "column", prefix: "", table: "events" }, { kind: "column", prefix: "", table: "users" }]);
  assert.deepEqual(req("SELECT '|'"), []);
});
