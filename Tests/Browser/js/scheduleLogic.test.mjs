import assert from "node:assert/strict";
import { test } from "node:test";
import {
  LAST_DAY, defaultRecurrence, editorState, errorField, fromCron, notificationText, parseEmails, parseTime,
  recurrenceErrors, runActive, scheduleErrors, schedulePayload, toCron,
} from "../../../Assets/js/scheduleLogic.js";

const base = defaultRecurrence();
const form = (kind, extra) => ({ ...base, kind, ...extra });
const simple = (r) => {
  const { kind, minute, hour, weekdays, days } = r;
  if (kind === "hourly") return { kind, minute };
  if (kind === "daily") return { kind, minute, hour };
  if (kind === "weekly") return { kind, minute, hour, weekdays };
  if (kind === "monthly") return { kind, minute, hour, days };
  return { kind, cron: r.cron };
};

test("every simple form makes its cron and opens back in the same form", () => {
  const cases = [
    [form("hourly", { minute: 15 }), "15 * * * *"],
    [form("hourly", { minute: 0 }), "0 * * * *"],
    [form("daily", { hour: 0, minute: 0 }), "0 0 * * *"],
    [form("daily", { hour: 23, minute: 59 }), "59 23 * * *"],
    [form("weekly", { hour: 9, minute: 30, weekdays: [1] }), "30 9 * * 1"],
    [form("weekly", { hour: 9, minute: 0, weekdays: [5, 1, 3] }), "0 9 * * 1,3,5"],
    [form("weekly", { hour: 7, minute: 5, weekdays: [1, 2, 3, 4, 5] }), "5 7 * * 1-5"],
    [form("weekly", { hour: 7, minute: 5, weekdays: [0, 6] }), "5 7 * * 0,6"],
    [form("weekly", { hour: 7, minute: 5, weekdays: [0, 1, 2, 3, 4, 5, 6] }), "5 7 * * 0-6"],
    [form("monthly", { hour: 6, minute: 0, days: [1] }), "0 6 1 * *"],
    [form("monthly", { hour: 6, minute: 0, days: [15, 1] }), "0 6 1,15 * *"],
    [form("monthly", { hour: 6, minute: 0, days: [LAST_DAY] }), "0 6 L * *"],
    [form("monthly", { hour: 6, minute: 0, days: [LAST_DAY, 1, 2, 3, 10] }), "0 6 1-3,10,L * *"],
  ];
  for (const [r, cron] of cases) {
    assert.equal(toCron(r), cron, JSON.stringify(r));
    const back = fromCron(cron);
    const expected = simple(r);
    if (expected.weekdays) expected.weekdays = [...expected.weekdays].sort((a, b) => a - b);
    if (expected.days) expected.days = [...expected.days].sort((a, b) => (a === "L" ? 1 : b === "L" ? -1 : a - b));
    assert.deepEqual(simple(back), expected, cron);
    assert.equal(back.cron, cron);
    assert.equal(toCron(back), cron, `round trip of ${cron}`);
  }
});

test("a raw cron that fits a simple form opens in that form", () => {
  assert.deepEqual(simple(fromCron("0 9 * * MON-FRI")), { kind: "weekly", minute: 0, hour: 9, weekdays: [1, 2, 3, 4, 5] });
  assert.deepEqual(simple(fromCron("  0   9 * *   sun,SAT ")), { kind: "weekly", minute: 0, hour: 9, weekdays: [0, 6] });
  assert.deepEqual(simple(fromCron("0 9 * * 7")), { kind: "weekly", minute: 0, hour: 9, weekdays: [0] });
  assert.deepEqual(simple(fromCron("0 9 * * 0,7")), { kind: "weekly", minute: 0, hour: 9, weekdays: [0] });
  assert.deepEqual(simple(fromCron("05 09 * * *")), { kind: "daily", minute: 5, hour: 9 });
  assert.deepEqual(simple(fromCron("0 12 1-3,l * *")), { kind: "monthly", minute: 0, hour: 12, days: [1, 2, 3, "L"] });
  assert.deepEqual(simple(fromCron("45 * * * *")), { kind: "hourly", minute: 45 });
  assert.equal(toCron(fromCron("0 9 * * MON-FRI")), "0 9 * * 1-5");
});

test("what no simple form says stays raw cron, its text kept", () => {
  for (const cron of [
    "*/15 * * * *", "0 */2 * * *", "0 9,17 * * *", "0 9-17 * * *", "0 9 * 1 *", "0 9 1 * 1", "0 9 * * 1/2",
    "0 9 */2 * *", "* * * * *", "0 * * * 1", "0 * 1 * *", "60 9 * * *", "0 24 * * *", "0 9 32 * *", "0 9 * * 8",
    "0 9 5-1 * *", "0 9 * * FRI-MON", "0 9 * *", "0 9 * * * *", "", "@daily", "0 9 1,,2 * *",
  ]) {
    const r = fromCron(cron);
    assert.equal(r.kind, "cron", cron);
    assert.equal(r.cron, cron.trim(), cron);
    assert.equal(toCron(r), cron.trim());
  }
});

test("switching kinds keeps the time and the picked days", () => {
  const r = fromCron("30 8 * * 2,4");
  assert.equal(toCron({ ...r, kind: "daily" }), "30 8 * * *");
  assert.equal(toCron({ ...r, kind: "hourly" }), "30 * * * *");
  assert.equal(toCron({ ...r, kind: "monthly" }), "30 8 1 * *");
  assert.equal(toCron({ ...r, kind: "cron", cron: " 1  2 3 4 5 " }), "1 2 3 4 5");
});

test("the recurrence's own checks", () => {
  assert.deepEqual(recurrenceErrors(form("weekly", { weekdays: [] })), { weekdays: "Pick at least one weekday." });
  assert.deepEqual(recurrenceErrors(form("monthly", { days: [] })), { days: "Pick at least one day of the month." });
  assert.ok(recurrenceErrors(form("hourly", { minute: 60 })).minute);
  assert.ok(recurrenceErrors(form("daily", { hour: 24 })).time);
  assert.match(recurrenceErrors(form("cron", { cron: "0 9 * *" })).cron, /has 4/);
  assert.ok(recurrenceErrors(form("cron", { cron: "  " })).cron);
  // The server judges the fields themselves.
  assert.deepEqual(recurrenceErrors(form("cron", { cron: "61 * * * *" })), {});
  assert.deepEqual(recurrenceErrors(base), {});
});

test("times from a time input", () => {
  assert.deepEqual(parseTime("09:05"), { hour: 9, minute: 5 });
  assert.deepEqual(parseTime("23:59"), { hour: 23, minute: 59 });
  assert.equal(parseTime("24:00"), null);
  assert.equal(parseTime(""), null);
  assert.equal(parseTime("9"), null);
});

const state = (extra = {}) => ({ ...editorState(null, "Europe/Berlin"), ...extra });

test("a new schedule's state and its body", () => {
  const s = state();
  assert.equal(s.timezone, "Europe/Berlin");
  assert.deepEqual(scheduleErrors(s), {});
  assert.deepEqual(schedulePayload({ ...s, exports: { 12: "csv", 13: null, 14: "xlsx" } }), {
    cron: "0 9 * * 1-5", timezone: "Europe/Berlin", retries: 2, retryDelaySeconds: 60, disableAfterFailures: 5,
    notify: { on: "never", webhookUrl: null, emails: [] },
    exports: [{ cellId: 12, format: "csv" }, { cellId: 14, format: "xlsx" }],
  });
});

test("the form's checks name their field", () => {
  assert.deepEqual(Object.keys(scheduleErrors(state({ retries: "11", retryDelaySeconds: "9", disableAfterFailures: "-1" }))).sort(),
    ["disableAfterFailures", "retries", "retryDelaySeconds"]);
  assert.deepEqual(scheduleErrors(state({ retries: "0", retryDelaySeconds: "86400", disableAfterFailures: "100" })), {});
  assert.ok(scheduleErrors(state({ retries: "1.5" })).retries);
  assert.ok(scheduleErrors(state({ webhookUrl: "ftp://x", notifyOn: "always" })).webhookUrl);
  assert.ok(scheduleErrors(state({ notifyOn: "failure" })).webhookUrl, "somewhere to send to");
  assert.deepEqual(scheduleErrors(state({ notifyOn: "failure", webhookUrl: "https://hooks.example/x" })), {});
  assert.match(scheduleErrors(state({ notifyOn: "always", emails: "a@b.co, nope" })).emails, /nope/);
  const many = Array.from({ length: 21 }, (_, i) => `u${i}@x.org`).join("\n");
  assert.match(scheduleErrors(state({ notifyOn: "always", emails: many })).emails, /At most 20/);
  assert.ok(scheduleErrors(state({ timezone: "Mars/Base" }), ["UTC", "Europe/Berlin"]).timezone);
  assert.ok(scheduleErrors(state({ timezone: "" })).timezone);
});

test("emails are split on commas, spaces and lines", () => {
  assert.deepEqual(parseEmails(" a@x.org,b@y.org\n c@z.org ;; "), ["a@x.org", "b@y.org", "c@z.org"]);
  assert.deepEqual(parseEmails(""), []);
});

test("a saved schedule opens in its form and saves the same body back", () => {
  const saved = {
    cron: "15 6 1,L * *", timezone: "America/New_York", retries: 3, retryDelaySeconds: 120, disableAfterFailures: 0,
    notify: { on: "failure", webhookUrl: "https://hooks.example/q", emails: ["a@x.org", "b@x.org"] },
    exports: [{ cellId: 7, format: "xlsx" }],
  };
  const s = editorState(saved, "UTC");
  assert.equal(s.recurrence.kind, "monthly");
  assert.deepEqual(s.recurrence.days, [1, "L"]);
  const body = schedulePayload(s);
  assert.deepEqual(body, { ...saved, notify: { ...saved.notify } });
  // A viewer is not shown the webhook (null): the field is empty.
  assert.equal(editorState({ ...saved, notify: { ...saved.notify, webhookUrl: null } }, "UTC").webhookUrl, "");
});

test("server errors land next to their field", () => {
  assert.equal(errorField({ code: "invalid_cron", message: "Field 2 (hour): 24 is out of range 0–23." }), "cron");
  assert.equal(errorField({ code: "invalid_timezone", message: "Unknown time zone Mars/Base." }), "timezone");
  assert.equal(errorField({ code: "invalid_schedule", message: "retries must be from 0 to 10." }), "retries");
  assert.equal(errorField({ code: "invalid_schedule", message: "retryDelaySeconds must be from 10 to 86400." }), "retryDelaySeconds");
  assert.equal(errorField({ code: "invalid_schedule", message: "disableAfterFailures must be from 0 to 100." }), "disableAfterFailures");
  assert.equal(errorField({ code: "invalid_schedule", message: "notify.webhookUrl must be an http or https URL." }), "webhookUrl");
  assert.equal(errorField({ code: "invalid_schedule", message: "notify.emails: x is not an email address." }), "emails");
  assert.equal(errorField({ code: "invalid_schedule", message: "exports: cell 9 is not a query cell of this doc." }), "exports");
  // As the server words them: the field first, in backticks.
  for (const [message, key] of [
    ["`retries` must be from 0 to 10, not 11.", "retries"],
    ["`retryDelaySeconds` must be from 10 to 86400, not 5.", "retryDelaySeconds"],
    ["`disableAfterFailures` must be from 0 to 100, not 101.", "disableAfterFailures"],
    ["`notify.on` must be never, failure, success or always, not `x`.", "notifyOn"],
    ["`notify.webhookUrl` must be an http or https URL.", "webhookUrl"],
    ["`notify.emails`: `x` is not an email address.", "emails"],
    ["`exports`: cell 4 is not a query cell of this doc.", "exports"],
    ["`timezone` is required: an IANA time zone such as Europe/Berlin or UTC.", "timezone"],
    ["`cron` is required: five fields, minute hour day-of-month month day-of-week.", "cron"],
  ]) assert.equal(errorField({ code: "invalid_schedule", message }), key, message);
  assert.equal(errorField({ code: "forbidden", message: "Only editors can change the schedule." }), "form");
  assert.equal(errorField(null), "form");
});

test("runs in words", () => {
  assert.ok(runActive({ status: "queued" }) && runActive({ status: "running" }) && runActive({ status: "retrying" }));
  assert.ok(!runActive({ status: "done" }) && !runActive({ status: "failed" }) && !runActive(null));
  assert.equal(notificationText({ channel: "webhook", target: "https://h/x", sent: true, error: null }), "Webhook to https://h/x: sent");
  assert.equal(notificationText({ channel: "email", target: "a@x.org", sent: false, error: "550 no such user" }),
    "Email to a@x.org: not sent (550 no such user)");
});

test("descriptions: cronstrue's words, ours without it, its errors", async () => {
  const { describeCron, describeRecurrence } = await import("../../../Assets/js/scheduleLogic.js");
  assert.equal(describeRecurrence(fromCron("15 * * * *")), "Every hour at minute 15");
  assert.equal(describeRecurrence(fromCron("0 9 * * *")), "Every day at 09:00");
  assert.equal(describeRecurrence(fromCron("5 7 * * 1,3,5")), "Every Mon, Wed and Fri at 07:05");
  assert.equal(describeRecurrence(fromCron("0 6 1,L * *")), "On day 1 and the last day of the month at 06:00");
  assert.equal(describeRecurrence(fromCron("*/5 * * * *")), null);
  assert.deepEqual(describeCron("0 9 * * *", null), { text: "Every day at 09:00" });
  assert.deepEqual(describeCron("", null), { error: "No cron expression yet." });
  assert.deepEqual(describeCron("0 9 * * *", { toString: () => { throw "Error: Expression has only 4 parts."; } }), { error: "Expression has only 4 parts." });
  let lib = null;
  try {
    const { createRequire } = await import("node:module");
    lib = createRequire(import.meta.url)("/usr/share/nodejs/cronstrue");
  } catch {
    return; // node-cronstrue is not installed here: the fake above covered the calls
  }
  assert.equal(describeCron("0 9 * * 1-5", lib).text, "At 09:00, Monday through Friday");
  assert.equal(describeCron("30 8 1,15,L * *", lib).text, "At 08:30, on day 1, 15, and the last day of the month");
  assert.equal(describeCron("15 * * * *", lib).text, "At 15 minutes past the hour");
  assert.ok(describeCron("0 9 * *", lib).error);
});

test("unsaved changes: the same rule written two ways is no change", async () => {
  const { scheduleKey } = await import("../../../Assets/js/scheduleLogic.js");
  const saved = editorState({ cron: "0 9 * * MON-FRI", timezone: "UTC", retries: 2, retryDelaySeconds: 60, disableAfterFailures: 5,
    notify: { on: "never", webhookUrl: null, emails: [] }, exports: [{ cellId: 3, format: "csv" }, { cellId: 1, format: "xlsx" }] }, "UTC");
  const raw = { ...saved, recurrence: { ...saved.recurrence, kind: "cron", cron: "0 9 * * MON-FRI" } };
  assert.equal(scheduleKey(raw), scheduleKey(saved));
  assert.equal(scheduleKey({ ...saved, exports: { 1: "xlsx", 3: "csv" } }), scheduleKey(saved));
  assert.notEqual(scheduleKey({ ...saved, retries: "3" }), scheduleKey(saved));
  assert.notEqual(scheduleKey({ ...raw, recurrence: { ...raw.recurrence, cron: "0 9 * * MON-SAT" } }), scheduleKey(saved));
});
