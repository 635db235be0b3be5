// The SQL editor's help from the metastore: completion of schemas, tables and columns (and
// keywords) through CodeMirror's show-hint, opening on its own after a `.` or at the first
// letter of a table name, and a tooltip with a table's description when the pointer rests on
// its name. Which items fit comes from sqlContext.js; they are fetched, cached and debounced by
// completionSource.js.

import { api } from "../api.js";
import { h } from "../dom.js";
import { createCompletionSource, requestsFor } from "../completionSource.js";
import { completionContext, matchingKeywords, shouldAutoComplete, sqlName, tableAt } from "../sqlContext.js";
import { formatCount } from "../format.js";
import { plainExcerpt } from "../tableLogic.js";

// One cache for every editor of the page: the metastore changes slowly, and a doc with many
// cells on one engine asks once.
const source = createCompletionSource((engineId, request) => api.completions(engineId, request));
const lookups = new Map(); // `${engineId}:${name}` → promise of a TableSummary or null

const ICONS = { table: "▦", schema: "▤", column: "▪", keyword: "K" };

/**
 * Adds completion and hover to the CodeMirror `cm`; `engineId()` says which engine the cell
 * runs on now (null: none). Returns `{complete(), destroy()}`.
 */
export function attachSqlAssist(cm, { engineId }) {
  function hint(editor) {
    const id = engineId();
    const text = editor.getValue();
    const index = editor.indexFromPos(editor.getCursor());
    const ctx = completionContext(text, index);
    if (ctx.context === "none") return Promise.resolve(null);
    const requests = id == null ? [] : requestsFor(ctx);
    return source.lookup(id, requests).then((lists) => {
      if (lists === null) return null; // a later keystroke asked again
      const list = [];
      lists.forEach((items, n) => {
        const request = requests[n];
        for (const item of items) list.push(hintItem(item, request, ctx, complete));
      });
      if (ctx.context === "any") {
        for (const word of matchingKeywords(ctx.prefix)) list.push(hintItem({ text: word, kind: "keyword", detail: "" }, null, ctx, complete));
      }
      return { list, from: editor.posFromIndex(ctx.from), to: editor.getCursor() };
    });
  }

  function complete() {
    if (!cm.showHint) return;
    cm.showHint({ hint, completeSingle: false, closeOnUnfocus: true });
  }

  function onInput(_cm, change) {
    if (change.origin !== "+input" || cm.state.completionActive) return;
    const typed = change.text[change.text.length - 1].slice(-1);
    if (!typed) return;
    const index = cm.indexFromPos(cm.getCursor());
    if (shouldAutoComplete(cm.getValue(), index, typed)) complete();
  }
  cm.on("inputRead", onInput);

  const hover = hoverTips(cm, engineId);
  return {
    complete,
    destroy() {
      cm.off("inputRead", onInput);
      hover.destroy();
    },
  };
}

// One show-hint item: its text, how it shows (icon, name, detail) and how it inserts.
function hintItem(item, request, ctx, reopen) {
  const name = ctx.quoted ? String(item.text).replace(/"/g, '""') : item.kind === "keyword" ? item.text : sqlName(item.text);
  const detail = item.kind === "column" && request && ctx.context === "any"
    ? [request.table, item.detail].filter(Boolean).join(" · ") : item.detail || "";
  return {
    text: name,
    className: `sql-hint sql-hint-${item.kind}`,
    render(element) {
      element.dataset.testid = "hint-item";
      element.dataset.kind = item.kind;
      element.dataset.text = item.text;
      element.append(
        h("span", { class: `sql-hint-icon kind-${item.kind}`, "aria-hidden": "true" }, ICONS[item.kind] || "•"),
        h("span", { class: "sql-hint-text" }, item.text),
        detail && h("span", { class: "sql-hint-detail" }, detail));
      if (item.description) element.title = plainExcerpt(item.description, 200);
    },
    // A schema goes in with its dot, and the list opens again on its tables.
    hint(cm, data, completion) {
      const text = item.kind === "schema" ? `${completion.text}.` : completion.text;
      cm.replaceRange(text, completion.from || data.from, completion.to || data.to, "complete");
      if (item.kind === "schema") setTimeout(reopen, 0);
    },
  };
}

// The tooltip over table names: after the pointer rests 350 ms on a name that a FROM or JOIN
// of its statement uses, the table's description, row count and tags.
function hoverTips(cm, engineId) {
  const wrapper = cm.getWrapperElement();
  let timer = null;
  let tip = null;
  let shownFor = null;
  const hide = () => {
    clearTimeout(timer);
    if (tip) tip.remove();
    tip = null;
    shownFor = null;
  };
  let moves = 0; // a lookup answering after the pointer moved on is not shown
  function onMove(event) {
    moves++;
    clearTimeout(timer);
    const x = event.clientX;
    const y = event.clientY;
    timer = setTimeout(() => show(x, y), 350);
  }
  async function show(x, y) {
    const id = engineId();
    if (id == null) return;
    const pos = cm.coordsChar({ left: x, top: y }, "window");
    const text = cm.getValue();
    const ref = tableAt(text, cm.indexFromPos(pos));
    if (!ref) return hide();
    const key = `${id}:${ref.qualified}`;
    if (shownFor === key) return;
    if (!lookups.has(key)) lookups.set(key, api.lookupTable(id, ref.qualified).catch(() => null));
    const seen = moves;
    const table = await lookups.get(key);
    if (seen !== moves) return undefined;
    if (!table || !wrapper.isConnected) return hide();
    hide();
    shownFor = key;
    const at = cm.charCoords(cm.posFromIndex(ref.start), "window");
    tip = h("div", { class: "table-tip", testid: "table-tip", role: "tooltip" },
      h("div", { class: "table-tip-name" }, h("span", { class: "sql-hint-icon" }, "▦"), `${table.schema}.${table.name}`,
        table.golden && h("span", { class: "golden-mark", title: "Golden table" }, " ★")),
      h("div", { class: "table-tip-text" }, plainExcerpt(table.description || table.comment, 240) || "No description yet."),
      h("div", { class: "table-tip-meta" },
        [table.rowCount != null && `${formatCount(table.rowCount)} rows`, `${formatCount(table.columnCount)} columns`,
          table.queryCount ? `queried ${formatCount(table.queryCount)}×` : null].filter(Boolean).join(" · ")),
      h("a", { class: "table-tip-link", href: `/tables/${table.id}` }, "Open table page →"));
    tip.style.left = `${Math.round(at.left + window.scrollX)}px`;
    tip.style.top = `${Math.round(at.bottom + window.scrollY + 4)}px`;
    tip.addEventListener("mouseleave", hide);
    document.body.append(tip);
  }
  function onLeave(event) {
    moves++;
    clearTimeout(timer);
    if (tip && event.relatedTarget && tip.contains(event.relatedTarget)) return;
    hide();
  }
  wrapper.addEventListener("mousemove", onMove);
  wrapper.addEventListener("mouseleave", onLeave);
  cm.on("keydown", hide);
  return {
    destroy() {
      hide();
      wrapper.removeEventListener("mousemove", onMove);
      wrapper.removeEventListener("mouseleave", onLeave);
      cm.off("keydown", hide);
    },
  };
}
