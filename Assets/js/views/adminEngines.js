// Admin → Engines (/admin/engines): every configured engine with its target, limits and
// status; add, edit, test, disable and enable. Everyone is the local admin until accounts
// exist (issue 7).

import { api } from "../api.js";
import { h } from "../dom.js";
import { engineLimits, engineTarget, kindInfo } from "../engineFormLogic.js";
import { engineForm, showTestResult } from "./engineForm.js";

/** Mounts the engines admin page into `root`. Returns `{unmount()}`. */
export function mountAdminEngines(root, _params, app) {
  let unmounted = false;
  let engines = [];
  app.setTitle("Engines · Admin");
  const formSlot = h("div", { class: "engine-form-slot" });
  const body = h("div", { class: "engine-list" }, h("div", { class: "page-loading" }, "Loading engines…"));
  const addButton = h("button", { type: "button", class: "btn primary", testid: "add-engine", onClick: () => openForm(null) }, "Add engine");
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" },
      h("h1", null, "Engines"), h("span", { class: "cell-head-spacer" }), addButton),
    h("p", { class: "muted" }, "Where queries run. Changes apply to new runs; a disabled engine keeps its settings but takes no runs."),
    formSlot, body));

  function openForm(engine) {
    const form = engineForm(engine, {
      onSaved: (saved) => {
        formSlot.replaceChildren();
        api.forgetEngines();
        app.notify(`${engine ? "Saved" : "Added"} ${saved.name}.`, { testid: "engine-saved" });
        load();
      },
      onCancel: () => formSlot.replaceChildren(),
    });
    formSlot.replaceChildren(form.element);
    form.element.scrollIntoView({ block: "nearest" });
    form.focus();
  }

  function row(engine) {
    const result = h("div", { class: "test-result", testid: "row-test-result", "aria-live": "polite" });
    const test = h("button", { type: "button", class: "btn small", testid: "test-engine", onClick: async () => {
      test.disabled = true;
      result.className = "test-result running";
      result.textContent = "Testing…";
      try {
        showTestResult(result, await api.testEngine(engine.id));
      } catch (error) {
        result.className = "test-result failed";
        result.textContent = error.message;
      } finally {
        test.disabled = false;
      }
    } }, "Test");
    const toggle = h("button", { type: "button", class: "btn small", testid: engine.disabled ? "enable-engine" : "disable-engine",
      onClick: async () => {
        toggle.disabled = true;
        try {
          await api.updateEngine(engine.id, { disabled: !engine.disabled });
          api.forgetEngines();
          load();
        } catch (error) {
          toggle.disabled = false;
          app.notify(error.message);
        }
      } }, engine.disabled ? "Enable" : "Disable");
    return h("tr", { testid: "engine-row", dataset: { name: engine.name }, class: engine.disabled ? "disabled" : null },
      h("td", null, h("div", { class: "engine-name" }, engine.name),
        engine.description && h("div", { class: "muted small" }, engine.description)),
      h("td", null, kindInfo(engine.kind).label),
      h("td", { class: "mono", testid: "engine-target" }, engineTarget(engine)),
      h("td", { testid: "engine-limits" }, engineLimits(engine)),
      h("td", null, h("span", { class: `status-badge ${engine.disabled ? "off" : "on"}`, testid: "engine-status" },
        engine.disabled ? "Disabled" : "Enabled"), result),
      h("td", { class: "row-actions" }, test,
        h("button", { type: "button", class: "btn small", testid: "edit-engine", onClick: () => openForm(engine) }, "Edit"),
        toggle));
  }

  function load() {
    api.allEngines().then((list) => {
      if (unmounted) return;
      engines = list;
      if (!engines.length) {
        body.replaceChildren(h("div", { class: "empty-state", testid: "engines-empty" },
          h("h2", null, "No engines yet"),
          h("p", null, "Add a SQLite file, or a PostgreSQL, ClickHouse or Trino server, to run queries on it.")));
        return;
      }
      body.replaceChildren(h("table", { class: "admin-table", testid: "engine-table" },
        h("thead", null, h("tr", null, ["Name", "Kind", "Target", "Limits", "Status", ""].map((t) => h("th", null, t)))),
        h("tbody", null, engines.map(row))));
    }, (error) => {
      if (unmounted) return;
      body.replaceChildren(h("div", { class: "error-box", testid: "engines-error" },
        h("div", { class: "error-title" }, "Could not load the engines"),
        h("div", { class: "error-message" }, error.message)));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
