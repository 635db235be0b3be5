import assert from "node:assert/strict";
import { test } from "node:test";
import { formatInZone, instantOf, knownZone, nextFires, parseCron, zoneList } from "../../../Assets/js/scheduleTime.js";

const iso = (list) => list.map((t) => new Date(t).toISOString());

test("weekday mornings in Berlin", () => {
  // Tue Dec 1 2026, 23:00 UTC = Wed 00:00 in Berlin.
  assert.deepEqual(iso(nextFires("0 9 * * 1-5", "Europe/Berlin", Date.UTC(2026, 11, 1, 23, 0), 4)),
    ["2026-12-02T08:00:00.000Z", "2026-12-03T08:00:00.000Z", "2026-12-04T08:00:00.000Z", "2026-12-07T08:00:00.000Z"]);
});

test("strictly after the instant", () => {
  const at = Date.UTC(2026, 0, 1, 9, 0);
  assert.deepEqual(iso(nextFires("0 9 * * *", "UTC", at, 1)), ["2026-01-02T09:00:00.000Z"]);
  assert.deepEqual(iso(nextFires("0 9 * * *", "UTC", at - 1, 1)), ["2026-01-01T09:00:00.000Z"]);
});

test("a time skipped by DST fires when the gap ends; a repeated one at its first occurrence", () => {
  assert.deepEqual(iso(nextFires("30 2 * * *", "Europe/Berlin", Date.UTC(2026, 2, 28, 12), 2)),
    ["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  assert.deepEqual(iso(nextFires("30 2 * * *", "Europe/Berlin", Date.UTC(2026, 9, 24, 12), 2)),
    ["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  assert.equal(new Date(instantOf(Date.UTC(2026, 2, 8, 2, 30), "America/New_York")).toISOString(), "2026-03-08T07:00:00.000Z");
  // Every 15 minutes across the gap: 02:00–02:45 do not exist, all land on 03:00 once.
  assert.deepEqual(iso(nextFires("*/15 * * * *", "America/New_York", Date.UTC(2026, 2, 8, 6, 40), 3)),
    ["2026-03-08T06:45:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-08T07:15:00.000Z"]);
});

test("the last day of the month, leap years, never", () => {
  assert.deepEqual(iso(nextFires("0 0 L * *", "UTC", Date.UTC(2026, 0, 31, 1), 3)),
    ["2026-02-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z", "2026-04-30T00:00:00.000Z"]);
  assert.deepEqual(iso(nextFires("0 0 29 2 *", "UTC", Date.UTC(2026, 0, 1), 1)), ["2028-02-29T00:00:00.000Z"]);
  assert.deepEqual(nextFires("0 0 30 2 *", "UTC", Date.UTC(2026, 0, 1), 1), []);
});

test("both day fields restricted: either matches (Vixie)", () => {
  // Jan 2026: the 13th is a Tuesday; Fridays are the 2nd, 9th, 16th.
  assert.deepEqual(iso(nextFires("0 12 13 * 5", "UTC", Date.UTC(2026, 0, 1), 3)),
    ["2026-01-02T12:00:00.000Z", "2026-01-09T12:00:00.000Z", "2026-01-13T12:00:00.000Z"]);
});

test("cron parsing for the preview", () => {
  assert.ok(parseCron("*/5 1-3,7 L JAN-MAR sun"));
  assert.deepEqual(parseCron("0 0 * * 7").dow.set.has(0), true);
  for (const bad of ["", "0 9 * *", "61 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8", "*/0 * * * *", "5-1 * * * *", "x * * * *"]) {
    assert.equal(parseCron(bad), null, bad);
    assert.deepEqual(nextFires(bad, "UTC", 0, 1), []);
  }
  assert.deepEqual(nextFires("0 9 * * *", "Mars/Base", 0, 1), []);
});

test("zones and formatting", () => {
  assert.ok(knownZone("Asia/Kolkata"));
  assert.ok(!knownZone("Mars/Base"));
  const zones = zoneList("Etc/Saved");
  assert.equal(zones[0], "Etc/Saved");
  assert.ok(zones.includes("UTC") && zones.includes("Europe/Berlin"));
  assert.equal(zoneList()[0], "UTC");
  assert.equal(formatInZone(Date.UTC(2026, 0, 31, 1, 7), "Asia/Kolkata"), "Sat, Jan 31, 2026, 06:37 GMT+5:30");
  assert.equal(formatInZone("2026-07-01T07:00:00Z", "Europe/Berlin"), "Wed, Jul 1, 2026, 09:00 GMT+2");
  assert.equal(formatInZone(null, "UTC"), "");
  assert.equal(formatInZone("2026-07-01T07:00:05Z", "Europe/Berlin", { short: true }), "Jul 1, 09:00:05");
});
