// node --test Tests/Browser/js — pure helpers of the web UI.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatCount, formatRows, formatDuration, elapsedMs, formatRelativeTime, formatValue, escapeHtml, docTitle, isNumericType,
} from "../../../Assets/js/format.js";

test("counts group their digits", () => {
  assert.equal(formatCount(0), "0");
  assert.equal(formatCount(1000000), "1,000,000");
  assert.equal(formatCount(NaN), "0");
  assert.equal(formatRows(1), "1 row");
  assert.equal(formatRows(120000), "120,000 rows");
});

test("durations read like a person says them", () => {
  for (const [ms, text] of [
    [0, "0 ms"], [320, "320 ms"], [1000, "1.0 s"], [3240, "3.2 s"], [9999, "9.9 s"], [42000, "42 s"],
    [125000, "2 m 05 s"], [3720000, "1 h 02 m"], [-5, "0 ms"],
  ]) assert.equal(formatDuration(ms), text, `${ms} ms`);
});

test("elapsed time between ISO strings", () => {
  assert.equal(elapsedMs("2025-01-01T00:00:00Z", "2025-01-01T00:00:01.5Z"), 1500);
  assert.equal(elapsedMs(null, "2025-01-01T00:00:00Z"), null);
  assert.equal(elapsedMs("2025-01-01T00:00:02Z", "2025-01-01T00:00:00Z"), 0);
});

test("relative times", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  assert.equal(formatRelativeTime("2025-06-01T11:59:50Z", now), "just now");
  assert.equal(formatRelativeTime("2025-06-01T11:55:00Z", now), "5 min ago");
  assert.equal(formatRelativeTime("2025-06-01T09:00:00Z", now), "3 h ago");
  assert.equal(formatRelativeTime("2025-05-31T12:00:00Z", now), "yesterday");
  assert.equal(formatRelativeTime("2025-05-28T12:00:00Z", now), "4 days ago");
});

test("values become text with a kind, never markup", () => {
  assert.deepEqual(formatValue(null), { text: "NULL", kind: "null" });
  assert.deepEqual(formatValue(42), { text: "42", kind: "number" });
  assert.deepEqual(formatValue("<b>x</b>"), { text: "<b>x</b>", kind: "text" });
  assert.deepEqual(formatValue("\\x00ff"), { text: "\\x00ff", kind: "blob" });
  assert.deepEqual(formatValue("\\xyz"), { text: "\\xyz", kind: "text" });
  assert.ok(isNumericType("integer") && isNumericType("real") && !isNumericType("text"));
});

test("escaping and titles", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  assert.equal(docTitle({ title: "  " }), "Untitled doc");
  assert.equal(docTitle({ title: "Q3 report" }), "Q3 report");
});
