// The search page's pure parts: its state as URL text (`/search?q=…&type=…&owner=…`), the
// API parameters, the result types with their labels and icons, snippets as text runs, and
// the keyboard's move through a result list. Unit-tested in Tests/Browser/js/searchLogic.test.mjs.

/** The type filters: `[filter, label, api type]`; "all" sends no type. */
export const SEARCH_TYPES = [
  ["all", "All", null], ["docs", "Docs", "doc"], ["queries", "Queries", "query"], ["tables", "Tables", "table"],
  ["runs", "Runs", "execution"], ["people", "People", "user"],
];

/** Per API type: how a hit is labelled and its icon. */
export const TYPE_INFO = {
  doc: { label: "Doc", icon: "▤" },
  query: { label: "Query", icon: "❯" },
  table: { label: "Table", icon: "▦" },
  execution: { label: "Run", icon: "▶" },
  user: { label: "Person", icon: "☺" },
};

const FACETS = ["owner", "engine", "schema", "tag", "from", "to"];
export const PAGE_SIZE = 20;

/** The state in a `location.search`: `{q, type, owner, engine, schema, tag, from, to, page}`. */
export function parseSearchState(search) {
  const params = new URLSearchParams(search || "");
  const given = params.get("type");
  // The API's own names (`type=doc`, as hit urls use) are taken too.
  const byApi = SEARCH_TYPES.find(([, , api]) => api && api === given);
  const type = byApi ? byApi[0] : SEARCH_TYPES.some(([t]) => t === given) ? given : "all";
  const state = { q: (params.get("q") || "").slice(0, 10000), type };
  for (const facet of FACETS) state[facet] = (params.get(facet) || "").slice(0, 200);
  for (const facet of ["owner", "engine"]) if (!/^\d+$/.test(state[facet])) state[facet] = "";
  for (const facet of ["from", "to"]) if (!/^\d{4}-\d{2}-\d{2}$/.test(state[facet])) state[facet] = "";
  const page = Number(params.get("page"));
  state.page = Number.isInteger(page) && page > 1 ? page : 1;
  return state;
}

/** The `search` text for `state` (defaults left out). */
export function searchSearch(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.type && state.type !== "all") params.set("type", state.type);
  for (const facet of FACETS) if (state[facet]) params.set(facet, state[facet]);
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

/** GET /api/search parameters for `state` (the server takes a day as a whole UTC day). */
export function searchParams(state, limit = PAGE_SIZE) {
  const api = (SEARCH_TYPES.find(([t]) => t === state.type) || [])[2];
  return {
    q: state.q, type: api || undefined,
    owner: state.owner || undefined, engine: state.engine || undefined,
    schema: state.schema || undefined, tag: state.tag || undefined,
    from: state.from || undefined, to: state.to || undefined,
    limit, offset: (state.page - 1) * limit,
  };
}

/** How many pages the server serves for `total` hits (it stops at offset 1,000). */
export function pageCount(total, limit = PAGE_SIZE) {
  return Math.min(Math.ceil(total / limit), Math.floor(1000 / limit) + 1);
}

/** Whether any facet filter is set. */
export function hasFacets(state) {
  return FACETS.some((f) => state[f]);
}

/** A hit's snippet as runs `{text, hit}`, adjacent runs of one kind merged, empty ones dropped. */
export function snippetRuns(snippet) {
  const runs = [];
  for (const part of Array.isArray(snippet) ? snippet : []) {
    const text = part && part.text != null ? String(part.text) : "";
    if (!text) continue;
    const hit = Boolean(part.hit);
    const last = runs[runs.length - 1];
    if (last && last.hit === hit) last.text += text;
    else runs.push({ text, hit });
  }
  return runs;
}

/** The next active index after `key` ("ArrowDown", "ArrowUp", "Home", "End") in `count` items; -1: none. */
export function moveActive(active, key, count) {
  if (count <= 0) return -1;
  if (key === "ArrowDown") return active < 0 ? 0 : Math.min(count - 1, active + 1);
  if (key === "ArrowUp") return active <= 0 ? 0 : active - 1;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return active;
}

/** A hit's secondary line: where it lives and who it belongs to. */
export function hitContext(hit) {
  const person = (p) => (p ? p.displayName || p.username || "" : "");
  switch (hit.type) {
    case "doc": return hit.owner ? `by ${person(hit.owner)}` : "";
    case "query": return hit.docTitle ? `in ${hit.docTitle}` : "";
    case "table": return [hit.engineName && `on ${hit.engineName}`, hit.kind === "view" && "view"].filter(Boolean).join(" · ");
    case "execution": return [hit.status, hit.user && `by ${person(hit.user)}`].filter(Boolean).join(" · ");
    case "user": return hit.username ? `@${hit.username}` : "";
    default: return "";
  }
}

/** Words for the count line: "No results", "1 result", "21–40 of 132 results". */
export function resultsLine(total, page, shown, limit = PAGE_SIZE) {
  if (!total) return "No results";
  if (total <= limit && page === 1) return `${total} ${total === 1 ? "result" : "results"}`;
  const first = (page - 1) * limit + 1;
  return `${first}–${first + shown - 1} of ${total} results`;
}
