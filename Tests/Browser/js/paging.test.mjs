import { test } from "node:test";
import assert from "node:assert/strict";
import { pager, pageStart, lastPageOffset, rangeLabel } from "../../../Assets/js/paging.js";

test("page offsets", () => {
  assert.equal(pageStart(0), 0);
  assert.equal(pageStart(250), 200);
  assert.equal(lastPageOffset(0), 0);
  assert.equal(lastPageOffset(100), 0);
  assert.equal(lastPageOffset(101), 100);
  assert.equal(lastPageOffset(1000000), 999900);
});

test("a pager over a million rows", () => {
  const first = pager(1000000, 0);
  assert.equal(first.label, "rows 1–100 of 1,000,000");
  assert.equal(first.canPrev, false);
  assert.equal(first.canNext, true);
  assert.equal(first.next, 100);
  assert.equal(first.pages, 10000);
  const second = pager(1000000, first.next);
  assert.equal(second.label, "rows 101–200 of 1,000,000");
  assert.equal(second.prev, 0);
  const last = pager(1000000, second.last);
  assert.equal(last.label, "rows 999,901–1,000,000 of 1,000,000");
  assert.equal(last.canNext, false);
  assert.equal(last.page, 10000);
});

test("short and empty results, offsets past the end", () => {
  assert.equal(pager(0, 0).label, "no rows");
  assert.equal(pager(1, 0).label, "1 row");
  assert.equal(pager(4, 0).label, "4 rows");
  assert.equal(pager(4, 0).pages, 1);
  const clamped = pager(150, 900);
  assert.equal(clamped.offset, 100);
  assert.equal(clamped.label, "rows 101–150 of 150");
  assert.equal(rangeLabel(1, 100, 100), "100 rows");
});
