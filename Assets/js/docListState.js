// The Docs page's filter and order as URL query text (`/docs?q=…&sort=…&archived=all`), so a
// filtered list can be shared and survives a reload. Pure, unit-tested in docListState.test.mjs.

/** The sort choices of the Docs page: `[sort, label]`; the first is the default. */
export const SORTS = [
  ["updated", "Last updated"], ["created", "Recently created"], ["title", "Title A–Z"], ["viewed", "Last viewed"],
];

/** The state in a `location.search` string; unknown or bad values fall back to the defaults. */
export function parseDocListState(search) {
  const params = new URLSearchParams(search || "");
  const sort = params.get("sort");
  return {
    q: (params.get("q") || "").slice(0, 200),
    sort: SORTS.some(([s]) => s === sort) ? sort : SORTS[0][0],
    archived: params.get("archived") === "all",
  };
}

/** The `search` part for `state` ("" when everything is the default). */
export function docListSearch(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort && state.sort !== SORTS[0][0]) params.set("sort", state.sort);
  if (state.archived) params.set("archived", "all");
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

/** The API parameters (GET /api/docs) for `state`. */
export function docListParams(state, limit = 200) {
  return { q: state.q || undefined, sort: state.sort, archived: state.archived ? "all" : undefined, limit };
}
