// The view of a stored result the user asked for — sort and filters — as the rows API's
// query parameters (Docs/API.md), chip labels and the count line. Pure, so `node --test`
// covers it.

import { formatCount } from "./format.js";

/** The filter operators: API name, label shown to people, whether a value is needed. */
export const OPERATORS = [
  { op: "eq", label: "=", value: true },
  { op: "ne", label: "≠", value: true },
  { op: "lt", label: "<", value: true },
  { op: "le", label: "≤", value: true },
  { op: "gt", label: ">", value: true },
  { op: "ge", label: "≥", value: true },
  { op: "contains", label: "contains", value: true },
  { op: "startswith", label: "starts with", value: true },
  { op: "null", label: "is null", value: false },
  { op: "notnull", label: "is not null", value: false },
];

const byOp = new Map(OPERATORS.map((o) => [o.op, o]));

/** Whether operator `op` takes a value. */
export function needsValue(op) {
  return Boolean(byOp.get(op)?.value);
}

/** An empty view: no sort, no filters. */
export function emptyView() {
  return { sort: null, filters: [] };
}

/** The next sort after clicking column `column`'s header: asc → desc → off. */
export function nextSort(sort, column) {
  if (!sort || sort.column !== column) return { column, order: "asc" };
  if (sort.order === "asc") return { column, order: "desc" };
  return null;
}

/** One filter as the API's `K:OP:VALUE` (VALUE empty for null/notnull). */
export function encodeFilter({ column, op, value }) {
  return `${column}:${op}:${needsValue(op) ? value ?? "" : ""}`;
}

/** The query string for a page of `view`: `statement=…&offset=…&limit=…[&sort=…&order=…][&filter=…]`. */
export function rowsQuery(statement, offset, limit, view = emptyView()) {
  const params = new URLSearchParams();
  params.set("statement", String(statement));
  params.set("offset", String(offset));
  params.set("limit", String(limit));
  return viewQuery(params, view);
}

/** `params` plus the view's `sort`, `order` and `filter`, as a query string (spaces as %20:
 * the server does not read `+` as a space). */
export function viewQuery(params, view = emptyView()) {
  if (view.sort) {
    params.set("sort", String(view.sort.column));
    params.set("order", view.sort.order === "desc" ? "desc" : "asc");
  }
  for (const filter of view.filters || []) params.append("filter", encodeFilter(filter));
  return params.toString().replace(/\+/g, "%20");
}

/** A key naming the view, so answers for another view can be told apart. */
export function viewKey(view) {
  return rowsQuery(0, 0, 0, view);
}

/** "country = DE", "name is null", "kind contains 'a b'" — a filter chip's text. */
export function filterLabel(filter, columns) {
  const name = columns[filter.column]?.name ?? `column ${filter.column + 1}`;
  const op = byOp.get(filter.op)?.label ?? filter.op;
  if (!needsValue(filter.op)) return `${name} ${op}`;
  const value = String(filter.value ?? "");
  const shown = value === "" || /\s/.test(value) ? `"${value}"` : value;
  return `${name} ${op} ${shown}`;
}

/** The grid's count line: "1,000,000 rows", "12,345 of 1,000,000 rows (filtered)". */
export function countLine(total, resultTotal, filtered) {
  const noun = (n) => (n === 1 ? "row" : "rows");
  if (!filtered) return `${formatCount(resultTotal)} ${noun(resultTotal)}`;
  return `${formatCount(total)} of ${formatCount(resultTotal)} ${noun(resultTotal)} (filtered)`;
}

/** What the grid says while the server builds a view: "Sorting 1,000,000 rows…". */
export function busyLine(view, resultTotal) {
  const rows = `${formatCount(resultTotal)} ${resultTotal === 1 ? "row" : "rows"}`;
  const filtering = (view.filters || []).length > 0;
  if (view.sort && filtering) return `Filtering and sorting ${rows}…`;
  if (view.sort) return `Sorting ${rows}…`;
  if (filtering) return `Filtering ${rows}…`;
  return "Loading rows…";
}
