import assert from "node:assert/strict";
import { test } from "node:test";
import { docListParams, docListSearch, parseDocListState } from "../../../Assets/js/docListState.js";

test("the Docs page state round-trips through the URL", () => {
  for (const state of [
    { q: "", sort: "updated", archived: false },
    { q: "growth 50% & more", sort: "title", archived: true },
    { q: "a+b", sort: "viewed", archived: false },
  ]) {
    assert.deepEqual(parseDocListState(docListSearch(state)), state);
  }
  assert.equal(docListSearch({ q: "", sort: "updated", archived: false }), "", "defaults leave the URL clean");
  assert.equal(docListSearch({ q: "two words", sort: "title", archived: false }), "?q=two%20words&sort=title");
});

test("bad URL values fall back to the defaults", () => {
  assert.deepEqual(parseDocListState("?sort=newest&archived=yes"), { q: "", sort: "updated", archived: false });
  assert.equal(parseDocListState(`?q=${"x".repeat(300)}`).q.length, 200);
});

test("the API parameters leave defaults out", () => {
  assert.deepEqual(docListParams({ q: "", sort: "updated", archived: false }, 50),
    { q: undefined, sort: "updated", archived: undefined, limit: 50 });
  assert.deepEqual(docListParams({ q: "x", sort: "title", archived: true }, 50),
    { q: "x", sort: "title", archived: "all", limit: 50 });
});
