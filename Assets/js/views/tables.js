// Tables (/tables): every table the metastore knows, filtered by engine, schema, name, tag
// and golden, golden ones first, fifty a page. The filters live in the URL
// (`/tables?engine=1&schema=main&q=ev&page=2`), so a filtered list can be shared.

import { api } from "../api.js";
import { debounce, h } from "../dom.js";
import { formatCount } from "../format.js";
import { browseParams, browseSearch, pageRange, parseBrowseState, plainExcerpt } from "../tableLogic.js";
import { errorBox } from "./formKit.js";

const LIMIT = 50;

/** Mounts the Tables page into `root`. Returns `{unmount()}`. */
export function mountTables(root, _params, app) {
  let unmounted = false;
  let state = parseBrowseState(location.search);
  let generation = 0;
  app.setTitle("Tables");

  const engineSelect = h("select", { testid: "table-engine", "aria-label": "Engine" }, h("option", { value: "" }, "All engines"));
  const schemaSelect = h("select", { testid: "table-schema", "aria-label": "Schema", disabled: true }, h("option", { value: "" }, "All schemas"));
  const filter = h("input", {
    type: "search", class: "filter-input", testid: "table-filter", placeholder: "Filter by table name…",
    "aria-label": "Filter tables by name", value: state.q, spellcheck: "false",
  });
  const tagInput = h("input", {
    type: "search", class: "filter-input tag-filter", testid: "table-tag-filter", placeholder: "Tag",
    "aria-label": "Only tables with this tag", value: state.tag, spellcheck: "false",
  });
  const golden = h("input", { type: "checkbox", testid: "table-golden-filter", checked: state.golden });
  const count = h("span", { class: "muted", testid: "table-count" });
  const body = h("div", { class: "table-list-body" }, h("div", { class: "page-loading" }, "Loading tables…"));
  const pager = h("div", { class: "pager", testid: "table-pager" });
  root.replaceChildren(h("div", { class: "page tables-page" },
    h("header", { class: "page-header" }, h("h1", null, "Tables"), h("span", { class: "cell-head-spacer" }), count),
    h("div", { class: "list-controls wrap" },
      engineSelect, schemaSelect, filter, tagInput,
      h("label", { class: "check", title: "Tables the owners vouch for" }, golden, " ★ Golden only")),
    body, pager));

  const isAdmin = () => {
    const session = app.session();
    return Boolean(session && session.user && session.user.isAdmin);
  };
  const change = (next) => {
    state = { ...state, page: 1, ...next };
    history.replaceState(null, "", `/tables${browseSearch(state)}`);
    load();
  };
  const onFilter = debounce(() => change({ q: filter.value.trim(), tag: tagInput.value.trim() }), 250);
  for (const input of [filter, tagInput]) {
    input.addEventListener("input", onFilter);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") onFilter.flush();
    });
  }
  golden.addEventListener("change", () => change({ golden: golden.checked }));
  engineSelect.addEventListener("change", () => {
    change({ engineId: Number(engineSelect.value) || null, schema: "" });
    loadSchemas();
  });
  schemaSelect.addEventListener("change", () => change({ schema: schemaSelect.value }));

  api.engines().then((engines) => {
    if (unmounted) return;
    engineSelect.append(...engines.map((e) => h("option", { value: String(e.id) }, e.name)));
    if (state.engineId) engineSelect.value = String(state.engineId);
    loadSchemas();
  }, () => {});

  function loadSchemas() {
    schemaSelect.replaceChildren(h("option", { value: "" }, "All schemas"));
    schemaSelect.disabled = !state.engineId;
    if (!state.engineId) return;
    const engineId = state.engineId;
    api.schemas(engineId).then((schemas) => {
      if (unmounted || engineId !== state.engineId) return;
      schemaSelect.append(...schemas.map((s) => h("option", { value: s.name }, `${s.name} (${formatCount(s.tableCount)})`)));
      schemaSelect.value = state.schema;
    }, () => {});
  }

  function row(table) {
    return h("tr", { testid: "table-row", dataset: { tableId: String(table.id), name: table.name } },
      h("td", { class: "table-name-cell" },
        table.golden && h("span", { class: "golden-mark", title: "Golden table", testid: "golden-mark" }, "★ "),
        h("a", { href: `/tables/${table.id}`, class: "table-link", testid: "table-link" }, table.name),
        table.kind === "view" && h("span", { class: "kind-badge" }, "view")),
      h("td", { class: "table-where" }, h("div", { class: "mono" }, table.schema), h("div", { class: "small muted" }, table.engineName)),
      h("td", { class: "table-excerpt", testid: "table-excerpt" },
        plainExcerpt(table.description, 140) || (table.comment ? plainExcerpt(table.comment, 140) : h("span", { class: "faint" }, "No description"))),
      h("td", null, h("div", { class: "tag-list" }, (table.tags || []).map((t) => h("span", { class: "tag-chip" }, t)))),
      h("td", { class: "num", title: "Queries that used it" }, formatCount(table.queryCount || 0)));
  }

  function load() {
    const mine = ++generation;
    api.tables(browseParams(state, LIMIT)).then(({ tables, total }) => {
      if (unmounted || mine !== generation) return;
      count.textContent = total ? `${formatCount(total)} ${total === 1 ? "table" : "tables"}` : "";
      pager.replaceChildren();
      if (!tables.length) {
        const filtered = state.q || state.tag || state.golden || state.engineId;
        body.replaceChildren(h("div", { class: "empty-state", testid: "tables-empty" },
          h("h2", null, filtered ? "No table matches" : "No tables yet"),
          h("p", null, filtered
            ? "Try a shorter name, another engine or schema, or clear the tag and golden filters."
            : "Tables show here once an engine's metastore is synced. Admins can start a sync in Admin → Metastore."),
          filtered && h("p", null, h("a", { href: "/tables", class: "btn small" }, "Clear the filters")),
          !filtered && isAdmin() && h("p", null, h("a", { href: "/admin/metastore", class: "btn small", testid: "tables-sync-link" }, "Open Admin → Metastore"))));
        return;
      }
      body.replaceChildren(h("table", { class: "admin-table tables-table", testid: "tables-table" },
        h("thead", null, h("tr", null, ["Table", "Schema", "Description", "Tags", "Queries"].map((t) => h("th", { class: t === "Queries" ? "num" : null }, t)))),
        h("tbody", null, tables.map(row))));
      if (total > LIMIT) {
        const go = (page) => {
          change({ page });
          window.scrollTo(0, 0);
        };
        pager.append(
          h("button", { type: "button", class: "btn small", testid: "table-prev", disabled: state.page <= 1, onClick: () => go(state.page - 1) }, "← Previous"),
          h("span", { class: "muted" }, pageRange(state.page, LIMIT, tables.length, total)),
          h("button", { type: "button", class: "btn small", testid: "table-next", disabled: state.page * LIMIT >= total, onClick: () => go(state.page + 1) }, "Next →"));
      }
    }, (error) => {
      if (unmounted || mine !== generation) return;
      body.replaceChildren(errorBox("Could not load the tables", error.message, "tables-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; onFilter.cancel(); } };
}
