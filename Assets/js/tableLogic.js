// The Tables pages' pure parts: the browse filters as URL text, the table page's tabs and
// their paths, header facts in words, tag checks, and a plain-text excerpt of Markdown.
// Unit-tested in Tests/Browser/js/tableLogic.test.mjs.

import { parseBlocks, parseInline } from "./markdown.js";
import { formatBytes, formatCount } from "./format.js";

/** The table page's tabs: `[tab, label]`; the first is the default (`/tables/5`). */
export const TABLE_TABS = [
  ["columns", "Columns"], ["sample", "Sample rows"], ["queries", "Example queries"], ["users", "Top users"],
  ["related", "Related tables"], ["lineage", "Lineage"], ["docs", "Docs"],
];

/** The tab a path segment names, or the default one. */
export function tableTab(segment) {
  return TABLE_TABS.some(([t]) => t === segment) ? segment : TABLE_TABS[0][0];
}

/** `/tables/5` for the default tab, else `/tables/5/sample`. */
export function tablePath(id, tab) {
  return tab && tab !== TABLE_TABS[0][0] ? `/tables/${id}/${tab}` : `/tables/${id}`;
}

/** The browse page's filters in a `location.search`: `{engineId, schema, q, tag, golden, page}`. */
export function parseBrowseState(search) {
  const params = new URLSearchParams(search || "");
  const engine = Number(params.get("engine"));
  const page = Number(params.get("page"));
  return {
    engineId: Number.isInteger(engine) && engine > 0 ? engine : null,
    schema: (params.get("schema") || "").slice(0, 200),
    q: (params.get("q") || "").slice(0, 200),
    tag: (params.get("tag") || "").slice(0, 40),
    golden: params.get("golden") === "true",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The `search` text for `state` ("" when nothing is filtered). */
export function browseSearch(state) {
  const params = new URLSearchParams();
  if (state.engineId) params.set("engine", String(state.engineId));
  if (state.schema) params.set("schema", state.schema);
  if (state.q) params.set("q", state.q);
  if (state.tag) params.set("tag", state.tag);
  if (state.golden) params.set("golden", "true");
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

/** GET /api/tables parameters for `state`, `limit` a page. */
export function browseParams(state, limit) {
  return {
    engineId: state.engineId || undefined, schema: (state.engineId && state.schema) || undefined,
    q: state.q || undefined, tag: state.tag || undefined, golden: state.golden ? "true" : undefined,
    limit, offset: (state.page - 1) * limit,
  };
}

/** "51–100 of 230" for page `page` of `limit` rows with `total` in all. */
export function pageRange(page, limit, shown, total) {
  if (!total) return "";
  const first = (page - 1) * limit + 1;
  return `${formatCount(first)}–${formatCount(first + shown - 1)} of ${formatCount(total)}`;
}

/** Why `tag` cannot be a tag ("" when it can), as the server checks it. */
export function tagProblem(tag, existing = []) {
  const t = String(tag).trim();
  if (!t) return "Type a tag first.";
  if (t.length > 40) return "A tag has at most 40 characters.";
  if (!/^[A-Za-z0-9_.:-]+$/.test(t)) return "Tags use letters, digits and - _ . : only.";
  if (existing.includes(t)) return `“${t}” is already a tag.`;
  if (existing.length >= 20) return "A table has at most 20 tags.";
  return "";
}

/** The header's facts: `[label, value]` pairs for rows, size, columns and use. */
export function tableFacts(table) {
  const facts = [];
  if (table.rowCount != null) facts.push(["Rows", formatCount(table.rowCount)]);
  if (table.sizeBytes != null) facts.push(["Size", formatBytes(table.sizeBytes)]);
  facts.push(["Columns", formatCount(table.columnCount || 0)]);
  facts.push(["Queries", formatCount(table.queryCount || 0)]);
  if (table.viewCount != null) facts.push(["Views", formatCount(table.viewCount)]);
  return facts;
}

/** Markdown as plain text (no syntax), cut at `max` characters with an ellipsis. */
export function plainExcerpt(markdown, max = 160) {
  const words = [];
  for (const block of parseBlocks(markdown || "")) {
    const parts = block.type === "list" ? block.items : block.text !== undefined ? [block.text] : [];
    for (const part of parts) {
      words.push(block.type === "code" ? part : parseInline(part).map((p) => p.text).join(""));
    }
  }
  const text = words.join(" ").replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A sample value in a cell: `{text, kind}` ("null", "number", "json" or "text"). */
export function sampleValue(value) {
  if (value === null || value === undefined) return { text: "NULL", kind: "null" };
  if (typeof value === "number") return { text: String(value), kind: "number" };
  if (typeof value === "object") return { text: JSON.stringify(value), kind: "json" };
  return { text: String(value), kind: "text" };
}
