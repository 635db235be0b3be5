// Browsing one statement's stored result: a toolbar (sort and filter chips, the selection
// and Copy, and a slot at its right end for the Export menu), the virtual-scrolling grid,
// and a footer line with the row count or what the server is busy with.

import { h } from "../dom.js";
import { countLine } from "../resultQuery.js";
import { MAX_COPY_ROWS, bounds, selectionLabel, toTSV } from "../resultSelection.js";
import { formatCount } from "../format.js";
import { createResultGrid } from "./resultGrid.js";
import { createResultFilters } from "./resultFilters.js";
import { exportMenu } from "./exportMenu.js";

/** The browser for `statement` of `execution`; returns `{element, destroy()}`. */
export function createResultBrowser({ execution, statement }) {
  const selectionInfo = h("span", { class: "selection-info", testid: "selection-info" });
  const copyButton = h("button", {
    type: "button", class: "btn small", testid: "copy-button", disabled: true,
    title: "Copy the selected cells as TSV (Ctrl/Cmd-C)", onClick: () => copy(),
  }, "Copy");
  const exportSlot = h("span", { class: "export-slot", testid: "export-slot" });
  const count = h("span", { class: "row-count", testid: "row-count" });
  const busy = h("span", { class: "footer-busy", testid: "footer-busy" });
  const errorLine = h("div", { class: "error-box grid-error", testid: "grid-error", role: "alert" });
  errorLine.hidden = true;

  let grid = null;
  const filters = createResultFilters({ columns: statement.columns || [], onChange: (view) => grid.setView(view) });
  grid = createResultGrid({
    execution,
    statement,
    onState: showState,
    onSelection: showSelection,
    onSort: () => filters.show(grid.view()),
    onCopy: () => copy(),
  });

  // The file follows the sort and filters shown.
  exportSlot.append(exportMenu({ executionId: execution.id, statement: statement.index, view: () => grid.view() }));
  const toolbar = h("div", { class: "result-toolbar", testid: "result-toolbar" },
    filters.element, h("span", { class: "toolbar-gap" }), selectionInfo, copyButton, exportSlot);
  const footer = h("div", { class: "result-footer", testid: "result-footer" }, count, busy);
  const element = h("div", { class: "result-browser" }, toolbar, errorLine, grid.element, footer);

  function showState({ total, resultTotal, filtered, busy: working, known, error, view }) {
    filters.show(view);
    errorLine.hidden = !error;
    errorLine.textContent = error ? `Could not show these rows: ${error}` : "";
    count.textContent = known ? countLine(total, resultTotal, filtered) : countLine(resultTotal, resultTotal, false);
    busy.textContent = working;
  }

  function showSelection(selection) {
    const b = bounds(selection, grid.columns.length);
    copyButton.disabled = !b;
    selectionInfo.classList.remove("warn");
    if (!b) {
      selectionInfo.textContent = "";
      return;
    }
    if (selection.capped) {
      selectionInfo.classList.add("warn");
      selectionInfo.textContent = `${selectionLabel(b)} selected — a selection stops at ${formatCount(MAX_COPY_ROWS)} rows; export for more`;
    } else {
      selectionInfo.textContent = `${selectionLabel(b)} selected`;
    }
  }

  async function copy() {
    const b = bounds(grid.selection(), grid.columns.length);
    if (!b) return;
    copyButton.disabled = true;
    const label = selectionLabel(b);
    try {
      if (b.rows > 200) selectionInfo.textContent = `Fetching ${label}…`;
      const rows = await grid.rowsFor(b.r0, Math.min(b.r1, grid.total() - 1));
      await writeClipboard(toTSV(grid.columns, rows, b));
      selectionInfo.textContent = `Copied ${label}`;
    } catch (error) {
      selectionInfo.classList.add("warn");
      selectionInfo.textContent = `Could not copy: ${error.message}`;
    } finally {
      copyButton.disabled = !grid.selection();
    }
  }

  return {
    element,
    destroy() {
      grid.destroy();
      element.remove();
    },
  };
}

/** Puts `text` on the clipboard; falls back to a hidden textarea where the API is missing. */
async function writeClipboard(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Denied (no user gesture, insecure origin): try the old way.
    }
  }
  const area = h("textarea", { class: "clipboard-helper", "aria-hidden": "true", readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("the browser refused the clipboard");
}
