// Admin → Audit log (/admin/audit): admin actions and permission changes, newest first,
// a hundred at a time ("Load more" asks for the ones before the last shown).

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime } from "../format.js";
import { auditWords } from "../adminFormLogic.js";
import { errorBox } from "./formKit.js";

const PAGE = 100;

/** Mounts the audit log page. */
export function mountAdminAudit(root, _params, app) {
  app.setTitle("Audit log · Admin");
  let unmounted = false;
  let last = null;
  const rows = h("tbody");
  const table = h("table", { class: "admin-table audit-table", testid: "audit-table", hidden: true },
    h("thead", null, h("tr", null, ["When", "Who", "Did", "What", "Detail"].map((t) => h("th", null, t)))), rows);
  const status = h("div", { class: "page-loading", testid: "audit-status" }, "Loading the audit log…");
  const more = h("button", { type: "button", class: "btn", testid: "audit-more", hidden: true, onClick: () => load() }, "Load more");
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Audit log")),
    h("p", { class: "muted" }, "Who changed users, groups, environments, engines, announcements, tokens and sharing."),
    table, status, h("div", { class: "form-actions" }, more)));

  function load() {
    more.disabled = true;
    api.admin.audit(PAGE, last).then((entries) => {
      if (unmounted) return;
      for (const entry of entries) {
        const words = auditWords(entry);
        rows.append(h("tr", { testid: "audit-row", dataset: { action: entry.action, id: String(entry.id) } },
          h("td", { class: "nowrap" }, formatDateTime(entry.createdAt)),
          h("td", null, words.who),
          h("td", { testid: "audit-action", title: entry.action }, words.what),
          h("td", { class: "mono" }, /^doc:\d+$/.test(words.target)
            ? h("a", { href: `/docs/${words.target.slice(4)}` }, words.target) : words.target),
          h("td", { class: "small audit-detail" }, words.detail)));
      }
      if (entries.length) last = entries[entries.length - 1].id;
      table.hidden = rows.children.length === 0;
      status.textContent = rows.children.length === 0 ? "Nothing yet: admin actions and sharing changes will show here." : "";
      status.className = rows.children.length === 0 ? "empty-state small" : "";
      more.hidden = entries.length < PAGE;
      more.disabled = false;
    }, (error) => {
      if (unmounted) return;
      more.disabled = false;
      status.className = "";
      status.replaceChildren(errorBox("Could not load the audit log", error.message, "audit-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
