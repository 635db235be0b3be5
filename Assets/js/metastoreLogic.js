// Admin → Metastore's pure parts: a sync's state in words, its progress, whether to keep
// polling, and the interval field's check. Unit-tested in Tests/Browser/js/metastoreLogic.test.mjs.

import { formatCount } from "./format.js";

/** Whether a sync is waiting or going (the page polls every second while any is). */
export function isActive(sync) {
  return sync.status === "queued" || sync.status === "running";
}

/** The bar's fill, 0…1, or null when the total is not known yet. */
export function progressOf(sync) {
  // A queued sync still carries the last run's counts: nothing is done of this one yet.
  if (sync.status === "queued") return null;
  if (!sync.tablesTotal) return sync.status === "done" ? 1 : null;
  return Math.max(0, Math.min(1, (sync.tablesDone || 0) / sync.tablesTotal));
}

/** One line for the status column. */
export function statusWords(sync) {
  switch (sync.status) {
    case "queued": return "Queued: starts when a worker is free";
    case "running": return sync.tablesTotal
      ? `Reading tables: ${formatCount(sync.tablesDone)} of ${formatCount(sync.tablesTotal)}`
      : "Listing the tables…";
    case "done": return "Synced";
    case "failed": return "Failed";
    default: return "Never synced";
  }
}

/** What the last finished sync changed: "12 tables · 2 added, 1 updated, none removed". */
export function countsWords(sync) {
  if (sync.status === "idle" && !sync.finishedAt) return "";
  const changes = [["added", sync.tablesAdded], ["updated", sync.tablesUpdated], ["removed", sync.tablesRemoved]]
    .filter(([, n]) => n).map(([word, n]) => `${formatCount(n)} ${word}`);
  const total = `${formatCount(sync.tablesTotal || 0)} ${sync.tablesTotal === 1 ? "table" : "tables"}`;
  return `${total} · ${changes.length ? changes.join(", ") : "no changes"}`;
}

/** The interval field's value as hours, or an error message: `{hours}` | `{error}`. */
export function parseInterval(text) {
  const t = String(text).trim();
  if (!/^\d+$/.test(t)) return { error: "Whole hours: 24 for daily, 0 for only on demand." };
  const hours = Number(t);
  if (hours > 24 * 365) return { error: "At most a year (8760 hours)." };
  return { hours };
}

/** "every 24 h", "on demand only". */
export function intervalWords(hours) {
  if (!hours) return "on demand only";
  if (hours % 24 === 0) return hours === 24 ? "daily" : `every ${hours / 24} days`;
  return `every ${hours} h`;
}
