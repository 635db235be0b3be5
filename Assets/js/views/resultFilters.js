// The result toolbar's chips: the sort (if any) and the filters, each removable, and
// "+ Filter" → column, operator, value → a new chip. Several filters AND together; the
// server applies them to the stored result (resultQuery.js builds the parameters).

import { h, replaceChildren } from "../dom.js";
import { OPERATORS, filterLabel, needsValue } from "../resultQuery.js";

/**
 * `columns` of the statement; `onChange({sort, filters})` when the user adds or removes a
 * chip. Returns `{element, show(view)}`; `show` redraws the chips for the grid's view.
 */
export function createResultFilters({ columns, onChange }) {
  const chips = h("span", { class: "chips", testid: "filter-chips" });
  const addButton = h("button", {
    type: "button", class: "btn small ghost add-filter", testid: "add-filter", onClick: () => openForm(),
    disabled: columns.length === 0,
  }, "+ Filter");
  const form = h("form", { class: "filter-form", testid: "filter-form" });
  form.hidden = true;
  const element = h("div", { class: "result-filters" }, chips, addButton, form);
  let view = { sort: null, filters: [] };

  function show(next) {
    view = next;
    const list = [];
    if (view.sort) {
      const name = columns[view.sort.column]?.name ?? "";
      list.push(chip(`Sorted by ${name} ${view.sort.order === "desc" ? "↓" : "↑"}`, "sort-chip", "Stop sorting",
        () => onChange({ ...view, sort: null })));
    }
    view.filters.forEach((filter, i) => {
      list.push(chip(filterLabel(filter, columns), "filter-chip", "Remove this filter",
        () => onChange({ ...view, filters: view.filters.filter((_, j) => j !== i) })));
    });
    replaceChildren(chips, list);
  }

  function chip(text, testid, removeLabel, remove) {
    return h("span", { class: `chip ${testid}`, testid },
      h("span", { class: "chip-text" }, text),
      h("button", { type: "button", class: "chip-remove", testid: "chip-remove", title: removeLabel, "aria-label": removeLabel, onClick: remove }, "×"));
  }

  function openForm() {
    const column = h("select", { testid: "filter-column", "aria-label": "Column" },
      columns.map((c, i) => h("option", { value: String(i) }, c.name)));
    const op = h("select", { testid: "filter-op", "aria-label": "Operator" },
      OPERATORS.map((o) => h("option", { value: o.op }, o.label)));
    const value = h("input", { type: "text", testid: "filter-value", "aria-label": "Value", placeholder: "value", spellcheck: "false" });
    const sync = () => { value.hidden = !needsValue(op.value); };
    op.addEventListener("change", sync);
    const cancel = () => {
      form.hidden = true;
      addButton.hidden = false;
      addButton.focus();
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      const filter = { column: Number(column.value), op: op.value };
      if (needsValue(filter.op)) filter.value = value.value;
      cancel();
      onChange({ ...view, filters: [...view.filters, filter] });
    };
    form.onkeydown = (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        cancel();
      }
    };
    replaceChildren(form, column, op, value,
      h("button", { type: "submit", class: "btn small primary", testid: "filter-apply" }, "Add"),
      h("button", { type: "button", class: "btn small ghost", testid: "filter-cancel", onClick: cancel }, "Cancel"));
    sync();
    form.hidden = false;
    addButton.hidden = true;
    column.focus();
  }

  show(view);
  return { element, show };
}
