// Admin → Environments (/admin/environments): named sets of engines and members. A user sees
// only the engines of their environments; a public environment is open to every user.

import { api } from "../api.js";
import { h } from "../dom.js";
import { changedFields, namedFormErrors } from "../adminFormLogic.js";
import { checklist, confirmButton, dialogForm, errorBox, field, showErrors, textInput } from "./formKit.js";

/** Mounts the environments admin page. */
export function mountAdminEnvironments(root, _params, app) {
  app.setTitle("Environments · Admin");
  let unmounted = false;
  let users = [];
  let engines = [];
  const body = h("div", null, h("div", { class: "page-loading" }, "Loading environments…"));
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Environments"), h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn primary", testid: "add-environment", onClick: () => openForm(null) }, "Add environment")),
    h("p", { class: "muted" }, "Each doc belongs to one environment; its members may use its engines. A public environment is open to everyone."),
    body));

  function openForm(env) {
    const name = field("Name", textInput({ value: env ? env.name : "", maxlength: "100" }), { prefix: "environment", key: "name", required: true });
    const description = field("Description", textInput({ value: env ? env.description || "" : "" }), { prefix: "environment", key: "description" });
    const isPublic = h("input", { type: "checkbox", checked: Boolean(env && env.public), testid: "environment-public" });
    const engineList = checklist(engines.map((e) => ({ id: e.id, label: e.name, detail: e.disabled ? `${e.kind}, disabled` : e.kind })), env ? env.engines : [],
      { testid: "environment-engines", label: "engines", empty: "No engines yet: add one under Engines." });
    const memberList = checklist(users.map((u) => ({ id: u.id, label: u.displayName, detail: `@${u.username}` })), env ? env.members : [],
      { testid: "environment-members", label: "members", empty: "No users yet." });
    dialogForm({
      title: env ? `Edit ${env.name}` : "Add environment", testid: "environment-form", submitLabel: env ? "Save" : "Add environment", wide: true,
      children: [name.element, description.element,
        h("label", { class: "field check-field" }, isPublic, h("span", { class: "check" }, "Public"), h("span", { class: "field-hint" }, "Every user is a member.")),
        h("div", { class: "field-row" },
          h("div", { class: "field" }, h("label", null, "Engines"), engineList.element),
          h("div", { class: "field" }, h("label", null, "Members"), memberList.element))],
      async onSubmit() {
        const values = { name: name.input.value.trim(), description: description.input.value.trim(), public: isPublic.checked, engines: engineList.value(), members: memberList.value() };
        if (!showErrors({ name, description }, namedFormErrors(values))) return false;
        if (env) {
          const changes = changedFields({ name: env.name, description: env.description || "", public: env.public, engines: env.engines, members: env.members }, values);
          if (Object.keys(changes).length) await api.admin.updateEnvironment(env.id, changes);
        } else {
          await api.admin.createEnvironment(values);
        }
        api.forgetEngines();
        app.notify(`Saved the environment ${values.name}.`, { testid: "environment-saved" });
        load();
        return true;
      },
    });
  }

  function row(env) {
    const engineNames = new Map(engines.map((e) => [e.id, e.name]));
    const names = env.engines.map((id) => engineNames.get(id) || `#${id}`);
    return h("tr", { testid: "environment-row", dataset: { name: env.name } },
      h("td", null, h("div", { class: "engine-name" }, env.name), env.description && h("div", { class: "muted small" }, env.description)),
      h("td", { testid: "environment-engine-list" }, names.length ? names.join(", ") : h("span", { class: "muted" }, "No engines")),
      h("td", null, env.public ? h("span", { class: "status-badge on" }, "Public") : `${env.members.length} member${env.members.length === 1 ? "" : "s"}`),
      h("td", { class: "row-actions" },
        h("button", { type: "button", class: "btn small", testid: "edit-environment", onClick: () => openForm(env) }, "Edit"),
        env.id !== 1 && confirmButton("Delete", "Delete: sure?", () => api.admin.deleteEnvironment(env.id).then(load, (e) => {
          app.notify(`Could not delete the environment: ${e.message}`);
          throw e;
        }), { testid: "delete-environment" })));
  }

  function load() {
    Promise.all([api.environments(), api.admin.users(), api.allEngines()]).then(([envs, list, all]) => {
      if (unmounted) return;
      users = list;
      engines = all;
      body.replaceChildren(envs.length
        ? h("table", { class: "admin-table", testid: "environment-table" },
          h("thead", null, h("tr", null, ["Environment", "Engines", "Who", ""].map((t) => h("th", null, t)))),
          h("tbody", null, envs.map(row)))
        : h("div", { class: "empty-state small", testid: "environments-empty" }, h("p", null, "No environments yet.")));
    }, (error) => {
      if (!unmounted) body.replaceChildren(errorBox("Could not load the environments", error.message, "environments-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
