// Admin → Users (/admin/users): every account; add one with a password, change the display
// name, admin and active flags, and reset a password. In local mode the first user with a
// password turns sign-in on (and takes over the local user's docs).

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import { userFormErrors } from "../adminFormLogic.js";
import { avatar, dialogForm, errorBox, field, showErrors, textInput } from "./formKit.js";

const checkbox = (label, checked, testid, hint) => {
  const input = h("input", { type: "checkbox", checked: Boolean(checked), testid });
  return { input, element: h("label", { class: "field check-field" }, input, h("span", { class: "check" }, label), hint && h("span", { class: "field-hint" }, hint)) };
};

/** Mounts the users admin page. */
export function mountAdminUsers(root, _params, app) {
  app.setTitle("Users · Admin");
  let unmounted = false;
  const me = app.session().user;
  const local = app.session().mode === "local";
  const body = h("div", null, h("div", { class: "page-loading" }, "Loading users…"));
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Users"), h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn primary", testid: "add-user", onClick: () => openForm(null) }, "Add user")),
    local && h("div", { class: "banner info", testid: "local-mode-banner" },
      h("span", null, "Local mode: nobody signs in. Adding the first user with a password turns sign-in on for this hub; that account takes over your docs, and you sign in as it.")),
    body));

  function openForm(user) {
    const creating = !user;
    const fields = {
      username: creating ? field("Username", textInput({ maxlength: "64", autocapitalize: "none" }), { prefix: "user", key: "username", required: true, hint: "Letters, digits and . _ - @; used to sign in." }) : null,
      displayName: field("Display name", textInput({ value: user ? user.displayName : "", maxlength: "100" }), { prefix: "user", key: "displayName", required: !creating, hint: creating ? "Defaults to the username." : null }),
      password: field(creating ? "Password" : "Reset password", h("input", { type: "password", autocomplete: "new-password" }),
        { prefix: "user", key: "password", required: creating, hint: creating ? "At least 8 characters. Tell it to the user; they can change it under their avatar." : "Leave empty to keep the current one. A reset signs the user out everywhere." }),
    };
    // In local mode the first password turns sign-in on, so its account must be an admin.
    const admin = checkbox("Admin", user ? user.isAdmin : local, "user-admin", creating && local
      ? "The first user with a password must be an admin: you will sign in as them."
      : "Admins manage users, engines, environments and every doc.");
    const active = user ? checkbox("Active", user.active, "user-active", "An inactive user cannot sign in; their docs stay.") : null;
    if (user && user.id === me.id) {
      admin.input.disabled = true;
      active.input.disabled = true;
    }
    dialogForm({
      title: creating ? "Add user" : `Edit ${user.username}`, testid: "user-form", submitLabel: creating ? "Add user" : "Save",
      children: [Object.values(fields).filter(Boolean).map((f) => f.element), admin.element, active && active.element],
      async onSubmit() {
        const values = {
          username: creating ? fields.username.input.value.trim() : user.username,
          displayName: fields.displayName.input.value.trim(),
          password: fields.password.input.value,
        };
        const shown = Object.fromEntries(Object.entries(fields).filter(([, f]) => f));
        if (!showErrors(shown, userFormErrors(values, { creating, needsPassword: creating }))) return false;
        if (creating) {
          const made = await api.admin.createUser({ username: values.username, displayName: values.displayName || values.username, password: values.password, isAdmin: admin.input.checked });
          app.notify(`Added ${made.username}.`, { testid: "user-saved" });
          if (local) {
            // Sign-in is on now: this browser has no session yet.
            app.reloadSession();
            return true;
          }
        } else {
          const changes = {};
          if (values.displayName !== user.displayName) changes.displayName = values.displayName;
          if (admin.input.checked !== user.isAdmin) changes.isAdmin = admin.input.checked;
          if (active.input.checked !== user.active) changes.active = active.input.checked;
          if (values.password) changes.password = values.password;
          if (Object.keys(changes).length) {
            const saved = await api.admin.updateUser(user.id, changes);
            if (saved.id === me.id) app.setUser(saved);
            app.notify(`Saved ${saved.username}.`, { testid: "user-saved" });
          }
        }
        load();
        return true;
      },
    });
  }

  function row(user) {
    return h("tr", { testid: "user-row", dataset: { username: user.username }, class: user.active ? null : "disabled" },
      h("td", null, h("span", { class: "user-chip" }, avatar(user, { size: "small" }),
        h("span", null, h("div", { class: "engine-name", testid: "user-display-name" }, user.displayName), h("div", { class: "muted small" }, `@${user.username}`)))),
      h("td", null, user.isAdmin ? h("span", { class: "status-badge on", testid: "user-admin-badge" }, "Admin") : h("span", { class: "muted" }, "Member")),
      h("td", null, h("span", { class: `status-badge ${user.active ? "on" : "off"}`, testid: "user-status" }, user.active ? "Active" : "Inactive")),
      h("td", null, h("span", { title: formatDateTime(user.createdAt) }, formatRelativeTime(user.createdAt))),
      h("td", { class: "row-actions" }, h("button", { type: "button", class: "btn small", testid: "edit-user", onClick: () => openForm(user) }, "Edit")));
  }

  function load() {
    api.admin.users().then((users) => {
      if (unmounted) return;
      body.replaceChildren(h("table", { class: "admin-table", testid: "user-table" },
        h("thead", null, h("tr", null, ["User", "Role", "Status", "Created", ""].map((t) => h("th", null, t)))),
        h("tbody", null, users.map(row))));
    }, (error) => {
      if (!unmounted) body.replaceChildren(errorBox("Could not load the users", error.message, "users-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
