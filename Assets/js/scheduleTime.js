// Times of a schedule in its own time zone, with no DOM (Tests/Browser/js/scheduleTime.test.mjs):
// the zone list, formatting an instant in a zone, and a preview of the next fires of a cron
// before it is saved. The server computes the real next run; the preview follows the same
// rules (Vixie day matching, `L`, a time skipped by DST fires when the gap ends, a repeated
// time fires at its first occurrence) so the two agree.

const formats = new Map(); // zone → Intl.DateTimeFormat giving wall-clock parts

function wallFormat(zone) {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone this browser knows. */
export function knownZone(zone) {
  try {
    wallFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** The time zones for the select: UTC first, then the browser's list; `keep` (a saved zone) is never left out. */
export function zoneList(keep = null) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = ["UTC", ...zones.filter((z) => z !== "UTC")];
  if (keep && !all.includes(keep)) all.unshift(keep);
  return all;
}

/** The browser's own zone ("UTC" when it says none). */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

// The wall clock of instant `t` in `zone`, as the UTC milliseconds of the same digits.
function wall(t, zone) {
  const p = {};
  for (const part of wallFormat(zone).formatToParts(new Date(t))) p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute);
}

const MINUTE = 60000;
const HOUR = 60 * MINUTE;

/**
 * The instant a wall-clock time (as UTC digits `local`) happens in `zone`: its first
 * occurrence when the clock repeats it, the end of the gap when the clock skips it.
 */
export function instantOf(local, zone) {
  const offsets = new Set([-14 * HOUR, 0, 14 * HOUR].map((d) => wall(local + d, zone) - (local + d)));
  const candidates = [...offsets].map((o) => local - o).sort((a, b) => a - b);
  const hit = candidates.find((c) => wall(c, zone) === local);
  if (hit !== undefined) return hit;
  // Skipped: the first minute whose wall clock is past `local`.
  let lo = candidates[0];
  let hi = candidates[candidates.length - 1];
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wall(mid, zone) > local) hi = mid;
    else lo = mid;
  }
  return wall(lo, zone) > local ? lo : hi;
}

const MONTHS = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAYS = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

function field(text, low, high, names, allowLast) {
  const set = new Set();
  let last = false;
  const value = (t) => {
    const v = names[t.toUpperCase()] !== undefined ? names[t.toUpperCase()] : /^\d+$/.test(t) ? Number(t) : NaN;
    if (!(v >= low && v <= high)) throw new Error(`bad value ${t}`);
    return v;
  };
  for (const item of text.split(",")) {
    if (allowLast && item.toUpperCase() === "L") {
      last = true;
      continue;
    }
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined) throw new Error("bad step");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error("bad step");
    let a;
    let b;
    if (range === "*") [a, b] = [low, high];
    else if (range.includes("-")) [a, b] = range.split("-").map(value);
    else {
      a = value(range);
      b = stepText === undefined ? a : high;
    }
    if (a > b) throw new Error("reversed range");
    for (let v = a; v <= b; v += step) set.add(v);
  }
  return { set, last, star: text.startsWith("*") };
}

/** A cron's fields as sets, or null when it does not parse here. */
export function parseCron(cron) {
  const f = String(cron || "").trim().split(/\s+/);
  if (f.length !== 5) return null;
  try {
    const dow = field(f[4], 0, 7, DAYS, false);
    if (dow.set.has(7)) dow.set.add(0);
    return {
      minutes: [...field(f[0], 0, 59, {}, false).set].sort((a, b) => a - b),
      hours: [...field(f[1], 0, 23, {}, false).set].sort((a, b) => a - b),
      dom: field(f[2], 1, 31, {}, true), month: field(f[3], 1, 12, MONTHS, false).set, dow,
    };
  } catch {
    return null;
  }
}

function dayMatches(c, y, m, d) {
  if (!c.month.has(m + 1)) return false;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const domOk = c.dom.set.has(d) || (c.dom.last && d === lastDay);
  const dowOk = c.dow.set.has(new Date(Date.UTC(y, m, d)).getUTCDay());
  const domRestricted = !c.dom.star;
  const dowRestricted = !c.dow.star;
  if (domRestricted && dowRestricted) return domOk || dowOk;
  if (domRestricted) return domOk;
  if (dowRestricted) return dowOk;
  return true;
}

/** Up to `count` fire instants (ms) of `cron` in `zone` after `after` (ms); [] when it never fires or does not parse. */
export function nextFires(cron, zone, after, count = 1) {
  const c = parseCron(cron);
  if (!c || !knownZone(zone)) return [];
  const out = [];
  const start = wall(after, zone);
  const s = new Date(start);
  for (let i = 0; i < 366 * 5 && out.length < count; i += 1) {
    const day = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate() + i));
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
    if (!dayMatches(c, y, m, d)) continue;
    for (const hour of c.hours) {
      for (const minute of c.minutes) {
        const local = Date.UTC(y, m, d, hour, minute);
        if (local < start) continue;
        const t = instantOf(local, zone);
        if (t > after && (!out.length || t > out[out.length - 1])) out.push(t);
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

/**
 * "Mon, Dec 7, 2026, 09:00 GMT+1": an instant as a reader of `zone` sees it ("" for none);
 * `short`: "Dec 7, 09:00:12" (run history rows).
 */
export function formatInZone(instant, zone, { short = false } = {}) {
  if (instant === null || instant === undefined || instant === "") return "";
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return "";
  try {
    const options = short
      ? { timeZone: zone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }
      : { timeZone: zone, weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
    return new Intl.DateTimeFormat("en-US", options).format(d);
  } catch {
    return d.toISOString();
  }
}
