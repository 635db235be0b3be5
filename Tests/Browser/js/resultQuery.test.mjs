import { test } from "node:test";
import assert from "node:assert/strict";
import {
  OPERATORS, busyLine, countLine, emptyView, encodeFilter, filterLabel, needsValue, nextSort, rowsQuery, viewKey,
} from "../../../Assets/js/resultQuery.js";

const columns = [{ name: "id" }, { name: "kind" }, { name: "country" }];

test("a header click cycles asc → desc → off, another column starts at asc", () => {
  let sort = nextSort(null, 1);
  assert.deepEqual(sort, { column: 1, order: "asc" });
  sort = nextSort(sort, 1);
  assert.deepEqual(sort, { column: 1, order: "desc" });
  assert.equal(nextSort(sort, 1), null);
  assert.deepEqual(nextSort({ column: 1, order: "desc" }, 2), { column: 2, order: "asc" });
});

test("the ten operators, and which take a value", () => {
  assert.deepEqual(OPERATORS.map((o) => o.op), ["eq", "ne", "lt", "le", "gt", "ge", "contains", "startswith", "null", "notnull"]);
  assert.equal(needsValue("eq"), true);
  assert.equal(needsValue("null"), false);
  assert.equal(needsValue("notnull"), false);
});

test("filters encode as K:OP:VALUE, values with colons kept whole", () => {
  assert.equal(encodeFilter({ column: 2, op: "eq", value: "DE" }), "2:eq:DE");
  assert.equal(encodeFilter({ column: 0, op: "contains", value: "a:b:c" }), "0:contains:a:b:c");
  assert.equal(encodeFilter({ column: 1, op: "null", value: "ignored" }), "1:null:");
});

test("the rows query carries sort, order and repeated filters", () => {
  assert.equal(rowsQuery(0, 200, 200), "statement=0&offset=200&limit=200");
  const view = { sort: { column: 3, order: "desc" }, filters: [{ column: 1, op: "eq", value: "a b&c" }, { column: 2, op: "notnull" }] };
  const query = new URLSearchParams(rowsQuery(1, 0, 200, view));
  assert.equal(query.get("sort"), "3");
  assert.equal(query.get("order"), "desc");
  assert.deepEqual(query.getAll("filter"), ["1:eq:a b&c", "2:notnull:"]);
  assert.ok(!rowsQuery(1, 0, 200, view).includes("+"), "spaces as %20");
});

test("view keys differ exactly when the view does", () => {
  assert.equal(viewKey(emptyView()), viewKey({ sort: null, filters: [] }));
  assert.notEqual(viewKey(emptyView()), viewKey({ sort: { column: 0, order: "asc" }, filters: [] }));
  assert.notEqual(viewKey({ sort: { column: 0, order: "asc" }, filters: [] }), viewKey({ sort: { column: 0, order: "desc" }, filters: [] }));
});

test("chip labels", () => {
  assert.equal(filterLabel({ column: 2, op: "eq", value: "DE" }, columns), "country = DE");
  assert.equal(filterLabel({ column: 0, op: "ge", value: "10" }, columns), "id ≥ 10");
  assert.equal(filterLabel({ column: 1, op: "contains", value: "a b" }, columns), 'kind contains "a b"');
  assert.equal(filterLabel({ column: 1, op: "eq", value: "" }, columns), 'kind = ""');
  assert.equal(filterLabel({ column: 1, op: "notnull" }, columns), "kind is not null");
  assert.equal(filterLabel({ column: 1, op: "startswith", value: "pi" }, columns), "kind starts with pi");
});

test("the count line", () => {
  assert.equal(countLine(1_000_000, 1_000_000, false), "1,000,000 rows");
  assert.equal(countLine(1, 1, false), "1 row");
  assert.equal(countLine(12_345, 1_000_000, true), "12,345 of 1,000,000 rows (filtered)");
  assert.equal(countLine(0, 5, true), "0 of 5 rows (filtered)");
});

test("what the grid says while the server works", () => {
  assert.equal(busyLine({ sort: { column: 0, order: "asc" }, filters: [] }, 1_000_000), "Sorting 1,000,000 rows…");
  assert.equal(busyLine({ sort: null, filters: [{ column: 0, op: "null" }] }, 10), "Filtering 10 rows…");
  assert.equal(busyLine({ sort: { column: 0, order: "asc" }, filters: [{ column: 0, op: "null" }] }, 1), "Filtering and sorting 1 row…");
  assert.equal(busyLine(emptyView(), 5), "Loading rows…");
});
