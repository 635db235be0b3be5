// The schedule panel's run history: newest first, twenty a page, each run's status, trigger,
// start (in the schedule's zone), duration and attempt, then its queries (links to each
// execution), the error with the failing cell linked, notification outcomes and export
// paths. While a run is queued, running or retrying it reads the page again every 1.5 s.

import { api, serverNow } from "../api.js";
import { h } from "../dom.js";
import { elapsedMs, formatDuration } from "../format.js";
import { notificationText, runActive, statusLabel, triggerLabel } from "../scheduleLogic.js";
import { formatInZone } from "../scheduleTime.js";

const PAGE = 20;
const POLL_MS = 1500;

/**
 * `{docId, zone(), cellLabel(id), onCellLink(id), onActiveEnd()}` → `{element, load(), watch(), stop()}`.
 * `onActiveEnd()` hears when the last active run ended (the schedule's status may have changed).
 */
export function createRunHistory({ docId, zone, cellLabel, onCellLink, onActiveEnd = () => {} }) {
  let runs = [];
  let total = 0;
  let timer = null;
  let stopped = false;
  let generation = 0;
  let wasActive = false;
  let watchUntil = 0; // a run was just asked for: poll until it shows up

  const body = h("tbody");
  const count = h("span", { class: "muted small", testid: "schedule-runs-count" });
  const more = h("button", { type: "button", class: "btn small", testid: "schedule-runs-more", hidden: true, onClick: () => load(runs.length + PAGE) }, "Show older runs");
  const table = h("table", { class: "runs-table", testid: "schedule-runs" },
    h("thead", null, h("tr", null, ["Status", "Trigger", "Started", "Duration", "Attempt"].map((t) => h("th", null, t)))), body);
  const empty = h("p", { class: "muted small", testid: "schedule-runs-empty" }, "No runs yet. Runs appear here when the schedule fires or after Run now.");
  const problem = h("div", { class: "form-error", role: "alert", testid: "schedule-runs-error" });
  const zoneNote = h("span", { class: "muted small runs-zone" });
  const element = h("section", { class: "schedule-section" },
    h("h3", null, "Runs ", count, zoneNote), problem, empty, table, more);
  let reveal = false; // scroll the history into view once the watched run shows

  const started = (run) => (run.startedAt
    ? formatInZone(run.startedAt, zone(), { short: true })
    : h("span", { class: "muted" }, `Due ${formatInZone(run.scheduledFor, zone(), { short: true })}`));

  function duration(run) {
    if (run.durationMs !== null && run.durationMs !== undefined) return formatDuration(run.durationMs);
    if (runActive(run) && run.startedAt) return `${formatDuration(elapsedMs(run.startedAt, new Date(serverNow()).toISOString()))}…`;
    return "—";
  }

  function cellLink(cellId) {
    return h("a", {
      href: `#cell-${cellId}`, class: "run-cell-link", testid: "run-failed-cell", dataset: { cellId: String(cellId) },
      onClick: (event) => {
        event.preventDefault();
        onCellLink(cellId);
      },
    }, cellLabel(cellId));
  }

  function details(run) {
    const parts = [];
    const cells = run.cells || [];
    if (cells.length) {
      parts.push(h("div", { class: "run-detail" }, h("span", { class: "run-detail-label" }, "Queries"),
        h("span", { class: "run-queries" }, cells.map((c) => (c.executionId
          ? h("a", { href: `/executions/${c.executionId}`, class: `run-exec status-${c.status}`, testid: "run-execution", title: `${cellLabel(c.cellId)}: ${statusLabel(c.status)}`, dataset: { executionId: String(c.executionId) } },
            `${c.status === "done" ? "✓" : c.status === "failed" ? "✗" : "•"} ${cellLabel(c.cellId)}`)
          : h("span", { class: "run-exec pending muted", title: statusLabel(c.status) },
            c.status === "skipped" ? `– ${cellLabel(c.cellId)} (skipped)` : `• ${cellLabel(c.cellId)}`))))));
    }
    if (run.error) {
      parts.push(h("div", { class: "run-detail run-error", testid: "run-error" }, h("span", { class: "run-detail-label" }, "Error"),
        h("span", null, run.failedCellId ? [cellLink(run.failedCellId), ": "] : null, run.error)));
    }
    if ((run.notifications || []).length) {
      parts.push(h("div", { class: "run-detail", testid: "run-notifications" }, h("span", { class: "run-detail-label" }, "Notified"),
        h("span", null, run.notifications.map((n) => h("div", { class: n.sent ? "" : "run-bad" }, notificationText(n))))));
    }
    if ((run.exports || []).length) {
      parts.push(h("div", { class: "run-detail", testid: "run-exports" }, h("span", { class: "run-detail-label" }, "Exports"),
        h("span", null, run.exports.map((e) => h("div", { class: e.error ? "run-bad" : "mono" },
          e.error ? `${cellLabel(e.cellId)} (${e.format.toUpperCase()}): ${e.error}` : e.path)))));
    }
    return parts;
  }

  function row(run) {
    const main = h("tr", { class: "run-row", testid: "schedule-run-row", dataset: { runId: String(run.id), status: run.status } },
      h("td", null, h("span", { class: `run-status status-${run.status}`, testid: "run-status" }, statusLabel(run.status))),
      h("td", { testid: "run-trigger" }, triggerLabel(run.trigger)),
      h("td", { class: "nowrap" }, started(run)),
      h("td", { class: "nowrap" }, duration(run)),
      h("td", { class: "num" }, String(run.attempt || 1)));
    const extra = details(run);
    return extra.length ? [main, h("tr", { class: "run-details" }, h("td", { colspan: "5" }, extra))] : [main];
  }

  function draw() {
    body.replaceChildren(...runs.flatMap(row));
    table.hidden = runs.length === 0;
    empty.hidden = runs.length > 0;
    count.textContent = total ? `(${total})` : "";
    zoneNote.textContent = runs.length ? ` · times in ${zone().replace(/_/g, " ")}` : "";
    more.hidden = runs.length >= total;
  }

  async function load(limit = Math.max(PAGE, runs.length)) {
    const mine = ++generation;
    clearTimeout(timer);
    try {
      const answer = await api.scheduleRuns(docId, limit, 0);
      if (stopped || mine !== generation) return;
      runs = answer.runs || [];
      total = answer.total || runs.length;
      problem.textContent = "";
      draw();
      if (reveal && runs.length) {
        reveal = false;
        element.scrollIntoView({ block: "start" });
      }
    } catch (error) {
      if (stopped || mine !== generation) return;
      problem.textContent = error.status === 404 ? "" : `Could not load the runs: ${error.message}`;
    }
    const active = runs.some(runActive);
    if (wasActive && !active) onActiveEnd();
    wasActive = active;
    if (active || Date.now() < watchUntil) timer = setTimeout(() => load(), POLL_MS);
  }

  return {
    element,
    load: () => load(),
    /** A run was just queued: read the history until it shows (and then until it ends). */
    watch() {
      watchUntil = Date.now() + 10000;
      reveal = true;
      wasActive = true;
      load();
    },
    clear() {
      runs = [];
      total = 0;
      draw();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
