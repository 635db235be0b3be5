// A doc's variables: a side panel (from the doc menu) with one row per variable — name, type,
// value — to add, remove and save; the server's refusal (a bad value, a cycle) is shown inline
// and marks the row it names. Query cells use them as {{ name }} (Docs/user-guide.md).

import { api } from "../api.js";
import { h } from "../dom.js";
import { VARIABLE_TYPES, toVariable, valueText, variableNamed } from "../variableLogic.js";

/**
 * `{docId, readOnly, app, onSaved?}`. Returns `{open(), close(), isOpen()}`; `refresh()` reloads
 * an open panel (another tab saved).
 */
export function createVariablesPanel({ docId, readOnly, app, onSaved }) {
  let panel = null;
  let rows = []; // [{element, name, type, value}] in order
  let generation = 0;
  let dirty = false; // edited here and not saved: another tab's save must not overwrite it
  const list = h("div", { class: "variables-rows", testid: "variables-rows" });
  list.addEventListener("input", () => { dirty = true; });
  list.addEventListener("change", () => { dirty = true; });
  const status = h("p", { class: "variables-status", testid: "variables-status", role: "status", "aria-live": "polite" });
  const saveButton = h("button", { type: "button", class: "btn primary small", testid: "variables-save", onClick: save }, "Save");
  const addButton = h("button", {
    type: "button", class: "btn small", testid: "variables-add", onClick: () => { addRow({ name: "", type: "string", value: "" }, true); dirty = true; },
  }, "+ Add variable");

  function open() {
    if (panel) return;
    panel = h("aside", { class: "variables-panel", testid: "variables-panel", role: "dialog", "aria-label": "Doc variables" },
      h("header", { class: "variables-head" },
        h("h2", null, "Variables"),
        h("button", { type: "button", class: "icon-btn", title: "Close (Esc)", "aria-label": "Close variables", testid: "variables-close", onClick: close }, "✕")),
      h("p", { class: "variables-hint muted" },
        "Use them in queries as ", h("code", null, "{{ name }}"), ". Put values in SQL with ",
        h("code", null, "{{ name | sql_string }}"), " or ", h("code", null, "{{ names | sql_list }}"),
        " — never inside quotes you typed. A string or date may be a template itself, e.g. ",
        h("code", null, "{{ ds_add(ds, -7) }}"), "."),
      h("div", { class: "variables-columns", "aria-hidden": "true" }, h("span", null, "Name"), h("span", null, "Type"), h("span", null, "Value")),
      list,
      h("footer", { class: "variables-foot" }, readOnly ? h("span", { class: "muted" }, "View only") : [addButton, saveButton]),
      status);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        close();
      }
    });
    document.body.append(panel);
    load();
  }

  function close() {
    generation += 1;
    if (panel) panel.remove();
    panel = null;
  }

  async function load() {
    const mine = ++generation;
    list.replaceChildren(h("p", { class: "muted variables-empty" }, "Loading variables…"));
    try {
      const { variables } = await api.docVariables(docId);
      if (mine !== generation) return;
      show(variables);
    } catch (error) {
      if (mine !== generation) return;
      list.replaceChildren(h("p", { class: "variables-error" }, `Could not load the variables: ${error.message}`));
    }
  }

  function show(variables) {
    dirty = false;
    rows = [];
    list.replaceChildren();
    for (const variable of variables) addRow(variable, false);
    if (variables.length === 0) showEmpty();
  }

  function showEmpty() {
    if (rows.length === 0) {
      list.replaceChildren(h("p", { class: "muted variables-empty", testid: "variables-empty" },
        readOnly ? "This doc has no variables." : "No variables yet. Add one, e.g. start_date (date) = {{ ds_add(ds, -7) }}."));
    }
  }

  function addRow(variable, focus) {
    if (rows.length === 0) list.replaceChildren();
    const name = h("input", {
      class: "variables-name mono", testid: "variable-name", value: variable.name, placeholder: "name", spellcheck: "false",
      "aria-label": "Variable name", disabled: readOnly,
    });
    const type = h("select", { class: "variables-type", testid: "variable-type", "aria-label": "Variable type", disabled: readOnly },
      VARIABLE_TYPES.map((t) => h("option", { value: t }, t)));
    type.value = variable.type || "string";
    let value = valueInput(type.value, valueText(variable.type, variable.value));
    const slot = h("span", { class: "variables-value-slot" }, value);
    type.addEventListener("change", () => {
      const next = valueInput(type.value, value.value);
      slot.replaceChildren(next);
      value = next;
    });
    const row = { name, type, get value() { return value; } };
    const remove = h("button", {
      type: "button", class: "icon-btn", title: "Remove this variable", "aria-label": "Remove variable", testid: "variable-remove",
      hidden: readOnly,
      onClick: () => {
        rows = rows.filter((r) => r !== row);
        dirty = true;
        element.remove();
        showEmpty();
      },
    }, "✕");
    const element = h("div", { class: "variables-row", testid: "variable-row" }, name, type, slot, remove);
    row.element = element;
    rows.push(row);
    list.append(element);
    if (focus) name.focus();
  }

  function valueInput(type, text) {
    if (type === "boolean") {
      const select = h("select", { class: "variables-value", testid: "variable-value", "aria-label": "Value", disabled: readOnly },
        h("option", { value: "true" }, "true"), h("option", { value: "false" }, "false"));
      select.value = text === "true" ? "true" : "false";
      return select;
    }
    const placeholder = { string: "text or {{ template }}", number: "42", date: "YYYY-MM-DD or {{ ds }}", list: "a, b, c" }[type];
    return h("input", {
      class: "variables-value mono", testid: "variable-value", value: text, placeholder, spellcheck: "false", "aria-label": "Value",
      disabled: readOnly,
    });
  }

  async function save() {
    const variables = rows.map((r) => toVariable({ name: r.name.value, type: r.type.value, text: r.value.value }))
      .filter((v, i) => v.name !== "" || rows[i].value.value.trim() !== "");
    for (const r of rows) r.element.classList.remove("is-error");
    status.className = "variables-status";
    status.textContent = "Saving…";
    saveButton.disabled = true;
    try {
      const saved = await api.putDocVariables(docId, variables);
      status.textContent = `Saved ${saved.variables.length} variable${saved.variables.length === 1 ? "" : "s"}.`;
      show(saved.variables);
      if (onSaved) onSaved(saved.variables);
    } catch (error) {
      status.className = "variables-status is-error";
      status.setAttribute("role", "alert");
      status.textContent = error.message;
      // Mark the row the message names, or every row of a cycle.
      const cycle = error.code === "variable_cycle" ? (error.message.split(": ")[1] || "").replace(/\.$/, "").split(" → ") : [];
      const named = cycle.length ? cycle : [variableNamed(error.message, rows.map((r) => r.name.value.trim()))];
      for (const r of rows) if (named.includes(r.name.value.trim())) r.element.classList.add("is-error");
      if (!error.status || error.status >= 500) app.notify(`Could not save the variables: ${error.message}`);
    } finally {
      saveButton.disabled = false;
    }
  }

  /** Another tab saved: reload, unless this panel holds unsaved edits (then say so). */
  function refresh() {
    if (!panel) return;
    if (!dirty) {
      load();
      return;
    }
    status.className = "variables-status";
    status.textContent = "Someone else changed these variables. Save replaces their change with yours; close and reopen to see theirs.";
  }

  return { open, close, isOpen: () => panel !== null, refresh };
}
