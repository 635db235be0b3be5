import { test } from "node:test";
import assert from "node:assert/strict";
import {
  statusLine, newerExecution, executionError, errorText, rowsSoFar, statementLabel, isFinal,
  engineProgress, engineProgressText, mergedLog, truncationNote, expiredNote,
} from "../../../Assets/js/execState.js";
import { formatBytes } from "../../../Assets/js/format.js";

const t0 = "2025-01-01T00:00:00.000Z";
const statement = (index, status, extra = {}) => ({
  index, status, text: `SELECT ${index}`, startLine: index + 1, rowCount: 0, columns: [], error: null,
  truncated: false, startedAt: null, finishedAt: null, ...extra,
});
const run = (status, statements, extra = {}) => ({
  id: 7, status, engineId: 1, cellId: 3, query: "…", error: null, createdAt: t0, startedAt: null, finishedAt: null,
  statements, ...extra,
});

test("the status strip always has words", () => {
  assert.equal(statusLine(run("queued", [statement(0, "queued")])).text, "Queued…");
  const running = run("running", [statement(0, "running")], { startedAt: t0 });
  assert.equal(statusLine(running, { 0: 120000 }, Date.parse(t0) + 3240).text, "Running · 3.2 s · 120,000 rows");
  const done = run("done", [statement(0, "done", { rowCount: 1000000 })], { startedAt: t0, finishedAt: "2025-01-01T00:00:01.400Z" });
  assert.equal(statusLine(done).text, "Done in 1.4 s · 1,000,000 rows");
  const failed = run("failed", [statement(0, "failed", { error: { message: "no such table: x", line: 3, column: 15 } })]);
  assert.deepEqual(statusLine(failed), { tone: "failed", text: "Failed: no such table: x (line 3)" });
  assert.equal(statusLine(run("cancelled", [statement(0, "cancelled")])).text, "Cancelled");
});

test("many statements say which one runs and count all rows", () => {
  const running = run("running", [statement(0, "done", { rowCount: 5 }), statement(1, "running"), statement(2, "queued")], { startedAt: t0 });
  assert.equal(statusLine(running, { 1: 10 }, Date.parse(t0) + 500).text, "Running · statement 2 of 3 · 500 ms · 15 rows");
  assert.equal(rowsSoFar(running, { 1: 10 }), 15);
  const done = run("done", [statement(0, "done", { rowCount: 5 }), statement(1, "done", { rowCount: 7 })], { startedAt: t0, finishedAt: "2025-01-01T00:00:02Z" });
  assert.equal(statusLine(done).text, "Done in 2.0 s · 2 statements · 12 rows");
});

test("the run's own error is used when no statement failed", () => {
  const failed = run("failed", [], { error: { message: "engine unavailable", line: null } });
  assert.equal(errorText(executionError(failed)), "engine unavailable");
});

test("an older snapshot never replaces a newer one", () => {
  const running = run("running", [statement(0, "running")]);
  const done = run("done", [statement(0, "done")]);
  assert.equal(newerExecution(done, running), done);
  assert.equal(newerExecution(running, done), done);
  assert.equal(newerExecution(null, running), running);
  const further = run("running", [statement(0, "done"), statement(1, "running")]);
  const behind = run("running", [statement(0, "running"), statement(1, "queued")]);
  assert.equal(newerExecution(further, behind), further);
  assert.equal(newerExecution({ ...done, id: 8 }, running), running, "another run replaces");
  assert.ok(isFinal("done") && isFinal("failed") && isFinal("cancelled") && !isFinal("running"));
});

test("statement tabs carry their row count", () => {
  assert.equal(statementLabel(statement(0, "done", { rowCount: 1204 })), "Statement 1 · 1,204");
  assert.equal(statementLabel(statement(1, "running"), { 1: 300 }), "Statement 2 · 300…");
  assert.equal(statementLabel(statement(1, "failed")), "Statement 2 · failed");
  assert.equal(statementLabel(statement(2, "cancelled")), "Statement 3 · not run");
});

test("what the engine reports joins the running line, for the running statement only", () => {
  const running = run("running", [statement(0, "done", { rowCount: 5 }), statement(1, "running")], { startedAt: t0 });
  const engine = { 1: { percent: 45.7, rowsRead: 1200000, bytesRead: 1234567890 } };
  assert.equal(
    statusLine(running, { 1: 10 }, Date.parse(t0) + 500, engine).text,
    "Running · statement 2 of 2 · 500 ms · 15 rows · 45 % · 1,200,000 rows read · 1.2 GB read");
  // Figures of a statement that is no longer running are not shown.
  assert.equal(engineProgress(running, { 0: { percent: 100 } }), null);
  assert.equal(engineProgress(run("done", [statement(0, "done")]), { 0: { percent: 10 } }), null);
  // Only what the engine says: a percent alone, rows alone.
  assert.equal(engineProgressText({ percent: 3, rowsRead: null, bytesRead: null }), "3 %");
  assert.equal(engineProgressText({ percent: null, rowsRead: 7, bytesRead: null }), "7 rows read");
  assert.equal(engineProgressText(null), "");
});

test("byte counts read as people say them", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1000), "1.0 kB");
  assert.equal(formatBytes(340000), "340 kB");
  assert.equal(formatBytes(1234567890), "1.2 GB");
});

test("a statement's log is the kept lines, then live ones not kept yet, each once", () => {
  const a = { at: "2025-01-01T00:00:01.000Z", message: "query id q-1" };
  const b = { at: "2025-01-01T00:00:02.000Z", message: "stage 2" };
  const c = { at: "2025-01-01T00:00:03.000Z", message: "stage 3" };
  assert.deepEqual(mergedLog(statement(0, "running", { log: [a, b] }), [b, c]), [a, b, c]);
  assert.deepEqual(mergedLog(statement(0, "running"), [a]), [a]);
  assert.deepEqual(mergedLog(statement(0, "running", { log: [a] })), [a]);
});

test("the truncation banner says which cap cut the result", () => {
  assert.equal(truncationNote(statement(0, "done", { rowCount: 12 })), null);
  assert.equal(truncationNote(statement(0, "done", { rowCount: 1500, truncated: true, truncatedBy: "rows" })),
    "Result truncated at 1,500 rows by the row cap.");
  assert.match(truncationNote(statement(0, "done", { rowCount: 2, truncated: true, truncatedBy: "bytes" })),
    /^Result truncated at 2 rows by the result size cap/);
});

test("an expired result says when and what to do", () => {
  const st = statement(0, "done", { rowCount: 1 });
  assert.equal(expiredNote({ resultExpiredAt: null }, st), null);
  assert.equal(expiredNote({ resultExpiredAt: "2026-11-30T10:00:00Z" }, st),
    "Result expired: the hub removed the stored result of 1 row on 2026-11-30, as it does for old runs. Run the query again to see the rows.");
});
