// Admin → Announcements (/admin/announcements): messages every user sees as a banner at the
// top, info or warning, until they expire or are deleted. Plain text only.

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import { announcementErrors, isoToLocal, localToISO } from "../adminFormLogic.js";
import { confirmButton, dialogForm, errorBox, field, showErrors } from "./formKit.js";

/** Mounts the announcements admin page. */
export function mountAdminAnnouncements(root, _params, app) {
  app.setTitle("Announcements · Admin");
  let unmounted = false;
  const body = h("div", null, h("div", { class: "page-loading" }, "Loading announcements…"));
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Announcements"), h("span", { class: "cell-head-spacer" }),
      h("button", { type: "button", class: "btn primary", testid: "add-announcement", onClick: () => openForm(null) }, "New announcement")),
    h("p", { class: "muted" }, "Shown to every user at the top of each page until it expires; each user may dismiss it for their session."),
    body));

  function openForm(item) {
    const message = field("Message", h("textarea", { rows: "3", maxlength: "1000", value: item ? item.message : "" }), { prefix: "announcement", key: "message", required: true, hint: "Plain text." });
    const level = field("Level", h("select", null,
      h("option", { value: "info" }, "Info"), h("option", { value: "warning" }, "Warning")), { prefix: "announcement", key: "level" });
    level.input.value = item ? item.level : "info";
    const expires = field("Expires", h("input", { type: "datetime-local", value: item ? isoToLocal(item.expiresAt) : "" }), { prefix: "announcement", key: "expiresAt", hint: "Optional; in your time zone. Empty: shown until deleted." });
    dialogForm({
      title: item ? "Edit announcement" : "New announcement", testid: "announcement-form", submitLabel: item ? "Save" : "Publish",
      children: [message.element, h("div", { class: "field-row" }, level.element, expires.element)],
      async onSubmit() {
        const values = { message: message.input.value.trim(), level: level.input.value, expiresAt: expires.input.value };
        if (!showErrors({ message, level, expiresAt: expires }, announcementErrors(values))) return false;
        const payload = { message: values.message, level: values.level, expiresAt: localToISO(values.expiresAt) };
        if (item) await api.admin.updateAnnouncement(item.id, payload);
        else await api.admin.createAnnouncement(payload);
        app.notify(item ? "Announcement saved." : "Announcement published.", { testid: "announcement-saved" });
        app.refreshAnnouncements();
        load();
        return true;
      },
    });
  }

  function row(item) {
    const expired = item.expiresAt && new Date(item.expiresAt).getTime() <= Date.now();
    return h("tr", { testid: "announcement-row", dataset: { id: String(item.id) }, class: expired ? "disabled" : null },
      h("td", { class: "announcement-message", testid: "announcement-row-message" }, item.message),
      h("td", null, h("span", { class: `level-badge ${item.level}` }, item.level === "warning" ? "Warning" : "Info")),
      h("td", null, item.expiresAt
        ? h("span", { title: formatDateTime(item.expiresAt) }, expired ? "Expired" : `Until ${formatDateTime(item.expiresAt)}`)
        : h("span", { class: "muted" }, "No expiry")),
      h("td", null, h("span", { title: formatDateTime(item.createdAt) }, formatRelativeTime(item.createdAt))),
      h("td", { class: "row-actions" },
        h("button", { type: "button", class: "btn small", testid: "edit-announcement", onClick: () => openForm(item) }, "Edit"),
        confirmButton("Delete", "Delete: sure?", () => api.admin.deleteAnnouncement(item.id).then(() => {
          app.refreshAnnouncements();
          load();
        }, (e) => {
          app.notify(`Could not delete: ${e.message}`);
          throw e;
        }), { testid: "delete-announcement" })));
  }

  function load() {
    api.admin.announcements().then((list) => {
      if (unmounted) return;
      body.replaceChildren(list.length
        ? h("table", { class: "admin-table", testid: "announcement-table" },
          h("thead", null, h("tr", null, ["Message", "Level", "Expires", "Posted", ""].map((t) => h("th", null, t)))),
          h("tbody", null, list.map(row)))
        : h("div", { class: "empty-state small", testid: "announcements-empty" }, h("p", null, "No announcements. Post one before maintenance or to point people at a new doc.")));
    }, (error) => {
      if (!unmounted) body.replaceChildren(errorBox("Could not load the announcements", error.message, "announcements-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
