import assert from "node:assert/strict";
import { test } from "node:test";
import { countsWords, intervalWords, isActive, parseInterval, progressOf, statusWords } from "../../../Assets/js/metastoreLogic.js";

const sync = (over) => ({ status: "idle", tablesTotal: 0, tablesDone: 0, tablesAdded: 0, tablesUpdated: 0, tablesRemoved: 0, finishedAt: null, ...over });

test("polling while queued or running", () => {
  assert.equal(isActive(sync({ status: "queued" })), true);
  assert.equal(isActive(sync({ status: "running" })), true);
  assert.equal(isActive(sync({ status: "done" })), false);
  assert.equal(isActive(sync({ status: "failed" })), false);
});

test("progress", () => {
  assert.equal(progressOf(sync({ status: "running", tablesTotal: 4, tablesDone: 1 })), 0.25);
  assert.equal(progressOf(sync({ status: "running" })), null);
  assert.equal(progressOf(sync({ status: "queued", tablesTotal: 4, tablesDone: 4 })), null, "the last run's counts are not this one's");
  assert.equal(progressOf(sync({ status: "done" })), 1);
  assert.equal(progressOf(sync({ status: "running", tablesTotal: 2, tablesDone: 5 })), 1);
});

test("status and counts in words", () => {
  assert.equal(statusWords(sync({ status: "running", tablesTotal: 1200, tablesDone: 3 })), "Reading tables: 3 of 1,200");
  assert.equal(statusWords(sync({})), "Never synced");
  assert.equal(countsWords(sync({})), "");
  assert.equal(countsWords(sync({ status: "done", tablesTotal: 4, tablesAdded: 4, finishedAt: "x" })), "4 tables · 4 added");
  assert.equal(countsWords(sync({ status: "done", tablesTotal: 1, finishedAt: "x" })), "1 table · no changes");
});

test("the interval field", () => {
  assert.deepEqual(parseInterval("24"), { hours: 24 });
  assert.deepEqual(parseInterval(" 0 "), { hours: 0 });
  assert.ok(parseInterval("1.5").error, "whole hours");
  assert.ok(parseInterval("-1").error);
  assert.ok(parseInterval("daily").error);
  assert.ok(parseInterval("100000").error);
  assert.equal(intervalWords(0), "on demand only");
  assert.equal(intervalWords(24), "daily");
  assert.equal(intervalWords(48), "every 2 days");
  assert.equal(intervalWords(6), "every 6 h");
});
