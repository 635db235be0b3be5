import assert from "node:assert/strict";
import { test } from "node:test";
import {
  hasFacets, hitContext, moveActive, pageCount, parseSearchState, resultsLine, searchParams, searchSearch, snippetRuns,
} from "../../../Assets/js/searchLogic.js";

const EMPTY = { q: "", type: "all", owner: "", engine: "", schema: "", tag: "", from: "", to: "", page: 1 };

test("the search state round-trips through the URL", () => {
  const state = { ...EMPTY, q: 'events "user id" OR x&y', type: "tables", engine: "2", schema: "main", tag: "pii", from: "2026-01-01", to: "2026-02-01", page: 2 };
  assert.deepEqual(parseSearchState(searchSearch(state)), state);
  assert.equal(searchSearch(EMPTY), "");
  assert.equal(searchSearch({ ...EMPTY, q: "a b" }), "?q=a%20b");
});

test("bad values fall back; the API's type names are understood", () => {
  assert.deepEqual(parseSearchState("?type=nope&owner=x&from=yesterday&page=0"), EMPTY);
  assert.equal(parseSearchState("?type=doc&owner=2").type, "docs");
  assert.equal(parseSearchState("?type=doc&owner=2").owner, "2");
  assert.equal(parseSearchState("?type=execution").type, "runs");
});

test("the API parameters", () => {
  assert.deepEqual(searchParams({ ...EMPTY, q: "x", type: "people", page: 3 }, 20),
    { q: "x", type: "user", owner: undefined, engine: undefined, schema: undefined, tag: undefined, from: undefined, to: undefined, limit: 20, offset: 40 });
  const dated = searchParams({ ...EMPTY, q: "x", from: "2026-03-01", to: "2026-03-02" });
  assert.equal(dated.from, "2026-03-01");
  assert.equal(dated.to, "2026-03-02");
  assert.equal(pageCount(45), 3);
  assert.equal(pageCount(100000), 51, "the server stops at offset 1,000");
  assert.equal(searchParams({ ...EMPTY, q: "x" }).type, undefined);
  assert.equal(hasFacets(EMPTY), false);
  assert.equal(hasFacets({ ...EMPTY, tag: "pii" }), true);
});

test("snippet runs: merged, empty ones dropped, text kept as typed", () => {
  assert.deepEqual(snippetRuns([{ text: "a ", hit: false }, { text: "", hit: true }, { text: "b", hit: false }, { text: "<b>ev</b>", hit: true }, { text: "ents", hit: true }]),
    [{ text: "a b", hit: false }, { text: "<b>ev</b>ents", hit: true }]);
  assert.deepEqual(snippetRuns(null), []);
  assert.deepEqual(snippetRuns([{ text: 5, hit: 1 }]), [{ text: "5", hit: true }]);
});

test("keyboard moves stay inside the list", () => {
  assert.equal(moveActive(-1, "ArrowDown", 3), 0);
  assert.equal(moveActive(2, "ArrowDown", 3), 2);
  assert.equal(moveActive(0, "ArrowUp", 3), 0);
  assert.equal(moveActive(2, "ArrowUp", 3), 1);
  assert.equal(moveActive(1, "End", 3), 2);
  assert.equal(moveActive(1, "ArrowDown", 0), -1);
});

test("a hit's context line and the count line", () => {
  assert.equal(hitContext({ type: "doc", owner: { displayName: "Ann", username: "ann" } }), "by Ann");
  assert.equal(hitContext({ type: "query", docTitle: "Growth" }), "in Growth");
  assert.equal(hitContext({ type: "table", engineName: "demo", schema: "main", name: "events", kind: "table" }), "on demo");
  assert.equal(hitContext({ type: "table", engineName: "demo", schema: "main", name: "v", kind: "view" }), "on demo · view");
  assert.equal(hitContext({ type: "user", username: "bob" }), "@bob");
  assert.equal(resultsLine(0, 1, 0), "No results");
  assert.equal(resultsLine(1, 1, 1), "1 result");
  assert.equal(resultsLine(132, 2, 20), "21–40 of 132 results");
});
