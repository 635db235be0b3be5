// Admin → Groups (/admin/groups): named sets of users, for sharing a doc with a team at once.

import { api } from "../api.js";
import { h } from "../dom.js";
import { changedFields, namedFormErrors } from "../adminFormLogic.js";
import { avatar, checklist, confirmButton, dialogForm, errorBox, field, showErrors, textInput } from "./formKit.js";

/** Mounts the groups admin page. */
export function mountAdminGroups(root, _params, app) {
  app.setTitle("Groups · Admin");
  let unmounted = false;
  let users = [];
  const body = h("div", null, h("div", { class: "page-loading" }, "Loading groups…"));
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Groups"), h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn primary", testid: "add-group", onClick: () => openForm(null) }, "Add group")),
    h("p", { class: "muted" }, "Share a doc with a group and everyone in it may read or edit it."),
    body));

  function openForm(group) {
    const name = field("Name", textInput({ value: group ? group.name : "", maxlength: "100" }), { prefix: "group", key: "name", required: true });
    const description = field("Description", textInput({ value: group ? group.description || "" : "" }), { prefix: "group", key: "description" });
    const members = checklist(users.map((u) => ({ id: u.id, label: u.displayName, detail: `@${u.username}` })), group ? group.members : [],
      { testid: "group-members", label: "members", empty: "No users yet: add some under Users." });
    dialogForm({
      title: group ? `Edit ${group.name}` : "Add group", testid: "group-form", submitLabel: group ? "Save" : "Add group",
      children: [name.element, description.element, h("div", { class: "field" }, h("label", null, "Members"), members.element)],
      async onSubmit() {
        const values = { name: name.input.value.trim(), description: description.input.value.trim(), members: members.value() };
        if (!showErrors({ name, description }, namedFormErrors(values))) return false;
        if (group) {
          const changes = changedFields({ name: group.name, description: group.description || "", members: group.members }, values);
          if (Object.keys(changes).length) await api.admin.updateGroup(group.id, changes);
        } else {
          await api.admin.createGroup(values);
        }
        app.notify(`Saved the group ${values.name}.`, { testid: "group-saved" });
        load();
        return true;
      },
    });
  }

  function row(group) {
    const byId = new Map(users.map((u) => [u.id, u]));
    const people = group.members.map((id) => byId.get(id)).filter(Boolean);
    return h("tr", { testid: "group-row", dataset: { name: group.name } },
      h("td", null, h("div", { class: "engine-name" }, group.name), group.description && h("div", { class: "muted small" }, group.description)),
      h("td", { testid: "group-member-list" }, people.length
        ? h("div", { class: "avatar-stack" }, people.slice(0, 12).map((u) => avatar(u, { size: "small" })),
          h("span", { class: "muted small" }, ` ${people.length} member${people.length === 1 ? "" : "s"}`))
        : h("span", { class: "muted" }, "No members")),
      h("td", { class: "row-actions" },
        h("button", { type: "button", class: "btn small", testid: "edit-group", onClick: () => openForm(group) }, "Edit"),
        confirmButton("Delete", "Delete: sure?", () => api.admin.deleteGroup(group.id).then(load, (e) => {
          app.notify(`Could not delete the group: ${e.message}`);
          throw e;
        }), { testid: "delete-group" })));
  }

  function load() {
    Promise.all([api.groups(), api.admin.users()]).then(([groups, list]) => {
      if (unmounted) return;
      users = list;
      body.replaceChildren(groups.length
        ? h("table", { class: "admin-table", testid: "group-table" },
          h("thead", null, h("tr", null, ["Group", "Members", ""].map((t) => h("th", null, t)))),
          h("tbody", null, groups.map(row)))
        : h("div", { class: "empty-state small", testid: "groups-empty" }, h("p", null, "No groups yet. Add one for a team that shares docs.")));
    }, (error) => {
      if (!unmounted) body.replaceChildren(errorBox("Could not load the groups", error.message, "groups-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
