import { test } from "node:test";
import assert from "node:assert/strict";
import { dateAdapter as a, installDateAdapter } from "../../../Assets/js/chartDateAdapter.js";

const t = Date.UTC(2026, 9, 14, 13, 45, 30, 123); // a Wednesday

test("parses ISO text (UTC unless it says otherwise) and epoch numbers", () => {
  assert.equal(a.parse("2026-10-14 13:45:30.123"), t);
  assert.equal(a.parse("2026-10-14"), Date.UTC(2026, 9, 14));
  assert.equal(a.parse(1_793_491_200), 1_793_491_200_000);
  assert.equal(a.parse(new Date(t)), t);
  assert.equal(a.parse("soon"), null);
  assert.equal(a.parse(null), null);
});

test("formats each unit, in UTC", () => {
  const f = a.formats();
  assert.equal(a.format(t, f.datetime), "2026-10-14 13:45:30");
  assert.equal(a.format(t, f.millisecond), "13:45:30.123");
  assert.equal(a.format(t, f.minute), "13:45");
  assert.equal(a.format(t, f.hour), "Oct 14, 13:45");
  assert.equal(a.format(t, f.day), "Oct 14");
  assert.equal(a.format(t, f.month), "Oct 2026");
  assert.equal(a.format(t, f.quarter), "Q4 2026");
  assert.equal(a.format(t, f.year), "2026");
});

test("start and end of units; weeks from Sunday, ISO weeks from Monday", () => {
  assert.equal(a.startOf(t, "hour"), Date.UTC(2026, 9, 14, 13));
  assert.equal(a.startOf(t, "day"), Date.UTC(2026, 9, 14));
  assert.equal(a.startOf(t, "week"), Date.UTC(2026, 9, 11));
  assert.equal(a.startOf(t, "isoWeek", true), Date.UTC(2026, 9, 12));
  assert.equal(a.startOf(t, "isoWeek", 1), Date.UTC(2026, 9, 12));
  assert.equal(a.startOf(t, "month"), Date.UTC(2026, 9, 1));
  assert.equal(a.startOf(t, "quarter"), Date.UTC(2026, 9, 1));
  assert.equal(a.startOf(t, "year"), Date.UTC(2026, 0, 1));
  assert.equal(a.endOf(t, "day"), Date.UTC(2026, 9, 15) - 1);
  assert.equal(a.endOf(t, "month"), Date.UTC(2026, 10, 1) - 1);
});

test("adds and diffs by calendar units", () => {
  assert.equal(a.add(t, 2, "hour"), t + 7_200_000);
  assert.equal(a.add(Date.UTC(2026, 0, 31), 1, "month"), Date.UTC(2026, 2, 3), "as Date does: Feb 31 is Mar 3");
  assert.equal(a.add(Date.UTC(2026, 9, 1), 1, "quarter"), Date.UTC(2027, 0, 1));
  assert.equal(a.add(Date.UTC(2026, 9, 1), -2, "year"), Date.UTC(2024, 9, 1));
  assert.equal(a.diff(Date.UTC(2026, 9, 2), Date.UTC(2026, 9, 1), "hour"), 24);
  assert.equal(a.diff(Date.UTC(2027, 3, 1), Date.UTC(2026, 9, 1), "month"), 6);
  assert.equal(a.diff(Date.UTC(2028, 9, 1), Date.UTC(2026, 9, 1), "year"), 2);
});

test("installs into Chart.js's adapter slot", () => {
  let given = null;
  installDateAdapter({ _adapters: { _date: { override: (methods) => { given = methods; } } } });
  assert.equal(given, a);
  installDateAdapter(undefined); // no Chart.js: nothing to do, no error
});
