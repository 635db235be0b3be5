// A query cell: title, engine picker, Run/Cancel, the SQL editor, then the run's status strip
// and results. The SQL is co-edited by operations (cellSync.js); title and engine are saved in
// the background through the doc's Saver.

import { api } from "../api.js";
import { h, inlineInput } from "../dom.js";
import { executionError, isFinal } from "../execState.js";
import { firstLine } from "../format.js";
import { createEditor, highlightedSql } from "./editor.js";
import { createRunView } from "./runView.js";

/** The row-limit choices: `[value, label]`; `""` is the server's default cap. */
export const ROW_LIMITS = [
  ["", "Default limit"], [100, "100 rows"], [1000, "1,000 rows"], [10000, "10,000 rows"],
  [100000, "100,000 rows"], [1000000, "1,000,000 rows"],
];

/**
 * `ctx`: `{saver, engines, toolbar, createSync, onRun?}` from the doc page; `createSync(cell,
 * {onRemote})` gives the cell's CellSync; `onRun(executionId)` hears of each run started here. Returns `{element, focus(), update(cell), destroy()}`.
 */
export function createQueryCell(cell, ctx) {
  const key = `cell:${cell.id}`;
  const save = (changes, options) => ctx.saver.queue(key, changes, options);
  let engineId = cell.engineId ?? (ctx.engines[0] && ctx.engines[0].id) ?? null;
  let running = false; // from the moment Run is pressed until the run is final
  let runId = null;
  let runLineOffset = 0; // lines above the run's text when only a selection ran

  const title = inlineInput({
    value: cell.title, placeholder: "Untitled query", testid: "cell-title", className: "cell-title",
    label: "Query title",
    onInput: (value) => save({ title: value }),
    onCommit: () => ctx.saver.flushKey(key).catch(() => {}),
  });

  const engineSelect = h("select", { class: "engine-picker", testid: "engine-picker", "aria-label": "Engine", title: "Engine this query runs on" },
    ctx.engines.map((e) => h("option", { value: String(e.id), title: e.description || e.name }, e.name)));
  if (ctx.engines.length === 0) engineSelect.append(h("option", { value: "" }, "no engines"));
  // The cell's engine was disabled: say so rather than silently showing another one.
  if (engineId !== null && !ctx.engines.some((e) => e.id === engineId)) {
    engineSelect.append(h("option", { value: String(engineId), disabled: true }, "unavailable engine"));
  }
  if (engineId !== null) engineSelect.value = String(engineId);
  engineSelect.addEventListener("change", () => {
    engineId = Number(engineSelect.value);
    save({ engineId }, { immediate: true })?.catch(() => {});
  });

  // Rows kept per statement; "Default" is the server's cap (`max-rows`).
  const rowLimitSelect = h("select", { class: "row-limit-picker", testid: "row-limit", "aria-label": "Row limit", title: "Rows kept per statement" },
    ROW_LIMITS.map(([value, label]) => h("option", { value: String(value) }, label)));
  if (cell.rowLimit && !ROW_LIMITS.some(([v]) => v === cell.rowLimit)) {
    rowLimitSelect.append(h("option", { value: String(cell.rowLimit) }, `${cell.rowLimit.toLocaleString("en-US")} rows`));
  }
  rowLimitSelect.value = String(cell.rowLimit || "");
  rowLimitSelect.addEventListener("change", () => {
    const rowLimit = rowLimitSelect.value ? Number(rowLimitSelect.value) : null;
    save({ rowLimit }, { immediate: true })?.catch(() => {});
  });

  const runButton = h("button", { type: "button", class: "btn primary small", testid: "run-button", title: "Run (Shift-Enter)", onClick: () => run() }, "▶ Run");
  const cancelButton = h("button", { type: "button", class: "btn danger small", testid: "cancel-button", title: "Stop this run", onClick: () => cancel() }, "■ Cancel");
  cancelButton.hidden = true;
  // The SQL this cell's template runs as: doc variables and built-ins filled in (read-only).
  const renderButton = h("button", {
    type: "button", class: "btn small ghost", testid: "render-button", "aria-pressed": "false",
    title: "Show the SQL this query runs as, with its {{ variables }} filled in", onClick: () => togglePreview(),
  }, "Rendered SQL");
  const preview = h("div", { class: "rendered-sql", testid: "rendered-sql", hidden: true, "aria-live": "polite" });
  let previewGeneration = 0;

  // Shown instead of the editor while the cell is collapsed.
  const summary = h("span", { class: "cell-summary mono", testid: "cell-summary" });
  const head = h("div", { class: "cell-head" },
    h("span", { class: "cell-kind", title: "Query cell" }, "SQL"),
    title, summary,
    h("span", { class: "cell-head-spacer" }),
    engineSelect, rowLimitSelect, renderButton, runButton, cancelButton, ctx.toolbar);
  const editorHost = h("div", { class: "editor-host" });
  const runView = createRunView({ onChange: onRunChange });
  const element = h("section", {
    class: "cell cell-query", id: `cell-${cell.id}`, testid: "cell", tabindex: "-1",
    dataset: { cellId: String(cell.id), kind: "query" },
  }, head, editorHost, preview, runView.element);

  const editor = createEditor(editorHost, {
    value: cell.content || "",
    mode: "sql",
    testid: "sql-editor",
    placeholder: "SELECT … — Shift-Enter runs, Ctrl-Space completes tables and columns",
    onChange: (text, changes) => {
      sync.localChange(text, changes);
      if (!preview.hidden) refreshPreview();
    },
    onRun: (selection) => run(selection),
    onSave: () => {
      ctx.saver.flushAll().catch(() => {});
      sync.retryNow();
    },
    onEscape: () => element.focus(),
    engineId: () => engineId,
  });

  const sync = ctx.createSync(cell, { onRemote: (op) => editor.applyRemote(op) });

  function setRunning(on) {
    running = on;
    runButton.hidden = on;
    cancelButton.hidden = !on;
    cancelButton.disabled = false;
    cancelButton.textContent = "■ Cancel";
    element.classList.toggle("is-running", on);
  }

  function onRunChange(execution) {
    if (execution.id !== runId) return;
    if (isFinal(execution.status)) {
      setRunning(false);
      if (execution.status === "failed") {
        const err = executionError(execution);
        // Line numbers refer to the text that ran; mark them only while the editor still
        // holds that text where it was.
        const lines = editor.getValue().split("\n");
        const shown = lines.slice(runLineOffset, runLineOffset + execution.query.split("\n").length).join("\n");
        if (err && err.line && shown.includes(execution.query)) {
          editor.markErrorLine(runLineOffset + err.line);
        }
      }
    } else if (!running) {
      setRunning(true);
    }
  }

  async function run(selection = null) {
    if (running) return;
    const whole = editor.getValue();
    const query = selection && selection.text.trim() ? selection.text : whole;
    if (!query.trim()) {
      runView.showMessage("failed", "Nothing to run yet: type a query, then press Shift-Enter.");
      return;
    }
    if (engineId === null) {
      runView.showMessage("failed", "No engine to run on. Add an engine, then try again.");
      return;
    }
    setRunning(true);
    cancelButton.disabled = true;
    editor.clearErrorLine();
    runView.showMessage("queued", "Starting…");
    runLineOffset = query === whole ? 0 : selection.firstLine - 1;
    // The text is synced by operations as it is typed; the run takes the text shown.
    sync.retryNow();
    try {
      const started = await api.createExecution({ engine: engineId, query, cellId: cell.id });
      runId = started.id;
      if (ctx.onRun) ctx.onRun(started.id);
      cancelButton.disabled = false;
      runView.watch(started.id);
      runView.showMessage("queued", "Queued…");
    } catch (error) {
      setRunning(false);
      runView.showMessage("failed", `Could not start the run: ${error.message}`);
      // A template error's line is in the text that was sent.
      if (error.code === "template_error" && error.line) editor.markErrorLine(runLineOffset + error.line);
    }
  }

  function togglePreview() {
    if (preview.hidden) {
      preview.hidden = false;
      renderButton.setAttribute("aria-pressed", "true");
      showPreview();
    } else {
      closePreview();
    }
  }

  function closePreview() {
    previewGeneration += 1;
    preview.hidden = true;
    renderButton.setAttribute("aria-pressed", "false");
    editor.clearErrorLine();
  }

  // While the preview is open it follows the text, a moment after typing stops.
  let previewTimer = null;
  function refreshPreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => { if (!preview.hidden) showPreview(); }, 400);
  }

  async function showPreview() {
    const mine = ++previewGeneration;
    const bar = (note) => h("div", { class: "rendered-sql-head" },
      h("span", { class: "rendered-sql-label" }, "Rendered SQL"),
      note && h("span", { class: "muted rendered-sql-note" }, note),
      h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn small ghost", testid: "render-refresh", title: "Render again", onClick: () => showPreview() }, "Refresh"),
      h("button", { type: "button", class: "icon-btn", testid: "render-close", title: "Hide the rendered SQL", "aria-label": "Hide the rendered SQL", onClick: closePreview }, "✕"));
    if (preview.childElementCount === 0) preview.replaceChildren(bar("Rendering…"));
    if (engineId === null || ctx.docId === undefined) {
      preview.replaceChildren(bar(null), h("p", { class: "rendered-sql-error" }, "Pick an engine first: quoting follows the engine's SQL."));
      return;
    }
    try {
      const { sql } = await api.renderQuery(ctx.docId, { query: editor.getValue(), engineId });
      if (mine !== previewGeneration) return;
      editor.clearErrorLine();
      preview.replaceChildren(bar("read-only · what Run sends"), highlightedSql(sql || " ", "rendered-sql-text"));
    } catch (error) {
      if (mine !== previewGeneration) return;
      const where = error.line ? `Line ${error.line}${error.column ? `, column ${error.column}` : ""}` : null;
      preview.replaceChildren(bar(where),
        h("p", { class: "rendered-sql-error", testid: "rendered-sql-error", role: "alert" }, error.message));
      if (error.code === "template_error" && error.line) editor.markErrorLine(error.line);
    }
  }

  async function cancel() {
    if (runId === null) return;
    cancelButton.disabled = true;
    cancelButton.textContent = "Cancelling…";
    try {
      await api.cancelExecution(runId);
    } catch (error) {
      // 409: it finished meanwhile; its final state arrives on the stream.
      if (error.status !== 409) {
        cancelButton.disabled = false;
        cancelButton.textContent = "■ Cancel";
        runView.showMessage("failed", `Could not cancel: ${error.message}`);
      }
    }
  }

  if (cell.latestExecutionId) {
    runId = cell.latestExecutionId;
    runView.watch(cell.latestExecutionId);
  }

  return {
    element,
    focus: () => editor.focus(),
    text: () => editor.getValue(),
    /** The doc's variables changed: an open Rendered SQL preview renders again. */
    refreshPreview: () => { if (!preview.hidden) showPreview(); },
    refresh: () => editor.refresh(),
    showPeers: (peers) => editor.showPeers(peers),
    /** Collapsed: the header only, with the first line of the SQL. */
    setCollapsed(on) {
      summary.textContent = on ? firstLine(editor.getValue()) || "(empty query)" : "";
      summary.hidden = !on;
      editorHost.hidden = on;
      runView.element.hidden = on;
      element.classList.toggle("is-collapsed", on);
      if (!on) editor.refresh();
    },
    /** Another tab changed the title, engine or row limit. */
    update(changed) {
      if (changed.title !== undefined) title.setValue(changed.title);
      if (changed.rowLimit !== undefined && document.activeElement !== rowLimitSelect) {
        rowLimitSelect.value = String(changed.rowLimit || "");
      }
      if (changed.engineId != null && changed.engineId !== engineId) {
        engineId = changed.engineId;
        engineSelect.value = String(engineId);
      }
    },
    // The cell's sync outlives the view: edits not yet acknowledged still go out.
    destroy() {
      clearTimeout(previewTimer);
      runView.destroy();
    },
  };
}
