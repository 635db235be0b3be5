// The table page's tabs: Columns (type, engine comment, description and tags editable),
// Sample rows (read on request through the engine), Example queries (highlighted, read-only),
// Top users, Related tables, Lineage (upstream and downstream) and Docs using the table.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docTitle, formatCount, formatDateTime, formatRelativeTime, isNumericType } from "../format.js";
import { sampleValue } from "../tableLogic.js";
import { highlightedSql } from "./editor.js";
import { avatar, errorBox } from "./formKit.js";
import { markdownField, tagEditor } from "./tableEditors.js";

const TABS = { columns, sample, queries, users, related, lineage, docs };

/** Mounts tab `tab` into `body`; `ctx`: `{id, data, app, onColumnSaved}`. Returns `{unmount()}`. */
export function mountTableTab(body, tab, ctx) {
  const state = { unmounted: false };
  body.replaceChildren();
  TABS[tab](body, ctx, state);
  return { unmount: () => { state.unmounted = true; } };
}

// Loads `load()` into `body` with a loading line; `draw(answer)` gives the content.
function loadInto(body, state, what, load, draw) {
  body.replaceChildren(h("div", { class: "page-loading" }, `Loading ${what}…`));
  load().then((answer) => {
    if (!state.unmounted) body.replaceChildren(draw(answer));
  }, (error) => {
    if (!state.unmounted) body.replaceChildren(errorBox(`Could not load ${what}`, error.message, "tab-error"));
  });
}

const person = (p) => (p ? p.displayName || p.username : "someone");
const tableLink = (t, extra = null) => h("li", { class: "table-ref", testid: "table-ref", dataset: { name: t.name } },
  h("span", { class: "sql-hint-icon", "aria-hidden": "true" }, "▦"),
  h("a", { href: `/tables/${t.id}`, testid: "table-ref-link" }, `${t.schema}.${t.name}`),
  h("span", { class: "muted small" }, ` ${t.engineName}${t.kind === "view" ? " · view" : ""}`), extra);
const emptyNote = (testid, text) => h("div", { class: "empty-state small", testid }, text);

function columns(body, { id, data, onColumnSaved }) {
  if (!data.columns.length) {
    body.append(emptyNote("columns-empty", "The engine reported no columns for this table."));
    return;
  }
  body.append(h("table", { class: "admin-table columns-table", testid: "columns-table" },
    h("thead", null, h("tr", null, ["#", "Column", "Type", "Description", "Tags"].map((t) => h("th", null, t)))),
    h("tbody", null, data.columns.map((column) => {
      const save = async (changes) => {
        const saved = await api.updateColumn(id, column.id, changes);
        Object.assign(column, saved);
        onColumnSaved(saved);
        return saved;
      };
      const description = markdownField({
        value: column.description, testid: "column-description", label: `Description of ${column.name}`, rows: 3,
        empty: "", addLabel: "+ Describe", save: (text) => save({ description: text }),
      });
      const tags = tagEditor(column.tags, { testid: "column-tags", save: async (next) => (await save({ tags: next })).tags });
      return h("tr", { testid: "column-row", dataset: { name: column.name } },
        h("td", { class: "num faint" }, String(column.position + 1)),
        h("td", null, h("div", { class: "mono column-name", testid: "column-name" }, column.name),
          column.comment && h("div", { class: "muted small", testid: "column-comment" }, column.comment)),
        h("td", { class: "mono muted", testid: "column-type" }, column.type || "—"),
        h("td", { class: "column-description" }, description.element),
        h("td", null, tags.element));
    }))));
}

function sample(body, { id }, state) {
  const limit = h("select", { testid: "sample-limit", "aria-label": "Rows to read" },
    [20, 50, 100].map((n) => h("option", { value: String(n) }, `${n} rows`)));
  limit.value = "100";
  const out = h("div", { class: "sample-out", testid: "sample-out" },
    h("div", { class: "empty-state small" }, "Sample rows are read from the engine when you ask, within its time limit."));
  const button = h("button", { type: "button", class: "btn primary small", testid: "load-sample" }, "Load sample rows");
  button.addEventListener("click", async () => {
    button.disabled = true;
    out.replaceChildren(h("div", { class: "page-loading", testid: "sample-loading" }, "Reading rows from the engine…"));
    try {
      const answer = await api.sampleRows(id, Number(limit.value));
      if (state.unmounted) return;
      out.replaceChildren(sampleTable(answer));
    } catch (error) {
      if (state.unmounted) return;
      out.replaceChildren(errorBox(error.code === "engine_error" ? "The engine could not read rows" : "Could not read sample rows",
        error.message, "sample-error"));
    } finally {
      button.disabled = false;
      button.textContent = "Load again";
    }
  });
  body.append(h("div", { class: "tab-controls" }, button, limit), out);
}

function sampleTable({ columns: cols, rows, truncated }) {
  if (!rows.length) return emptyNote("sample-empty", "The table has no rows.");
  return h("div", null,
    h("div", { class: "muted small sample-note", testid: "sample-note" },
      `${formatCount(rows.length)} ${rows.length === 1 ? "row" : "rows"}${truncated ? " (more exist; this is a sample)" : ""}`),
    h("div", { class: "sample-scroll" }, h("table", { class: "sample-table", testid: "sample-table" },
      h("thead", null, h("tr", null, cols.map((c) => h("th", null, h("div", null, c.name), h("div", { class: "faint small" }, c.type))))),
      h("tbody", null, rows.map((row) => h("tr", { testid: "sample-row" }, row.map((value, n) => {
        const shown = sampleValue(value);
        return h("td", { class: `v-${shown.kind}${isNumericType(cols[n] && cols[n].type) || shown.kind === "number" ? " num" : ""}` }, shown.text);
      })))))));
}

function queries(body, { id }, state) {
  loadInto(body, state, "example queries", () => api.tableQueries(id, 10), (list) => {
    if (!list.length) return emptyNote("queries-empty", "No one has queried this table yet (or not in docs you can read). Queries show here after they run.");
    return h("ul", { class: "example-list", testid: "example-queries" }, list.map((q) => h("li", { class: "example", testid: "example-query" },
      highlightedSql(q.query, "example-sql"),
      h("div", { class: "example-meta" },
        h("span", { class: "user-chip small" }, avatar(q.user, { size: "small" }), person(q.user)),
        h("span", { class: "muted", title: formatDateTime(q.finishedAt) }, formatRelativeTime(q.finishedAt)),
        h("span", { class: "cell-head-spacer" }),
        q.docId != null && h("a", { href: `/docs/${q.docId}${q.cellId != null ? `#cell-${q.cellId}` : ""}`, testid: "example-doc" }, `In ${docTitle({ title: q.docTitle })}`),
        h("a", { href: `/executions/${q.executionId}`, testid: "example-run" }, "Open the run")))));
  });
}

function users(body, { id }, state) {
  loadInto(body, state, "top users", () => api.tableUsers(id), (list) => {
    if (!list.length) return emptyNote("users-empty", "No runs have used this table yet.");
    return h("ul", { class: "people-list", testid: "top-users" }, list.map(({ user, queryCount }) => h("li", { class: "person-row", testid: "top-user" },
      avatar(user, { size: "small" }), h("span", { class: "person-name" }, person(user)), h("span", { class: "muted small" }, `@${user.username}`),
      h("span", { class: "cell-head-spacer" }),
      h("span", { class: "muted" }, `${formatCount(queryCount)} ${queryCount === 1 ? "query" : "queries"}`))));
  });
}

function related(body, { id }, state) {
  loadInto(body, state, "related tables", () => api.relatedTables(id), (list) => {
    if (!list.length) return emptyNote("related-empty", "No other table has been queried together with this one yet.");
    return h("ul", { class: "ref-list", testid: "related-tables" },
      list.map((t) => tableLink(t, h("span", { class: "muted small" }, ` · together in ${formatCount(t.count)} ${t.count === 1 ? "query" : "queries"}`))));
  });
}

function lineage(body, { id, data }, state) {
  loadInto(body, state, "lineage", () => api.lineage(id), ({ upstream, downstream }) => {
    const side = (title, list, testid, none) => h("section", { class: "lineage-side", testid },
      h("h3", { class: "section-title" }, title, h("span", { class: "section-more" }, String(list.length))),
      list.length ? h("ul", { class: "ref-list" }, list.map((t) => tableLink(t))) : h("p", { class: "section-empty" }, none));
    return h("div", { class: "lineage" },
      side("Upstream: read to build it", upstream, "lineage-upstream", "No query that wrote this table read another one we know of."),
      h("div", { class: "lineage-self", "aria-hidden": "true" }, "→ ", h("strong", null, `${data.table.schema}.${data.table.name}`), " →"),
      side("Downstream: built from it", downstream, "lineage-downstream", "No known table is built from this one."),
      h("p", { class: "muted small lineage-note" }, "Found in runs of INSERT … SELECT, CREATE TABLE … AS, CREATE VIEW … AS and INSERT OVERWRITE."));
  });
}

function docs(body, { id }, state) {
  loadInto(body, state, "docs", () => api.tableDocs(id), (list) => {
    if (!list.length) return emptyNote("docs-empty", "No doc you can read has a query that used this table.");
    return h("ul", { class: "doc-list", testid: "table-docs" }, list.map((doc) => h("li", { class: "doc-row", testid: "table-doc" },
      h("a", { href: `/docs/${doc.id}`, class: "doc-link" },
        h("span", { class: "doc-name" }, docTitle(doc)),
        h("span", { class: "doc-updated" }, `${person(doc.owner)} · updated ${formatRelativeTime(doc.updatedAt)}`)))));
  });
}
