// The results of one run: a tab per statement, then the chosen statement's table with a
// pager over the full stored result, its truncation banner, or its error. Grows later with
// virtual scrolling, sort/filter, export and charts; keep table drawing in resultTable.js.

import { api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatCount } from "../format.js";
import { PAGE_SIZE, pager } from "../paging.js";
import { executionError, statementLabel } from "../execState.js";
import { resultTable } from "./resultTable.js";
import { exportMenu } from "./exportMenu.js";

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
  let offset = 0;
  let pageRequest = 0; // answers to older page requests are dropped

  function update(next, nextProgress = {}) {
    if (!execution || !next || execution.id !== next.id) {
      selected = null;
      userChose = false;
      offset = 0;
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
          offset = 0;
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
        pageRequest++;
        replaceChildren(body, errorBox(err));
      }
      return;
    }
    const key = `${execution.id}:${st.index}:${st.status}:${st.status === "done" ? offset : ""}`;
    if (key === shownKey && st.status !== "running") return;
    shownKey = key;
    if (st.status !== "done") pageRequest++; // a page still loading must not land over this
    switch (st.status) {
      case "done":
        return showPage(st, offset);
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

  async function showPage(st, at) {
    const request = ++pageRequest;
    const p = pager(st.rowCount, at, PAGE_SIZE);
    body.classList.add("loading");
    if (!body.firstChild) replaceChildren(body, note("Loading rows…"));
    let page;
    try {
      page = await api.rows(execution.id, st.index, p.offset, PAGE_SIZE);
    } catch (error) {
      if (request !== pageRequest) return;
      body.classList.remove("loading");
      shownKey = "";
      return replaceChildren(body, h("div", { class: "error-box", testid: "rows-error" },
        h("strong", null, "Could not load rows. "), error.message));
    }
    if (request !== pageRequest) return;
    body.classList.remove("loading");
    const total = typeof page.total === "number" ? page.total : st.rowCount;
    const state = pager(total, page.offset ?? p.offset, PAGE_SIZE);
    offset = state.offset;
    shownKey = `${execution.id}:${st.index}:done:${offset}`;
    const table = page.columns && page.columns.length
      ? h("div", { class: "table-scroll", testid: "table-scroll" }, resultTable({ columns: page.columns, rows: page.rows || [], offset: state.offset }))
      : note("The statement ran and returned no columns.");
    replaceChildren(body,
      st.truncated ? h("div", { class: "banner warn", testid: "truncated-banner" },
        `Result truncated at ${formatCount(st.rowCount)} rows by the row cap.`) : null,
      table,
      page.columns && page.columns.length ? exportMenu({ executionId: execution.id, statement: st.index }) : null,
      page.columns && page.columns.length ? pagerBar(state, (to) => {
        offset = to;
        shownKey = `${execution.id}:${st.index}:done:${to}`;
        showPage(st, to);
      }) : null);
  }

  function destroy() {
    pageRequest++;
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

function pagerBar(state, go) {
  const button = (label, to, enabled, testid, title) =>
    h("button", { type: "button", class: "btn small ghost", disabled: !enabled, testid, title, onClick: () => go(to) }, label);
  return h("div", { class: "pager", testid: "pager" },
    h("span", { class: "pager-label", testid: "pager-label" }, state.label),
    state.pages > 1 ? h("span", { class: "pager-buttons" },
      button("«", state.first, state.canPrev, "page-first", "First page"),
      button("‹ Prev", state.prev, state.canPrev, "page-prev", "Previous page"),
      h("span", { class: "pager-page" }, `page ${formatCount(state.page)} of ${formatCount(state.pages)}`),
      button("Next ›", state.next, state.canNext, "page-next", "Next page"),
      button("»", state.last, state.canNext, "page-last", "Last page")) : null);
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
