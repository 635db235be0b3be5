// The schedule panel's "Export results": one row per query cell of the doc (and per export of
// a cell no longer in it), a checkbox and CSV or XLSX.

import { h } from "../dom.js";
import { cellLabel } from "../scheduleLogic.js";

/**
 * Draws into `list` the rows for `cells` (the doc's query cells) and `exports` (cell id →
 * format); `onChange(exports)` hears each change. Viewers (`readOnly`) see it disabled.
 */
export function drawExportRows(list, { cells, exports, readOnly, onChange }) {
  let current = { ...exports };
  const known = new Set(cells.map((c) => String(c.id)));
  const rows = [...cells.map((c, i) => ({ id: String(c.id), label: cellLabel(c, i) })),
    ...Object.keys(current).filter((id) => !known.has(id)).map((id) => ({ id, label: `Cell ${id} (no longer in this doc)` }))];
  list.replaceChildren(...(rows.length ? rows.map(({ id, label }) => {
    const format = current[id] || null;
    const check = h("input", { type: "checkbox", checked: Boolean(format), disabled: readOnly, testid: "schedule-export-check", "aria-label": `Export ${label}` });
    const select = h("select", { disabled: readOnly || !format, testid: "schedule-export-format", "aria-label": `Format for ${label}` },
      h("option", { value: "csv" }, "CSV"), h("option", { value: "xlsx" }, "XLSX"));
    select.value = format || "csv";
    const set = () => {
      current = { ...current };
      if (check.checked) current[id] = select.value;
      else delete current[id];
      select.disabled = readOnly || !check.checked;
      onChange(current);
    };
    check.addEventListener("change", set);
    select.addEventListener("change", set);
    return h("div", { class: "sched-export-row", testid: "schedule-export", dataset: { cellId: id } },
      h("label", { class: "sched-export-label" }, check, h("span", null, label)), select);
  }) : [h("p", { class: "muted small" }, "This doc has no query cells yet.")]));
}
