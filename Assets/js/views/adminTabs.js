// Admin (/admin/{tab}): the tabs over every admin screen. Admins only; anyone else is told so.

import { h } from "../dom.js";
import { mountAdminEngines } from "./adminEngines.js";
import { mountAdminUsers } from "./adminUsers.js";
import { mountAdminGroups } from "./adminGroups.js";
import { mountAdminEnvironments } from "./adminEnvironments.js";
import { mountAdminAnnouncements } from "./adminAnnouncements.js";
import { mountAdminTokens } from "./tokens.js";
import { mountAdminAudit } from "./adminAudit.js";
import { mountAdminMetastore } from "./adminMetastore.js";

export const ADMIN_TABS = [
  { tab: "engines", label: "Engines", mount: mountAdminEngines },
  { tab: "metastore", label: "Metastore", mount: mountAdminMetastore },
  { tab: "users", label: "Users", mount: mountAdminUsers },
  { tab: "groups", label: "Groups", mount: mountAdminGroups },
  { tab: "environments", label: "Environments", mount: mountAdminEnvironments },
  { tab: "announcements", label: "Announcements", mount: mountAdminAnnouncements },
  { tab: "tokens", label: "API tokens", mount: mountAdminTokens },
  { tab: "audit", label: "Audit log", mount: mountAdminAudit },
];

/** Mounts the admin screen `tab` (default engines) under the tab bar. */
export function mountAdmin(root, { tab }, app) {
  const user = app.session().user;
  if (!user || !user.isAdmin) {
    app.setTitle("Admin");
    root.replaceChildren(h("div", { class: "empty-state", testid: "admin-forbidden" },
      h("h2", null, "Admins only"),
      h("p", null, "These settings are for the admins of this hub. Ask one if something needs changing."),
      h("p", null, h("a", { href: "/", class: "btn" }, "Go home"))));
    return { unmount() {} };
  }
  const current = ADMIN_TABS.find((t) => t.tab === (tab || "engines"));
  if (!current) {
    app.setTitle("Admin");
    root.replaceChildren(h("div", { class: "empty-state" }, h("h2", null, "No such admin page"),
      h("p", null, h("a", { href: "/admin/engines", class: "btn" }, "Admin home"))));
    return { unmount() {} };
  }
  const nav = h("nav", { class: "admin-tabs", "aria-label": "Admin", testid: "admin-tabs" },
    ADMIN_TABS.map((t) => h("a", {
      href: `/admin/${t.tab}`, class: `admin-tab${t === current ? " active" : ""}`, testid: `admin-tab-${t.tab}`,
      "aria-current": t === current ? "page" : null,
    }, t.label)));
  const body = h("div", { class: "admin-body" });
  root.replaceChildren(nav, body);
  const view = current.mount(body, {}, app);
  return { unmount: () => view && view.unmount && view.unmount() };
}
