// One page of a result as a table: sticky header with column names and types, a muted
// row-number gutter, numbers right-aligned, NULL shown muted. Values go in as text only.

import { h } from "../dom.js";
import { formatValue, isNumericType } from "../format.js";

/** Builds the table for `{columns, rows, offset}`. */
export function resultTable({ columns, rows, offset = 0 }) {
  const numeric = columns.map((c) => isNumericType(c.type));
  const head = h("thead", null,
    h("tr", null,
      h("th", { class: "rownum", "aria-label": "row number" }, "#"),
      columns.map((column, i) =>
        h("th", {
          class: numeric[i] ? "num" : null,
          title: column.engineType ? `${column.name} — ${column.engineType}` : column.name,
          testid: "result-column",
        },
        h("span", { class: "col-name", testid: "column-name" }, column.name),
        h("span", { class: "col-type" }, column.engineType || column.type || "")))));
  const body = h("tbody");
  const fragment = document.createDocumentFragment();
  rows.forEach((row, r) => {
    const tr = document.createElement("tr");
    tr.dataset.testid = "result-row";
    const num = document.createElement("td");
    num.className = "rownum";
    num.textContent = String(offset + r + 1);
    tr.append(num);
    for (let i = 0; i < columns.length; i++) {
      const { text, kind } = formatValue(row[i]);
      const td = document.createElement("td");
      let cls = kind === "number" || (numeric[i] && kind !== "text") ? "num" : "";
      if (kind === "null") cls += " null";
      else if (kind === "blob") cls += " blob";
      if (cls) td.className = cls.trim();
      td.textContent = text;
      if (text.length > 40) td.title = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
      tr.append(td);
    }
    fragment.append(tr);
  });
  body.append(fragment);
  return h("table", { class: "result-table", testid: "result-table" }, head, body);
}
