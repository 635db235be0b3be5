// One run as the user follows it: the status strip (always words, a live clock while it
// runs) above the results. Shared by query cells and the /executions/{id} page.

import { serverNow } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatShortTime } from "../format.js";
import { engineProgress, isFinal, mergedLog, statusLine } from "../execState.js";
import { watchExecution } from "../events.js";
import { createResultsView } from "./results.js";

/**
 * Options: `showLink` (link to the run's own page), `onChange(execution)` after every new
 * snapshot. Returns `{element, watch(id, initial?), showMessage(tone, text), current(), destroy()}`.
 */
export function createRunView({ showLink = true, onChange = () => {} } = {}) {
  const icon = h("span", { class: "status-icon", "aria-hidden": "true" });
  const text = h("span", { class: "status-text", testid: "status-text" });
  const meta = h("span", { class: "status-meta" });
  const strip = h("div", { class: "status-strip", testid: "status", role: "status", "aria-live": "polite" }, icon, text, meta);
  strip.hidden = true;
  // What the engine reports: a bar when it says how far it is, and its log lines.
  const barFill = h("div", { class: "engine-progress-fill" });
  const bar = h("div", {
    class: "engine-progress", testid: "engine-progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
  }, barFill);
  bar.hidden = true;
  const logCount = h("span", { class: "run-log-count" });
  const logList = h("ol", { class: "run-log-lines", testid: "run-log-lines" });
  const logBox = h("details", { class: "run-log", testid: "run-log" }, h("summary", {}, "Engine log ", logCount), logList);
  logBox.hidden = true;
  const results = createResultsView();
  const element = h("div", { class: "run-view" }, strip, bar, logBox, results.element);

  let execution = null;
  let progress = {};
  let live = { engine: {}, log: {} };
  let watcher = null;
  let ticker = null;

  function render() {
    const line = statusLine(execution, progress, serverNow(), live.engine);
    strip.hidden = false;
    strip.dataset.tone = line.tone;
    text.textContent = line.text;
    const reported = engineProgress(execution, live.engine);
    bar.hidden = !reported || reported.percent == null;
    if (!bar.hidden) {
      barFill.style.width = `${reported.percent}%`;
      bar.setAttribute("aria-valuenow", String(Math.floor(reported.percent)));
    }
  }

  function renderLog() {
    const lines = [];
    for (const st of execution?.statements || []) {
      for (const entry of mergedLog(st, live.log[st.index])) lines.push({ statement: st.index, ...entry });
    }
    logBox.hidden = lines.length === 0;
    if (logBox.hidden) return;
    const many = (execution.statements || []).length > 1;
    logCount.textContent = `(${lines.length})`;
    logList.replaceChildren(...lines.map((line) => h("li", { class: "run-log-line", testid: "run-log-line" },
      h("time", { class: "run-log-time", datetime: line.at, title: formatDateTime(line.at) }, formatShortTime(line.at)),
      many ? h("span", { class: "run-log-statement" }, `#${line.statement + 1}`) : null,
      h("span", { class: "run-log-message" }, line.message))));
  }

  function renderMeta() {
    meta.replaceChildren();
    if (!execution) return;
    if (showLink) {
      meta.append(h("a", {
        href: `/executions/${execution.id}`, class: "run-link", testid: "run-link",
        title: `Open run #${execution.id} on its own page`,
      }, `Run #${execution.id}`));
    }
    const when = execution.finishedAt || execution.startedAt || execution.createdAt;
    if (when) meta.append(h("span", { class: "run-time", title: formatDateTime(when) }, formatShortTime(when)));
  }

  function setTicking(on) {
    if (on && !ticker) ticker = setInterval(render, 100);
    if (!on && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  /** Follows run `id` (showing `initial` at once when given) until it is final. */
  function watch(id, initial = null) {
    stop();
    execution = null;
    progress = {};
    live = { engine: {}, log: {} };
    if (initial) accept(initial, {});
    else showMessage("queued", "Loading run…");
    watcher = watchExecution(id, accept, initial);
  }

  function accept(next, nextProgress, nextLive) {
    const changed = !execution || execution !== next;
    execution = next;
    progress = nextProgress || {};
    if (nextLive) live = nextLive;
    render();
    renderLog();
    if (changed) renderMeta();
    results.update(execution, progress);
    setTicking(execution.status === "running");
    if (changed) onChange(execution);
    if (isFinal(execution.status)) setTicking(false);
  }

  /** Shows a message in the strip without a run (for example a run that could not start). */
  function showMessage(tone, message) {
    strip.hidden = false;
    strip.dataset.tone = tone;
    text.textContent = message;
    meta.replaceChildren();
  }

  function stop() {
    if (watcher) watcher.close();
    watcher = null;
    setTicking(false);
  }

  function destroy() {
    stop();
    results.destroy();
    element.remove();
  }

  return { element, watch, showMessage, current: () => execution, stop, destroy };
}
