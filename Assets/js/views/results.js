// The results of one run: a tab per statement, then the chosen statement's result browser
// (resultBrowser.js: toolbar, virtual-scrolling grid over the full stored result, count
// line) under its truncation banner, or its error.

import { h, replaceChildren } from "../dom.js";
import { formatCount } from "../format.js";
import { executionError, expiredNote, statementLabel, truncationNote } from "../execState.js";
import { createResultBrowser } from "./resultBrowser.js";

/** Creates the view; call `update(execution, progress)` whenever the run changes. */
export function createResultsView() {
  const tabs = h("div", { class: "result-tabs", role: "tablist", testid: "statement-tabs" });
  const body = h("div", { class: "result-body" });
  const element = h("div", { class: "results", testid: "results" }, tabs, body);
  element.hidden = true;

  let execution = null;
  let progress = {};
  let selected = null; // statement index the user looks at
  let userChose = false;
  let shownKey = ""; // what the body shows, so updates that change nothing keep the DOM
  let browser = null; // the grid of the statement shown, kept while the statement stays

  function update(next, nextProgress = {}) {
    if (!execution || !next || execution.id !== next.id) {
      selected = null;
      userChose = false;
    }
    execution = next;
    progress = nextProgress;
    if (!execution) {
      element.hidden = true;
      return;
    }
    const statements = execution.statements || [];
    if (!userChose || selected === null || selected >= statements.length) selected = defaultStatement(execution);
    element.hidden = statements.length === 0 && !executionError(execution);
    renderTabs();
    renderBody();
  }

  function renderTabs() {
    const statements = execution.statements || [];
    tabs.hidden = statements.length === 0;
    replaceChildren(tabs, statements.map((st) =>
      h("button", {
        type: "button",
        role: "tab",
        class: `result-tab status-${st.status}${st.index === selected ? " selected" : ""}`,
        "aria-selected": st.index === selected ? "true" : "false",
        testid: "statement-tab",
        title: st.text,
        onClick: () => {
          if (selected === st.index) return;
          selected = st.index;
          userChose = true;
          renderTabs();
          renderBody();
        },
      }, statementLabel(st, progress))));
  }

  function renderBody() {
    const st = (execution.statements || [])[selected];
    if (!st) {
      const err = executionError(execution);
      const key = `${execution.id}:run-error`;
      if (err && key !== shownKey) {
        shownKey = key;
        dropBrowser();
        replaceChildren(body, errorBox(err));
      }
      return;
    }
    const key = `${execution.id}:${st.index}:${st.status}`;
    if (key === shownKey && st.status !== "running") return;
    shownKey = key;
    if (st.status !== "done") dropBrowser();
    switch (st.status) {
      case "done":
        return showResult(st);
      case "failed":
        return replaceChildren(body, errorBox(st.error || execution.error, st));
      case "running": {
        const rows = progress[st.index] ?? st.rowCount ?? 0;
        return replaceChildren(body, note(`Running… ${formatCount(rows)} rows so far`));
      }
      case "queued":
        return replaceChildren(body, note("Waiting for the statements before it."));
      default:
        return replaceChildren(body, note(st.startedAt ? "Cancelled before it finished." : "Not run: the run stopped before this statement."));
    }
  }

  /** The grid over the statement's whole stored result, under its truncation banner. */
  function showResult(st) {
    dropBrowser();
    if (!st.columns || st.columns.length === 0) {
      return replaceChildren(body, note("The statement ran and returned no columns."));
    }
    const expired = expiredNote(execution, st);
    if (expired) return replaceChildren(body, h("div", { class: "result-note", testid: "result-expired" }, expired));
    browser = createResultBrowser({ execution, statement: st });
    const truncated = truncationNote(st);
    replaceChildren(body,
      truncated ? h("div", { class: "banner warn", testid: "truncated-banner" }, truncated) : null,
      browser.element);
  }

  function dropBrowser() {
    if (browser) browser.destroy();
    browser = null;
  }

  function destroy() {
    dropBrowser();
    element.remove();
  }

  return { element, update, destroy };
}

/** The statement to open first: the failed one, else the last that has a result. */
function defaultStatement(execution) {
  const statements = execution.statements || [];
  const failed = statements.findIndex((s) => s.status === "failed");
  if (failed >= 0) return failed;
  for (let i = statements.length - 1; i >= 0; i--) {
    if (statements[i].status === "done" && statements[i].columns && statements[i].columns.length) return i;
  }
  const running = statements.findIndex((s) => s.status === "running");
  if (running >= 0) return running;
  return Math.max(0, statements.length - 1);
}

function note(text) {
  return h("div", { class: "result-note" }, text);
}

/** A red box with the engine's message, the line it points at and the statement. */
export function errorBox(error, statement) {
  const line = error && error.line;
  return h("div", { class: "error-box", testid: "error-box", role: "alert" },
    h("div", { class: "error-title" }, line ? `Error on line ${line}` : "Error"),
    h("div", { class: "error-message", testid: "error-message" }, (error && error.message) || "The query failed."),
    error && error.column ? h("div", { class: "error-where" }, `line ${line}, column ${error.column}`) : null,
    statement && statement.text ? h("pre", { class: "error-sql" }, statement.text) : null);
}
