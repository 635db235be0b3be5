// The "Export" button of a result: a small menu of formats (CSV, TSV, JSON lines, Excel),
// then a progress bar with percent and megabytes and a Cancel button while the file
// downloads, "Exported N rows" when it is saved, or the server's message when it fails.
// An export keeps going when the results view redraws (another page, a new event): the same
// element is handed back for that statement until the export ends.

import { h, replaceChildren } from "../dom.js";
import { formatBytes, formatRows } from "../format.js";
import { EXPORT_FORMATS, downloadExport } from "../exportDownload.js";

const running = new Map(); // "execution:statement" → the element of an export in flight

/** The export control for statement `statement` of run `executionId`; `view()` gives the
 * sort and filters shown, which the file follows. */
export function exportMenu({ executionId, statement, view = () => undefined }) {
  const key = `${executionId}:${statement}`;
  if (running.has(key)) return running.get(key);

  const button = h("button", {
    type: "button", class: "btn small export-btn", testid: "export-button", title: "Download the whole result as a file",
    "aria-haspopup": "menu", "aria-expanded": "false",
  }, "Export ", h("span", { class: "export-caret", "aria-hidden": "true" }, "▾"));
  const list = h("div", { class: "export-list", role: "menu", testid: "export-menu", hidden: true },
    EXPORT_FORMATS.map((f) => h("button", {
      type: "button", class: "export-item", role: "menuitem", testid: `export-${f.format}`,
      onClick: () => {
        close();
        start(f);
      },
    }, h("span", null, f.label), h("span", { class: "export-ext" }, `.${f.extension}`))));
  const fill = h("div", { class: "export-bar-fill" });
  const bar = h("div", { class: "export-bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", testid: "export-bar" }, fill);
  const label = h("span", { class: "export-label", testid: "export-progress-label" });
  const cancelButton = h("button", { type: "button", class: "btn small ghost", testid: "export-cancel", onClick: () => controller && controller.abort() }, "Cancel");
  const progress = h("div", { class: "export-progress", testid: "export-progress", hidden: true }, bar, label, cancelButton);
  const status = h("span", { class: "export-status", testid: "export-status", role: "status", hidden: true });
  const element = h("div", { class: "export-menu", testid: "export", dataset: { state: "idle" } },
    status, progress, h("div", { class: "export-anchor" }, button, list));
  let controller = null;

  function show(state, text) {
    element.dataset.state = state;
    progress.hidden = state !== "running";
    button.disabled = state === "running";
    status.hidden = !text;
    status.className = `export-status ${state}`;
    replaceChildren(status, text || "");
  }

  async function start(f) {
    controller = new AbortController();
    running.set(key, element);
    element.dataset.format = f.format;
    fill.style.width = "0%";
    bar.setAttribute("aria-valuenow", "0");
    label.textContent = `Preparing ${f.label}…`;
    show("running");
    try {
      const result = await downloadExport({
        executionId, statement, format: f.format, view: view(), signal: controller.signal,
        onProgress: ({ percent, label: text }) => {
          fill.style.width = `${percent}%`;
          bar.setAttribute("aria-valuenow", String(percent));
          label.textContent = text;
        },
      });
      element.dataset.bytes = String(result.bytes);
      show("done", `Exported ${formatRows(result.rows)} · ${formatBytes(result.bytes)} (${result.filename})`);
    } catch (error) {
      if (error && error.name === "AbortError") show("cancelled", "Export cancelled.");
      else show("failed", `Export failed: ${(error && error.message) || "unknown error"}`);
    } finally {
      controller = null;
      running.delete(key);
    }
  }

  function open() {
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("mousedown", onOutside, true);
    document.addEventListener("keydown", onKey, true);
    const first = list.querySelector(".export-item");
    if (first) first.focus();
  }
  function close() {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", onOutside, true);
    document.removeEventListener("keydown", onKey, true);
  }
  function onOutside(event) {
    if (!element.contains(event.target)) close();
  }
  function onKey(event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
      button.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const items = [...list.querySelectorAll(".export-item")];
      const at = items.indexOf(document.activeElement);
      const next = (at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[next].focus();
    }
  }
  button.addEventListener("click", () => (list.hidden ? open() : close()));
  return element;
}
