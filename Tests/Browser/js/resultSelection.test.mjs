import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_COPY_ROWS, bounds, capRows, clickCell, clickRow, contains, selectionLabel, toTSV, tsvValue,
} from "../../../Assets/js/resultSelection.js";

const columns = [{ name: "id" }, { name: "kind" }, { name: "note" }];

test("a click selects one cell, shift-click extends a rectangle either way", () => {
  let sel = clickCell(null, 5, 1);
  assert.deepEqual(bounds(sel, 3), { r0: 5, r1: 5, c0: 1, c1: 1, rows: 1, cells: 1, wholeRows: false });
  sel = clickCell(sel, 2, 0, true);
  assert.deepEqual(bounds(sel, 3), { r0: 2, r1: 5, c0: 0, c1: 1, rows: 4, cells: 8, wholeRows: false });
  sel = clickCell(sel, 7, 2, true); // the anchor stays at (5, 1)
  assert.deepEqual(bounds(sel, 3), { r0: 5, r1: 7, c0: 1, c1: 2, rows: 3, cells: 6, wholeRows: false });
  assert.ok(contains(bounds(sel, 3), 6, 2));
  assert.ok(!contains(bounds(sel, 3), 4, 2));
  assert.ok(!contains(null, 0, 0));
});

test("row numbers select whole rows; shift extends; a plain click starts over", () => {
  let sel = clickRow(null, 10);
  assert.deepEqual(bounds(sel, 3), { r0: 10, r1: 10, c0: 0, c1: 2, rows: 1, cells: 3, wholeRows: true });
  sel = clickRow(sel, 3, true);
  assert.deepEqual(bounds(sel, 3), { r0: 3, r1: 10, c0: 0, c1: 2, rows: 8, cells: 24, wholeRows: true });
  sel = clickRow(clickCell(null, 4, 1), 6, true); // from a cell's row
  assert.equal(bounds(sel, 3).r0, 4);
  assert.equal(bounds(sel, 3).r1, 6);
  assert.equal(bounds(clickRow(sel, 9), 3).rows, 1);
});

test("selections stop at 10,000 rows and say so", () => {
  const big = clickRow(clickRow(null, 0), 50_000, true);
  assert.equal(big.capped, true);
  assert.equal(bounds(big, 3).rows, MAX_COPY_ROWS);
  const up = clickCell(clickCell(null, 50_000, 0), 0, 2, true);
  assert.equal(up.capped, true);
  assert.deepEqual([bounds(up, 3).r0, bounds(up, 3).r1], [50_000 - MAX_COPY_ROWS + 1, 50_000]);
  assert.equal(capRows(clickRow(null, 3)).capped, false);
});

test("TSV values: NULL empty, tabs and line breaks become spaces", () => {
  assert.equal(tsvValue(null), "");
  assert.equal(tsvValue(1.5), "1.5");
  assert.equal(tsvValue("a\tb\nc\r\nd\re"), "a b c d e");
  assert.equal(tsvValue("\\x00ff"), "\\x00ff");
});

test("a rectangle copies without a header, whole rows with one", () => {
  const rows = [[1, "view", "x\ty"], [2, null, "z"]];
  const cells = bounds(clickCell(clickCell(null, 0, 1), 1, 2, true), 3);
  assert.equal(toTSV(columns, rows, cells), "view\tx y\n\tz");
  const whole = bounds(clickRow(clickRow(null, 0), 1, true), 3);
  assert.equal(toTSV(columns, rows, whole), "id\tkind\tnote\n1\tview\tx y\n2\t\tz");
});

test("what the toolbar says is selected", () => {
  assert.equal(selectionLabel(null), "");
  assert.equal(selectionLabel(bounds(clickCell(null, 0, 0), 3)), "1 cell");
  assert.equal(selectionLabel(bounds(clickCell(clickCell(null, 0, 0), 2, 1, true), 3)), "3 × 2 cells");
  assert.equal(selectionLabel(bounds(clickRow(null, 0), 3)), "1 row");
  assert.equal(selectionLabel(bounds(clickRow(clickRow(null, 0), 1233, true), 3)), "1,234 rows");
});
