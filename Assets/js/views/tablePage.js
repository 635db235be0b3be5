// The table page (/tables/{id}[/{tab}]): the header (schema.name, engine, kind, golden star,
// tags, owners, rows and size), the description and warnings (Markdown, edited in place),
// then the tabs of tableTabs.js. A tab is a path (`/tables/5/lineage`): switching pushes a
// history entry and back/forward switch tabs without reloading the page.

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import { TABLE_TABS, tableFacts, tablePath, tableTab } from "../tableLogic.js";
import { avatar, errorBox } from "./formKit.js";
import { editOwners, markdownField, tagEditor } from "./tableEditors.js";
import { mountTableTab } from "./tableTabs.js";

/** Mounts the page of table `id` on `tab`. Returns `{unmount(), update(match)}`. */
export function mountTablePage(root, { id, tab }, app) {
  let unmounted = false;
  let current = tableTab(tab);
  let data = null; // {table, columns}
  let tabView = null;
  app.setTitle("Table");
  root.replaceChildren(h("div", { class: "page-loading" }, "Loading the table…"));

  const tabBar = h("nav", { class: "page-tabs", role: "tablist", "aria-label": "Table", testid: "table-tabs" });
  const tabBody = h("div", { class: "tab-body", testid: "tab-body" });

  function drawTabs() {
    tabBar.replaceChildren(...TABLE_TABS.map(([t, label]) => h("a", {
      href: tablePath(id, t), class: `page-tab${t === current ? " active" : ""}`, role: "tab",
      "aria-selected": t === current ? "true" : "false", testid: `table-tab-${t}`,
    }, label, t === "columns" && data ? h("span", { class: "tab-count" }, String(data.columns.length)) : null)));
  }

  function showTab() {
    if (tabView) tabView.unmount();
    drawTabs();
    tabView = mountTableTab(tabBody, current, { id, data, app, onColumnSaved });
  }

  function onColumnSaved(column) {
    data.columns = data.columns.map((c) => (c.id === column.id ? column : c));
  }

  async function patchTable(changes) {
    const answer = await api.updateTable(id, changes);
    data = answer;
    return answer.table;
  }

  function header(table) {
    const star = h("button", {
      type: "button", class: `star-btn golden-btn${table.golden ? " is-on" : ""}`, testid: "golden-toggle",
      title: table.golden ? "Golden: the owners vouch for this table" : "Not golden", "aria-pressed": table.golden ? "true" : "false",
      disabled: !table.canManage,
    }, table.golden ? "★" : "☆");
    if (table.canManage) {
      star.title = table.golden ? "Golden — click to unmark" : "Mark golden: a table people can rely on";
      star.addEventListener("click", async () => {
        star.disabled = true;
        try {
          const saved = await patchTable({ golden: !table.golden });
          redrawHeader(saved);
        } catch (error) {
          star.disabled = false;
          app.notify(`Could not change golden: ${error.message}`);
        }
      });
    } else if (!table.golden) star.hidden = true;

    const owners = h("div", { class: "owner-chips", testid: "table-owners" },
      table.owners.length ? table.owners.map((o) => h("span", { class: "user-chip small", testid: "table-owner" }, avatar(o, { size: "small" }), o.displayName || o.username))
        : h("span", { class: "faint small" }, "No owners"),
      table.canManage && h("button", { type: "button", class: "btn ghost small", testid: "edit-owners", onClick: () => editOwners(table.owners, {
        save: async (ids) => redrawHeader(await patchTable({ owners: ids })),
      }) }, "Edit"));

    const tags = tagEditor(table.tags, { testid: "table-tags", save: async (next) => (await patchTable({ tags: next })).tags });
    const facts = tableFacts(table);
    return h("header", { class: "table-header", testid: "table-header" },
      h("div", { class: "table-title-row" },
        star,
        h("h1", { class: "table-title", testid: "table-title" }, h("span", { class: "table-schema" }, `${table.schema}.`), table.name),
        h("span", { class: "kind-badge", testid: "table-kind" }, table.kind),
        h("span", { class: "cell-head-spacer" }),
        h("a", { class: "btn small", href: `/search?type=queries&engine=${table.engineId}&q=${encodeURIComponent(table.name)}` }, "Find queries")),
      h("div", { class: "table-meta" },
        h("span", { testid: "table-engine" }, "Engine ", h("strong", null, table.engineName)),
        facts.map(([label, value]) => h("span", { testid: `fact-${label.toLowerCase()}` }, `${label} `, h("strong", null, value))),
        table.lastQueriedAt && h("span", { title: formatDateTime(table.lastQueriedAt) }, `Last queried ${formatRelativeTime(table.lastQueriedAt)}`),
        h("span", { class: "faint", title: formatDateTime(table.syncedAt) }, `Synced ${formatRelativeTime(table.syncedAt)}`)),
      table.comment && h("div", { class: "table-comment muted", testid: "table-comment" }, h("span", { class: "small" }, "Engine comment: "), table.comment),
      h("div", { class: "table-people" },
        h("div", null, h("span", { class: "meta-label" }, "Owners"), owners),
        h("div", null, h("span", { class: "meta-label" }, "Tags"), tags.element)));
  }

  let headerSlot = null;
  function redrawHeader(table) {
    const next = header(table);
    headerSlot.replaceWith(next);
    headerSlot = next;
  }

  function draw() {
    const { table } = data;
    app.setTitle(`${table.schema}.${table.name}`);
    headerSlot = header(table);
    const description = markdownField({
      value: table.description, testid: "table-description", label: "Table description",
      empty: "No description yet. Say what a row is, where the data comes from and how fresh it is.",
      addLabel: "+ Add a description", save: (text) => patchTable({ description: text }),
    });
    const warnings = markdownField({
      value: table.warnings, testid: "table-warnings", label: "Warnings", tone: "warning", rows: 3,
      empty: "No warnings.", addLabel: "+ Add a warning", save: (text) => patchTable({ warnings: text }),
    });
    root.replaceChildren(h("div", { class: "page table-page", testid: "table-page", dataset: { tableId: String(id) } },
      headerSlot, warnings.element, description.element, tabBar, tabBody));
    showTab();
  }

  api.table(id).then((answer) => {
    if (unmounted) return;
    data = answer;
    draw();
    api.viewTable(id).catch(() => {});
  }, (error) => {
    if (unmounted) return;
    app.setTitle("Table");
    root.replaceChildren(error.status === 404
      ? h("div", { class: "empty-state", testid: "table-missing" }, h("h2", null, "No such table"),
        h("p", null, "It may have been dropped from its engine, or it is on an engine you cannot use."),
        h("p", null, h("a", { href: "/tables", class: "btn" }, "All tables")))
      : errorBox("Could not load the table", error.message, "table-error"));
  });

  return {
    unmount() {
      unmounted = true;
      if (tabView) tabView.unmount();
    },
    /** Another path of the same page (a tab, back/forward): switch tabs in place. */
    update(match) {
      if (match[1] !== String(id)) return false;
      const next = tableTab(match[2]);
      if (next !== current) {
        current = next;
        if (data) showTab();
      }
      return true;
    },
  };
}
