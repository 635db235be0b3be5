// Small pieces the account and admin forms share: a labelled field with its error line, a
// way to show a check's errors by field, an avatar, and a modal dialog.

import { h } from "../dom.js";
import { initials, textColorOn } from "../accountLogic.js";

/**
 * A labelled field: `{element, input, error}`. `input` is any control; `key` names its
 * testids (`${prefix}-${key}` and `${prefix}-${key}-error`).
 */
export function field(label, input, { prefix, key, hint = null, required = false }) {
  input.dataset.testid = input.dataset.testid || `${prefix}-${key}`;
  if (!input.id) input.id = `${prefix}-${key}-${Math.random().toString(36).slice(2, 8)}`;
  const error = h("div", { class: "field-error", testid: `${prefix}-${key}-error`, role: "alert" });
  const element = h("div", { class: "field" },
    h("label", { for: input.id }, label, required && h("span", { class: "required", "aria-hidden": "true" }, " *")),
    input, hint && h("div", { class: "field-hint" }, hint), error);
  return { element, input, error };
}

/** Shows `errors` (field key → message) under `fields` (key → field); returns whether there were none. */
export function showErrors(fields, errors) {
  let first = null;
  for (const [key, f] of Object.entries(fields)) {
    const message = errors[key] || "";
    f.error.textContent = message;
    f.input.classList.toggle("invalid", Boolean(message));
    if (message && !first) first = f.input;
  }
  if (first) first.focus();
  return !first;
}

export const textInput = (attrs = {}) => h("input", { type: "text", spellcheck: "false", autocomplete: "off", ...attrs });

/** A round avatar: the user's initials on their colour. */
export function avatar(user, { size = "", testid = "avatar" } = {}) {
  const color = (user && user.avatarColor) || "#667085";
  const name = user ? (user.displayName || user.username || "") : "";
  return h("span", {
    class: `avatar ${size}`, testid, title: name, "aria-hidden": "true",
    style: { background: color, color: textColorOn(color) },
  }, initials(user && user.displayName, user && user.username));
}

/**
 * A modal dialog over the page: `{element, body, close()}`. Esc or the ✕ closes it;
 * `onClose()` hears of it. Focus goes to the first control.
 */
export function openDialog({ title, testid, onClose = () => {}, wide = false }) {
  const body = h("div", { class: "dialog-body" });
  const closeButton = h("button", { type: "button", class: "icon-btn", "aria-label": "Close", testid: `${testid}-close`, onClick: () => close() }, "✕");
  const box = h("div", { class: `dialog${wide ? " wide" : ""}`, role: "dialog", "aria-modal": "true", "aria-label": title, testid },
    h("header", { class: "dialog-head" }, h("h2", null, title), h("span", { class: "cell-head-spacer" }), closeButton),
    body);
  const element = h("div", { class: "dialog-backdrop", onMousedown: (event) => {
    if (event.target === element) close();
  } }, box);
  const previous = document.activeElement;
  function onKey(event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  }
  let open = true;
  function close() {
    if (!open) return;
    open = false;
    document.removeEventListener("keydown", onKey, true);
    element.remove();
    if (previous && previous.focus) previous.focus();
    onClose();
  }
  document.addEventListener("keydown", onKey, true);
  document.body.append(element);
  setTimeout(() => {
    const first = body.querySelector("input, select, textarea, button");
    if (first) first.focus();
  }, 0);
  return { element, body, close };
}

/** An error box with a title and the server's message. */
export function errorBox(title, message, testid = "load-error") {
  return h("div", { class: "error-box", testid },
    h("div", { class: "error-title" }, title), h("div", { class: "error-message" }, message));
}

/**
 * A button that asks once more before a destructive action: the first click turns it into
 * `confirmLabel` for a few seconds; a second click runs `run()` (a promise; on failure the
 * button comes back).
 */
export function confirmButton(label, confirmLabel, run, { testid, className = "btn small" } = {}) {
  let armed = false;
  let timer = null;
  const button = h("button", { type: "button", class: className, testid });
  const reset = () => {
    armed = false;
    button.textContent = label;
    button.classList.remove("armed");
  };
  reset();
  button.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel;
      button.classList.add("armed");
      clearTimeout(timer);
      timer = setTimeout(reset, 4000);
      return;
    }
    clearTimeout(timer);
    button.disabled = true;
    try {
      await run();
    } catch {
      // The caller said what went wrong.
    } finally {
      button.disabled = false;
      reset();
    }
  });
  return button;
}

/**
 * A filterable list of checkboxes: `items` `[{id, label, detail?}]`, `selected` ids.
 * Returns `{element, value()}` (the checked ids, sorted).
 */
export function checklist(items, selected, { testid, empty = "Nothing to choose from yet.", label }) {
  const chosen = new Set(selected);
  const filter = textInput({ placeholder: "Filter…", class: "checklist-filter", "aria-label": `Filter ${label}`, testid: `${testid}-filter` });
  const rows = items.map((item) => {
    const box = h("input", { type: "checkbox", checked: chosen.has(item.id), dataset: { id: String(item.id) } });
    box.addEventListener("change", () => (box.checked ? chosen.add(item.id) : chosen.delete(item.id)));
    const row = h("label", { class: "checklist-row", testid: `${testid}-option`, dataset: { label: item.label } },
      box, h("span", null, item.label), item.detail && h("span", { class: "muted small" }, item.detail));
    return { row, text: `${item.label} ${item.detail || ""}`.toLowerCase() };
  });
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const r of rows) r.row.hidden = Boolean(q) && !r.text.includes(q);
  });
  const element = h("div", { class: "checklist", testid, role: "group", "aria-label": label },
    items.length > 8 && filter,
    items.length ? h("div", { class: "checklist-rows" }, rows.map((r) => r.row)) : h("div", { class: "muted small" }, empty));
  return { element, value: () => [...chosen].sort((a, b) => a - b) };
}

/** A form in a dialog: `fields` and controls go in `body`; `onSubmit()` returns a promise; errors show in the form. */
export function dialogForm({ title, testid, submitLabel, children, onSubmit, wide = false }) {
  const dialog = openDialog({ title, testid, wide });
  const formError = h("div", { class: "form-error", testid: `${testid}-error`, role: "alert" });
  const save = h("button", { type: "submit", class: "btn primary", testid: `${testid}-save` }, submitLabel);
  const form = h("form", { class: "dialog-form", novalidate: true }, children, formError,
    h("div", { class: "form-actions" }, save,
      h("button", { type: "button", class: "btn", testid: `${testid}-cancel`, onClick: () => dialog.close() }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError.textContent = "";
    save.disabled = true;
    try {
      const done = await onSubmit();
      if (done !== false) dialog.close();
    } catch (error) {
      formError.textContent = error.message;
    } finally {
      save.disabled = false;
    }
  });
  dialog.body.append(form);
  return dialog;
}
