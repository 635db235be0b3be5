// Formatting helpers: numbers, durations, times and escaping. Pure functions, no DOM,
// so `node --test` can exercise them (Tests/Browser/js/format.test.mjs).

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "1,000,000" — grouped digits for counts. */
export function formatCount(n) {
  if (typeof n !== "number" || !Number.isFinite(n)) return "0";
  return integerFormat.format(n);
}

/** "1 row", "120,000 rows". */
export function formatRows(n) {
  return `${formatCount(n)} ${n === 1 ? "row" : "rows"}`;
}

/** "1 statement", "3 statements" (or any noun with a plain "s" plural). */
/** "1.2 GB", "340 kB", "12 B" (decimal units, as engines report them). */
export function formatBytes(n) {
  const value = Number(n) || 0;
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let i = 0;
  let v = value;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function plural(n, noun) {
  return `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * A duration for people: "320 ms", "3.2 s", "42 s", "2 m 05 s", "1 h 02 m".
 * Seconds keep one decimal below ten so a live clock visibly ticks.
 */
export function formatDuration(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${(Math.floor(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const totalSeconds = Math.floor(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} m ${String(totalSeconds % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} m`;
}

/** Milliseconds between two ISO 8601 strings (or Dates); `null` when either is missing. */
export function elapsedMs(from, to) {
  if (!from || !to) return null;
  const a = new Date(from).getTime();
  const b = new Date(to).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.max(0, b - a);
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else a date. */
export function formatRelativeTime(iso, now = Date.now()) {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const seconds = Math.round((now - t) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return formatDate(iso);
}

/** "Nov 22, 2025" — a calendar date in the reader's locale. */
export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** "Nov 22, 2025, 14:03:12" — a full local timestamp, for tooltips. */
export function formatDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleString(undefined, {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}

/** A compact time for status lines: "14:03:12" today, "Nov 21, 14:03" on another day. */
export function formatShortTime(iso, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  if (d.toDateString() === new Date(now).toDateString()) {
    return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }
  return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/**
 * A result value as text, and how to show it: `{text, kind}` where kind is
 * "null", "number", "blob" or "text". Never HTML — callers put it in textContent.
 */
export function formatValue(value) {
  if (value === null || value === undefined) return { text: "NULL", kind: "null" };
  if (typeof value === "number") return { text: String(value), kind: "number" };
  if (typeof value === "boolean") return { text: String(value), kind: "text" };
  if (typeof value === "string" && value.startsWith("\\x") && /^\\x[0-9a-fA-F]*$/.test(value)) {
    return { text: value, kind: "blob" };
  }
  return { text: String(value), kind: "text" };
}

/** Whether a column type holds numbers (right-aligned in tables). */
export function isNumericType(type) {
  return type === "integer" || type === "real" || type === "decimal";
}

const htmlEscapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for the rare place HTML must be built as a string. Prefer textContent. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => htmlEscapes[c]);
}

/** A title for a doc, never empty. */
export function docTitle(doc) {
  const t = (doc && doc.title ? doc.title : "").trim();
  return t || "Untitled doc";
}

/** The first non-blank line of `text`, trimmed (a collapsed cell's summary). */
export function firstLine(text) {
  return (text || "").split("\n").map((l) => l.trim()).find((l) => l) || "";
}
