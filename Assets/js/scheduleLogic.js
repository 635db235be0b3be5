// A doc schedule's logic, with no DOM (Tests/Browser/js/scheduleLogic.test.mjs): the
// recurrence form ↔ the cron string, the checks made before a save, the PUT body, which field
// a server error belongs to, and how runs read. The server's cron parser is the authority;
// what is here only decides which form a cron opens in.

/** The recurrence kinds, in the editor's order. */
export const KINDS = ["hourly", "daily", "weekly", "monthly", "cron"];

/** Sunday first, as cron numbers them (0 = Sunday; 7 is Sunday too). */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAY_NAMES = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

/** "Last day of the month" in a monthly form's days and in cron's day-of-month field. */
export const LAST_DAY = "L";

/** Defaults of a new schedule (the contract's). */
export const DEFAULTS = { retries: 2, retryDelaySeconds: 60, disableAfterFailures: 5 };
export const LIMITS = {
  retries: [0, 10], retryDelaySeconds: [10, 86400], disableAfterFailures: [0, 100], emails: 20,
};
export const NOTIFY_ON = ["never", "failure", "success", "always"];

const sortDays = (days) => [...new Set(days)].sort((a, b) => (a === LAST_DAY ? 1 : b === LAST_DAY ? -1 : a - b));

/** A recurrence with every field set: the one a new schedule starts with (weekdays at 09:00). */
export function defaultRecurrence() {
  return { kind: "weekly", minute: 0, hour: 9, weekdays: [1, 2, 3, 4, 5], days: [1], cron: "0 9 * * 1-5" };
}

// "1,2,3,5" → "1-3,5": runs of three or more read better as ranges.
function compress(numbers) {
  const parts = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j += 1;
    if (j - i >= 2) parts.push(`${numbers[i]}-${numbers[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(String(numbers[k]));
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * The cron string of a recurrence: hourly `M * * * *`, daily `M H * * *`, weekly `M H * * D,…`,
 * monthly `M H d,…,L * *`; `kind: "cron"` gives its text trimmed, with single spaces.
 */
export function toCron(r) {
  const m = Number(r.minute);
  const hr = Number(r.hour);
  switch (r.kind) {
    case "hourly": return `${m} * * * *`;
    case "daily": return `${m} ${hr} * * *`;
    case "weekly": return `${m} ${hr} * * ${compress(sortDays(r.weekdays.map(Number)))}`;
    case "monthly": {
      const days = sortDays(r.days);
      const numbers = compress(days.filter((d) => d !== LAST_DAY));
      return `${m} ${hr} ${[numbers, days.includes(LAST_DAY) ? LAST_DAY : ""].filter(Boolean).join(",")} * *`;
    }
    default: return String(r.cron || "").trim().split(/\s+/).join(" ");
  }
}

const int = (text, low, high) => (/^\d{1,2}$/.test(text) && Number(text) >= low && Number(text) <= high ? Number(text) : null);

// A list of numbers, ranges `a-b` or names (`names`), each within [low, high]; null when any
// item does not fit (steps, `*` inside a list, reversed ranges…).
function list(text, low, high, names = {}, extra = null) {
  const out = [];
  for (const item of text.split(",")) {
    if (extra && item.toUpperCase() === extra) {
      out.push(extra);
      continue;
    }
    const value = (t) => (names[t.toUpperCase()] !== undefined ? names[t.toUpperCase()] : int(t, low, high));
    const range = item.split("-");
    if (range.length === 1) {
      const v = value(item);
      if (v === null) return null;
      out.push(v);
    } else if (range.length === 2) {
      const a = value(range[0]);
      const b = value(range[1]);
      if (a === null || b === null || a > b) return null;
      for (let v = a; v <= b; v += 1) out.push(v);
    } else return null;
  }
  return out.length ? out : null;
}

/**
 * The form a cron string opens in: `{kind, minute, hour, weekdays, days, cron}`. A cron that
 * fits none of the simple forms (steps, several hours, a month, both day fields…) opens as
 * `kind: "cron"`, its text kept. The other fields carry defaults, so switching kinds keeps
 * a sensible time.
 */
export function fromCron(cron) {
  const text = String(cron || "").trim().split(/\s+/).join(" ");
  const base = { ...defaultRecurrence(), cron: text };
  const raw = { ...base, kind: "cron" };
  const f = text.split(" ");
  if (f.length !== 5) return raw;
  const [min, hour, dom, month, dow] = f;
  const minute = int(min, 0, 59);
  if (minute === null || month !== "*") return raw;
  if (hour === "*") return dom === "*" && dow === "*" ? { ...base, kind: "hourly", minute } : raw;
  const h = int(hour, 0, 23);
  if (h === null) return raw;
  const at = { ...base, minute, hour: h };
  if (dom === "*" && dow === "*") return { ...at, kind: "daily" };
  if (dom === "*") {
    const days = list(dow, 0, 7, DAY_NAMES);
    return days ? { ...at, kind: "weekly", weekdays: sortDays(days.map((d) => d % 7)) } : raw;
  }
  if (dow === "*") {
    const days = list(dom, 1, 31, {}, LAST_DAY);
    return days ? { ...at, kind: "monthly", days: sortDays(days) } : raw;
  }
  return raw;
}

/** "09:05" from hour and minute. */
export const timeText = (hour, minute) => `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

/** `{hour, minute}` from "HH:MM" (an `<input type=time>`'s value), or null. */
export function parseTime(text) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(text || "").trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The recurrence's own problems (field key → message); the server checks the cron itself. */
export function recurrenceErrors(r) {
  const errors = {};
  if (r.kind !== "cron" && (int(String(r.minute), 0, 59) === null)) errors.minute = "Pick a minute from 0 to 59.";
  if ((r.kind === "daily" || r.kind === "weekly" || r.kind === "monthly") && int(String(r.hour), 0, 23) === null) {
    errors.time = "Pick a time of day.";
  }
  if (r.kind === "weekly" && !(r.weekdays || []).length) errors.weekdays = "Pick at least one weekday.";
  if (r.kind === "monthly" && !(r.days || []).length) errors.days = "Pick at least one day of the month.";
  if (r.kind === "cron") {
    const fields = toCron(r).split(" ").filter(Boolean).length;
    if (!fields) errors.cron = "Type a cron expression, for example 0 9 * * 1-5.";
    else if (fields !== 5) errors.cron = `A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${fields}.`;
  }
  return errors;
}

/** Emails from a text of addresses separated by commas, spaces or new lines. */
export function parseEmails(text) {
  return String(text || "").split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean);
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function whole(text, [low, high]) {
  const s = String(text).trim();
  return /^\d+$/.test(s) && Number(s) >= low && Number(s) <= high ? Number(s) : null;
}

/**
 * Every problem of the editor's state `s` before it is sent (field key → message):
 * `{recurrence, timezone, retries, retryDelaySeconds, disableAfterFailures, notifyOn,
 * webhookUrl, emails (text)}`.
 */
export function scheduleErrors(s, zones = null) {
  const errors = recurrenceErrors(s.recurrence);
  if (!s.timezone) errors.timezone = "Pick a time zone.";
  else if (zones && !zones.includes(s.timezone)) errors.timezone = `${s.timezone} is not a time zone this browser knows.`;
  for (const key of ["retries", "retryDelaySeconds", "disableAfterFailures"]) {
    const [low, high] = LIMITS[key];
    if (whole(s[key], LIMITS[key]) === null) errors[key] = `A whole number from ${low} to ${high}.`;
  }
  const url = String(s.webhookUrl || "").trim();
  if (url && !/^https?:\/\/[^\s/]+/i.test(url)) errors.webhookUrl = "A webhook URL starts with http:// or https://.";
  const emails = parseEmails(s.emails);
  const bad = emails.find((e) => !EMAIL.test(e));
  if (bad) errors.emails = `${bad} is not an email address.`;
  else if (emails.length > LIMITS.emails) errors.emails = `At most ${LIMITS.emails} addresses (${emails.length} given).`;
  if (s.notifyOn !== "never" && !url && !emails.length) {
    errors.webhookUrl = "Say where to send notifications: a webhook URL or emails (or notify never).";
  }
  return errors;
}

/** The PUT /api/docs/{id}/schedule body from the editor's state (checked first). */
export function schedulePayload(s) {
  const url = String(s.webhookUrl || "").trim();
  return {
    cron: toCron(s.recurrence),
    timezone: s.timezone,
    retries: Number(String(s.retries).trim()),
    retryDelaySeconds: Number(String(s.retryDelaySeconds).trim()),
    disableAfterFailures: Number(String(s.disableAfterFailures).trim()),
    notify: { on: s.notifyOn, webhookUrl: url || null, emails: parseEmails(s.emails) },
    exports: Object.entries(s.exports || {}).filter(([, format]) => format).map(([cellId, format]) => ({ cellId: Number(cellId), format })),
  };
}

/**
 * What a save of `s` would change, as a string to compare: its body with the cron read the
 * way the form reads it, so "0 9 * * MON-FRI" and the form's "0 9 * * 1-5" are the same.
 */
export function scheduleKey(s) {
  const body = schedulePayload(s);
  return JSON.stringify({ ...body, cron: toCron(fromCron(body.cron)), exports: [...body.exports].sort((a, b) => a.cellId - b.cellId) });
}

/**
 * The editor's state for a saved schedule (or a new one: `schedule` null, in `browserZone`).
 * Viewers get `webhookUrl: null`; `webhookHidden` says the server kept it from them.
 */
export function editorState(schedule, browserZone) {
  if (!schedule) {
    return {
      recurrence: defaultRecurrence(), timezone: browserZone || "UTC", ...DEFAULTS,
      notifyOn: "never", webhookUrl: "", emails: "", exports: {},
    };
  }
  const notify = schedule.notify || { on: "never", webhookUrl: null, emails: [] };
  return {
    recurrence: fromCron(schedule.cron), timezone: schedule.timezone,
    retries: schedule.retries, retryDelaySeconds: schedule.retryDelaySeconds, disableAfterFailures: schedule.disableAfterFailures,
    notifyOn: notify.on || "never", webhookUrl: notify.webhookUrl || "", emails: (notify.emails || []).join(", "),
    exports: Object.fromEntries((schedule.exports || []).map((e) => [String(e.cellId), e.format])),
  };
}

// Words in an invalid_schedule message that name the field (the server says which).
const FIELD_WORDS = [
  ["retryDelaySeconds", /retry ?delay|retryDelaySeconds/i],
  ["disableAfterFailures", /disable|disableAfterFailures/i],
  ["retries", /retries|retry/i],
  ["webhookUrl", /webhook/i],
  ["emails", /e-?mail/i],
  ["exports", /export|cell/i],
  ["notifyOn", /notify|notification/i],
  ["timezone", /time ?zone/i],
  ["cron", /cron/i],
];

/** The field a server error belongs to (the cron's, the zone's, or the one its message names); "form" when none. */
export function errorField(error) {
  if (!error) return "form";
  if (error.code === "invalid_cron") return "cron";
  if (error.code === "invalid_timezone") return "timezone";
  if (error.code === "invalid_schedule" || error.code === "bad_request" || error.status === 400) {
    // The server's messages start with the field in backticks: "`notify.emails`: …".
    const named = /^`([\w.]+)`/.exec(error.message || "");
    if (named) {
      const key = named[1].replace(/^notify\./, "");
      if (key === "on") return "notifyOn";
      if (["cron", "timezone", "retries", "retryDelaySeconds", "disableAfterFailures", "webhookUrl", "emails", "exports"].includes(key)) return key;
    }
    const found = FIELD_WORDS.find(([, words]) => words.test(error.message || ""));
    if (found) return found[0];
  }
  return "form";
}

/** A run still going: the history refreshes while one is. */
export const runActive = (run) => Boolean(run) && ["queued", "running", "retrying"].includes(run.status);

/** The status words of a run or a schedule. */
export function statusLabel(status) {
  return {
    queued: "Queued", running: "Running", retrying: "Retrying", done: "Done", failed: "Failed", skipped: "Skipped", cancelled: "Cancelled",
    active: "Active", paused: "Paused", disabled: "Disabled",
  }[status] || String(status || "");
}

/** "Scheduled", "Run now", "Catch-up" for a run's trigger. */
export function triggerLabel(trigger) {
  return { schedule: "Scheduled", manual: "Run now", "catch-up": "Catch-up" }[trigger] || String(trigger || "");
}

/** A notification outcome in words: "webhook https://… sent" or "email a@b failed: …". */
export function notificationText(n) {
  const what = `${n.channel === "email" ? "Email" : n.channel === "webhook" ? "Webhook" : n.channel} to ${n.target}`;
  return n.sent ? `${what}: sent` : `${what}: not sent${n.error ? ` (${n.error})` : ""}`;
}

/** A cell's label in the exports list and the error line: its title, else "Query cell N". */
export function cellLabel(cell, index) {
  const title = String(cell.title || "").trim();
  if (title) return title;
  const first = String(cell.content || "").split("\n").map((l) => l.trim()).find(Boolean);
  return first ? `Query ${index + 1}: ${first.length > 48 ? `${first.slice(0, 47)}…` : first}` : `Query ${index + 1}`;
}

const joinWords = (words) => (words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`);

/** Our own words for the simple forms, when cronstrue is missing (null for a raw cron). */
export function describeRecurrence(r) {
  const at = timeText(r.hour, r.minute);
  switch (r.kind) {
    case "hourly": return `Every hour at minute ${r.minute}`;
    case "daily": return `Every day at ${at}`;
    case "weekly": return `Every ${joinWords(sortDays(r.weekdays).map((d) => WEEKDAYS[d]))} at ${at}`;
    case "monthly": {
      const days = sortDays(r.days).map((d) => (d === LAST_DAY ? "the last day" : String(d)));
      return `On day ${joinWords(days)} of the month at ${at}`;
    }
    default: return null;
  }
}

/**
 * What a cron means in words: `{text}` from cronstrue (`lib`, the page's global; 24-hour
 * times), or `{error}` when it cannot read the cron. Without `lib`, our words for the simple forms.
 */
export function describeCron(cron, lib) {
  const text = String(cron || "").trim();
  if (!text) return { error: "No cron expression yet." };
  if (!lib || typeof lib.toString !== "function") {
    const own = describeRecurrence(fromCron(text));
    return own ? { text: own } : { text: "" };
  }
  try {
    return { text: lib.toString(text, { use24HourTimeFormat: true, throwExceptionOnParseError: true, dayOfWeekStartIndexZero: true }) };
  } catch (error) {
    const message = String(error && error.message ? error.message : error).replace(/^Error:\s*/, "");
    return { error: message.charAt(0).toUpperCase() + message.slice(1) };
  }
}
