// One run as the user follows it: the status strip (always words, a live clock while it
// runs) above the results. Shared by query cells and the /executions/{id} page.

import { serverNow } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatShortTime } from "../format.js";
import { isFinal, statusLine } from "../execState.js";
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
  const results = createResultsView();
  const element = h("div", { class: "run-view" }, strip, results.element);

  let execution = null;
  let progress = {};
  let watcher = null;
  let ticker = null;

  function render() {
    const line = statusLine(execution, progress, serverNow());
    strip.hidden = false;
    strip.dataset.tone = line.tone;
    text.textContent = line.text;
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
    if (initial) accept(initial, {});
    else showMessage("queued", "Loading run…");
    watcher = watchExecution(id, accept, initial);
  }

  function accept(next, nextProgress) {
    const changed = !execution || execution !== next;
    execution = next;
    progress = nextProgress || {};
    render();
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
