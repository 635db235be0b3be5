import assert from "node:assert/strict";
import { test } from "node:test";
import {
  browseParams, browseSearch, pageRange, parseBrowseState, plainExcerpt, sampleValue, tableFacts, tablePath, tableTab, tagProblem,
} from "../../../Assets/js/tableLogic.js";

test("tabs and their paths", () => {
  assert.equal(tableTab(undefined), "columns");
  assert.equal(tableTab("lineage"), "lineage");
  assert.equal(tableTab("nope"), "columns");
  assert.equal(tablePath(5, "columns"), "/tables/5");
  assert.equal(tablePath(5, "sample"), "/tables/5/sample");
});

test("the browse filters round-trip through the URL", () => {
  const state = { engineId: 2, schema: "main", q: "ev ents", tag: "pii", golden: true, page: 3 };
  assert.deepEqual(parseBrowseState(browseSearch(state)), state);
  assert.equal(browseSearch({ engineId: null, schema: "", q: "", tag: "", golden: false, page: 1 }), "");
  assert.deepEqual(parseBrowseState("?engine=x&page=-1&golden=yes"),
    { engineId: null, schema: "", q: "", tag: "", golden: false, page: 1 });
});

test("the API parameters: offset from the page, schema only with an engine", () => {
  assert.deepEqual(browseParams({ engineId: null, schema: "main", q: "", tag: "", golden: false, page: 2 }, 50),
    { engineId: undefined, schema: undefined, q: undefined, tag: undefined, golden: undefined, limit: 50, offset: 50 });
  assert.deepEqual(browseParams({ engineId: 1, schema: "main", q: "e", tag: "t", golden: true, page: 1 }, 50),
    { engineId: 1, schema: "main", q: "e", tag: "t", golden: "true", limit: 50, offset: 0 });
});

test("page ranges", () => {
  assert.equal(pageRange(1, 50, 50, 230), "1–50 of 230");
  assert.equal(pageRange(5, 50, 30, 230), "201–230 of 230");
  assert.equal(pageRange(1, 50, 0, 0), "");
});

test("tags are checked as the server checks them", () => {
  assert.equal(tagProblem("pii"), "");
  assert.equal(tagProblem("team:growth-2.0"), "");
  assert.match(tagProblem(" "), /Type a tag/);
  assert.match(tagProblem("a b"), /letters, digits/);
  assert.match(tagProblem("x".repeat(41)), /40/);
  assert.match(tagProblem("pii", ["pii"]), /already/);
  assert.match(tagProblem("new", Array.from({ length: 20 }, (_, i) => `t${i}`)), /20 tags/);
});

test("header facts in words", () => {
  assert.deepEqual(tableFacts({ rowCount: 1234567, sizeBytes: 2500000, columnCount: 7, queryCount: 3, viewCount: 1 }),
    [["Rows", "1,234,567"], ["Size", "2.5 MB"], ["Columns", "7"], ["Queries", "3"], ["Views", "1"]]);
  assert.deepEqual(tableFacts({ rowCount: null, sizeBytes: null, columnCount: 2, queryCount: 0 }).map(([k]) => k), ["Columns", "Queries"]);
});

test("a Markdown excerpt is plain text, cut with an ellipsis", () => {
  assert.equal(plainExcerpt("# Events\n\nOne row per **event**, see [docs](https://x.y).\n\n- a\n- b"), "Events One row per event, see docs. a b");
  assert.equal(plainExcerpt("<img src=x onerror=alert(1)>"), "<img src=x onerror=alert(1)>");
  assert.equal(plainExcerpt("word ".repeat(50), 20), "word word word word…");
  assert.equal(plainExcerpt(""), "");
  assert.equal(plainExcerpt(null), "");
});

test("sample values", () => {
  assert.deepEqual(sampleValue(null), { text: "NULL", kind: "null" });
  assert.deepEqual(sampleValue(3.5), { text: "3.5", kind: "number" });
  assert.deepEqual(sampleValue({ a: 1 }), { text: '{"a":1}', kind: "json" });
  assert.deepEqual(sampleValue("x"), { text: "x", kind: "text" });
});
