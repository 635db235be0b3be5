// The Add / Edit engine form: fields that change with the kind, checks before saving,
// "Test connection" with the unsaved values, and the secret shown only as "set".

import { api } from "../api.js";
import { h } from "../dom.js";
import { engineBody, formValues, KINDS, kindInfo, validateEngineForm } from "../engineFormLogic.js";

/**
 * A form for `engine` (null: a new one). `onSaved(engine)` after a save, `onCancel()`.
 * Returns `{element, focus()}`.
 */
export function engineForm(engine, { onSaved, onCancel }) {
  const values = formValues(engine);
  const inputs = {};
  const errors = {};
  const fields = h("div", { class: "engine-fields" });
  const formError = h("div", { class: "form-error", testid: "engine-form-error", role: "alert" });
  const testResult = h("div", { class: "test-result", testid: "engine-test-result", "aria-live": "polite" });
  const saveButton = h("button", { type: "submit", class: "btn primary", testid: "engine-save" }, engine ? "Save changes" : "Add engine");
  const testButton = h("button", { type: "button", class: "btn", testid: "engine-test", onClick: () => testConnection() }, "Test connection");

  function field(key, label, { type = "text", placeholder = "", hint = null, required = false, inputmode = null } = {}) {
    const input = h("input", {
      type, id: `engine-${key}`, name: key, value: values[key], placeholder, testid: `engine-${key}`,
      autocomplete: type === "password" ? "new-password" : "off", spellcheck: "false", inputmode,
      "aria-required": required ? "true" : null,
    });
    input.addEventListener("input", () => {
      values[key] = input.value;
      showError(key, null);
    });
    inputs[key] = input;
    errors[key] = h("div", { class: "field-error", testid: `engine-${key}-error` });
    return h("div", { class: "field" },
      h("label", { for: `engine-${key}` }, label, required && h("span", { class: "required", "aria-hidden": "true" }, " *")),
      input, hint && h("div", { class: "field-hint" }, hint), errors[key]);
  }

  function checkbox(key, label, hint = null) {
    const input = h("input", { type: "checkbox", id: `engine-${key}`, testid: `engine-${key}`, checked: values[key] });
    input.addEventListener("change", () => {
      values[key] = input.checked;
      render();
    });
    return h("div", { class: "field check-field" }, h("label", { class: "check" }, input, " ", label),
      hint && h("div", { class: "field-hint" }, hint));
  }

  function secretField() {
    const label = kindInfo(values.kind).secret;
    const isSet = engine && engine.secret === "set" && engine.kind === values.kind;
    const placeholder = isSet ? "set — leave empty to keep" : "none";
    return [
      field("secret", `${label}${isSet ? ": set" : ""}`, {
        type: "password", placeholder,
        hint: isSet ? `${label}: set — leave empty to keep. Stored in the hub's database, never shown again.`
          : "Stored in the hub's database, never shown again.",
      }),
      isSet && checkbox("clearSecret", `Clear the stored ${label.toLowerCase()}`),
    ];
  }

  function render() {
    const kind = values.kind;
    const kindSelect = h("select", { id: "engine-kind", testid: "engine-kind", disabled: Boolean(engine) },
      KINDS.map((k) => h("option", { value: k.kind }, k.label)));
    kindSelect.value = kind;
    kindSelect.addEventListener("change", () => {
      values.kind = kindSelect.value;
      render();
    });
    const connection = kind === "sqlite"
      ? [
        field("path", "Database file", { placeholder: "/srv/data/sales.sqlite", required: true, hint: "An absolute path on the hub's machine." }),
        checkbox("readOnly", "Read-only", values.readOnly ? "Queries cannot change the file."
          : "Risky: anyone who can run a query on this engine can change or delete its data."),
      ]
      : [
        h("div", { class: "field-row" },
          field("host", "Host", { placeholder: "db.example.com", required: true }),
          field("port", "Port", { placeholder: String(kindInfo(kind).port), inputmode: "numeric" })),
        h("div", { class: "field-row" },
          kind !== "trino" && field("database", "Database", { placeholder: kind === "clickhouse" ? "default" : "postgres" }),
          kind === "trino" && field("catalog", "Catalog", { placeholder: "hive" }),
          kind === "trino" && field("schema", "Schema", { placeholder: "default" }),
          field("user", "User", { required: true })),
        secretField(),
        checkbox("tls", kind === "trino" ? "HTTPS (TLS)" : "TLS"),
      ];
    fields.replaceChildren(
      h("div", { class: "field-row" },
        field("name", "Name", { placeholder: "warehouse", required: true }),
        h("div", { class: "field" }, h("label", { for: "engine-kind" }, "Kind"), kindSelect)),
      field("description", "Description", { placeholder: "What people find here" }),
      h("fieldset", null, h("legend", null, "Connection"), connection),
      h("fieldset", null, h("legend", null, "Limits"),
        h("div", { class: "field-row" },
          field("timeLimit", "Time limit (s)", { placeholder: "server default", inputmode: "decimal" }),
          field("rowCap", "Row cap", { placeholder: "server default", inputmode: "numeric" }),
          field("concurrency", "Runs at once", { placeholder: "no limit", inputmode: "numeric" }))));
  }

  function showError(key, message) {
    if (!errors[key]) return;
    errors[key].textContent = message || "";
    inputs[key].classList.toggle("invalid", Boolean(message));
    if (message) inputs[key].setAttribute("aria-invalid", "true");
    else inputs[key].removeAttribute("aria-invalid");
  }

  function check(options) {
    const found = validateEngineForm(values, options);
    for (const key of Object.keys(errors)) showError(key, found[key]);
    const first = Object.keys(found).find((key) => inputs[key]);
    if (first) inputs[first].focus();
    return !first;
  }

  /** A server refusal naming a field (`settings.port`: …) goes under that field. */
  function showServerError(error) {
    const match = /^`(?:settings\.)?(\w+)`: (.*)$/.exec(error.message);
    if (match && inputs[match[1]]) {
      showError(match[1], match[2]);
      inputs[match[1]].focus();
    } else formError.textContent = error.message;
  }

  async function testConnection() {
    formError.textContent = "";
    if (!check({ forTest: true })) return;
    testResult.className = "test-result running";
    testResult.textContent = "Testing the connection…";
    testButton.disabled = true;
    try {
      const body = engineBody(values, engine);
      if (engine) body.id = engine.id;
      const result = await api.testEngineSettings(body);
      showTestResult(testResult, result);
    } catch (error) {
      testResult.className = "test-result failed";
      testResult.textContent = error.message;
    } finally {
      testButton.disabled = false;
    }
  }

  const form = h("form", { class: "engine-form", testid: "engine-form", novalidate: true },
    h("h2", null, engine ? `Edit ${engine.name}` : "Add engine"),
    fields, formError, testResult,
    h("div", { class: "form-actions" }, saveButton, testButton,
      h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn ghost", testid: "engine-cancel", onClick: () => onCancel() }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError.textContent = "";
    if (!check()) return;
    saveButton.disabled = true;
    try {
      const body = engineBody(values, engine);
      const saved = engine ? await api.updateEngine(engine.id, body) : await api.createEngine(body);
      onSaved(saved);
    } catch (error) {
      showServerError(error);
    } finally {
      saveButton.disabled = false;
    }
  });
  render();
  return { element: form, focus: () => inputs.name.focus() };
}

/** Shows a connection test's answer in `box`: ok with its time, or the engine's message. */
export function showTestResult(box, result) {
  box.className = `test-result ${result.ok ? "ok" : "failed"}`;
  box.textContent = result.ok ? `✓ Connected in ${result.elapsedMs} ms` : `✗ ${result.message}`;
}
