// What an execution means for the user: its status line, its error, which snapshot is newer.
// Pure functions over the API's execution objects, covered by `node --test`.

import { formatBytes, formatCount, formatDuration, formatRows, elapsedMs, plural } from "./format.js";

const FINAL = new Set(["done", "failed", "cancelled"]);

/** `true` once nothing more will happen to a run (or a statement). */
export function isFinal(status) {
  return FINAL.has(status);
}

/** A number that only grows as a run moves on: used to drop stale snapshots. */
export function progressRank(execution) {
  if (!execution) return -1;
  const statusRank = { queued: 0, running: 1 }[execution.status] ?? 2;
  const finished = (execution.statements || []).filter((s) => isFinal(s.status)).length;
  return statusRank * 100000 + finished;
}

/**
 * The snapshot to keep when `incoming` arrives while `current` is shown: events and GETs
 * can cross, and an older "running" must never replace a "done".
 */
export function newerExecution(current, incoming) {
  if (!incoming) return current;
  if (!current || current.id !== incoming.id) return incoming;
  return progressRank(incoming) >= progressRank(current) ? incoming : current;
}

/** The first statement that failed, or `undefined`. */
export function failedStatement(execution) {
  return (execution?.statements || []).find((s) => s.status === "failed");
}

/** The run's error `{message, line, column}`: the failing statement's, else the run's own. */
export function executionError(execution) {
  if (!execution) return null;
  const st = failedStatement(execution);
  if (st && st.error) return st.error;
  return execution.error || null;
}

/** "Failed: no such table: evnts (line 3)". */
export function errorText(error) {
  if (!error) return "Failed";
  const where = error.line ? ` (line ${error.line})` : "";
  return `${error.message || "the query failed"}${where}`;
}

/**
 * Rows produced so far: finished statements' counts plus the live count of running ones.
 * `progress` maps statement index → rowCount from `progress` events.
 */
export function rowsSoFar(execution, progress = {}) {
  let rows = 0;
  for (const st of execution?.statements || []) {
    const live = progress[st.index];
    rows += st.status === "running" && typeof live === "number" ? Math.max(live, st.rowCount || 0) : st.rowCount || 0;
  }
  return rows;
}

/** The statement running now, or `undefined`. */
export function runningStatement(execution) {
  return (execution?.statements || []).find((s) => s.status === "running");
}

/**
 * What the engine itself reports for the running statement — `{percent, rowsRead,
 * bytesRead}` with `null` for what it does not say — or `null`. `engine` maps statement
 * index → the latest `progress` event's engine fields.
 */
export function engineProgress(execution, engine = {}) {
  if (execution?.status !== "running") return null;
  const st = runningStatement(execution);
  const e = st ? engine[st.index] : null;
  if (!e || (e.percent == null && e.rowsRead == null && e.bytesRead == null)) return null;
  return { percent: e.percent ?? null, rowsRead: e.rowsRead ?? null, bytesRead: e.bytesRead ?? null };
}

/** "45 % · 1,200,000 rows read · 1.2 GB read" from {@link engineProgress}, or "". */
export function engineProgressText(p) {
  if (!p) return "";
  const parts = [];
  if (p.percent != null) parts.push(`${Math.floor(p.percent)} %`);
  if (p.rowsRead != null) parts.push(`${formatCount(p.rowsRead)} rows read`);
  if (p.bytesRead != null) parts.push(`${formatBytes(p.bytesRead)} read`);
  return parts.join(" · ");
}

/**
 * A statement's log for display: the lines the snapshot keeps, then live `log` events not
 * in it yet (the server keeps a line before it publishes it, so re-reads overlap events).
 */
export function mergedLog(statement, live = []) {
  const kept = statement?.log || [];
  const seen = new Set(kept.map((e) => `${e.at}\u0000${e.message}`));
  return kept.concat(live.filter((e) => !seen.has(`${e.at}\u0000${e.message}`)));
}

/**
 * The status strip's words and tone for a run at time `now` (ms since epoch):
 * `{tone: "queued"|"running"|"done"|"failed"|"cancelled", text}`. `engine` as for
 * {@link engineProgress}: what the engine reports joins the running line.
 */
export function statusLine(execution, progress = {}, now = Date.now(), engine = {}) {
  if (!execution) return { tone: "idle", text: "" };
  const statements = execution.statements || [];
  const many = statements.length > 1;
  switch (execution.status) {
    case "queued":
      return { tone: "queued", text: "Queued…" };
    case "running": {
      const started = execution.startedAt || execution.createdAt;
      const parts = ["Running"];
      if (many) {
        const current = statements.findIndex((s) => !isFinal(s.status));
        if (current >= 0) parts.push(`statement ${current + 1} of ${statements.length}`);
      }
      parts.push(formatDuration(elapsedMs(started, new Date(now)) ?? 0));
      parts.push(formatRows(rowsSoFar(execution, progress)));
      const reported = engineProgressText(engineProgress(execution, engine));
      if (reported) parts.push(reported);
      return { tone: "running", text: parts.join(" · ") };
    }
    case "done": {
      const ms = elapsedMs(execution.startedAt || execution.createdAt, execution.finishedAt);
      const parts = [ms === null ? "Done" : `Done in ${formatDuration(ms)}`];
      if (many) parts.push(plural(statements.length, "statement"));
      const last = statements[statements.length - 1];
      parts.push(formatRows(many ? rowsSoFar(execution) : last ? last.rowCount : 0));
      return { tone: "done", text: parts.join(" · ") };
    }
    case "failed": {
      const err = executionError(execution);
      return { tone: "failed", text: `Failed: ${errorText(err)}` };
    }
    case "cancelled": {
      const ms = elapsedMs(execution.startedAt, execution.finishedAt);
      return { tone: "cancelled", text: ms === null ? "Cancelled" : `Cancelled after ${formatDuration(ms)}` };
    }
    default:
      return { tone: "idle", text: String(execution.status || "") };
  }
}

/** A statement tab's label: "Statement 2 · 1,204 rows" (or its state while not done). */
export function statementLabel(statement, progress = {}) {
  const name = `Statement ${statement.index + 1}`;
  switch (statement.status) {
    case "done":
      return `${name} · ${formatCount(statement.rowCount)}`;
    case "running": {
      const live = progress[statement.index];
      return `${name} · ${formatCount(typeof live === "number" ? live : statement.rowCount || 0)}…`;
    }
    case "failed":
      return `${name} · failed`;
    case "cancelled":
      return `${name} · ${statement.startedAt ? "cancelled" : "not run"}`;
    default:
      return `${name} · queued`;
  }
}

/** The banner over a cut result, saying which cap cut it; `null` for a whole result. */
export function truncationNote(statement) {
  if (!statement || !statement.truncated) return null;
  const rows = formatCount(statement.rowCount);
  return statement.truncatedBy === "bytes"
    ? `Result truncated at ${rows} rows by the result size cap: the run stored as much as the hub allows (max-result-bytes).`
    : `Result truncated at ${rows} rows by the row cap.`;
}

/** What a statement whose stored result retention removed says instead of its rows; `null`
 * while the result is kept. */
export function expiredNote(execution, statement) {
  if (!execution || !execution.resultExpiredAt) return null;
  const day = String(execution.resultExpiredAt).slice(0, 10);
  const rows = statement ? ` of ${formatRows(statement.rowCount)}` : "";
  return `Result expired: the hub removed the stored result${rows} on ${day}, as it does for old runs. Run the query again to see the rows.`;
}
