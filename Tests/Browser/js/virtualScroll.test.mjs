import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_SCROLL_HEIGHT, ROW_HEIGHT, firstVisibleRow, scrollByRows, pageCache, pagesFor, scrollSpace, scrollTopForRow, visibleWindow,
} from "../../../Assets/js/virtualScroll.js";

const VIEWPORT = 400; // 16 rows of 25 px

test("small results get their full height, huge ones a capped one", () => {
  assert.deepEqual(scrollSpace(0), { height: 0, scaled: false });
  assert.deepEqual(scrollSpace(1), { height: ROW_HEIGHT, scaled: false });
  assert.deepEqual(scrollSpace(400_000), { height: 10_000_000, scaled: false });
  assert.deepEqual(scrollSpace(400_001), { height: MAX_SCROLL_HEIGHT, scaled: true });
  assert.deepEqual(scrollSpace(10_000_000), { height: MAX_SCROLL_HEIGHT, scaled: true });
});

test("an empty result shows no rows", () => {
  assert.deepEqual(visibleWindow(0, VIEWPORT, 0), { start: 0, end: 0, top: 0, bottom: 0 });
});

test("one row", () => {
  assert.deepEqual(visibleWindow(0, VIEWPORT, 1), { start: 0, end: 1, top: 0, bottom: 0 });
});

test("unscaled: rows sit at index × row height, the spacers keep the height", () => {
  const w = visibleWindow(2500, VIEWPORT, 1000, { margin: 5 });
  assert.equal(w.start, 95);
  assert.equal(w.end, 121);
  assert.equal(w.top, 95 * ROW_HEIGHT);
  assert.equal(w.top + (w.end - w.start) * ROW_HEIGHT + w.bottom, 1000 * ROW_HEIGHT);
});

test("unscaled: the end of the scroll space shows the last row", () => {
  const total = 1000;
  const w = visibleWindow(total * ROW_HEIGHT - VIEWPORT, VIEWPORT, total);
  assert.equal(w.end, total);
  assert.equal(w.bottom, 0);
});

for (const total of [400_001, 1_000_000, 10_000_000, 123_456_789]) {
  test(`scaled ${total} rows: top shows row 0, bottom shows the last row, the block fills the space`, () => {
    const space = scrollSpace(total).height;
    const first = visibleWindow(0, VIEWPORT, total);
    assert.equal(first.start, 0);
    assert.equal(first.top, 0);
    const last = visibleWindow(space - VIEWPORT, VIEWPORT, total);
    assert.equal(last.end, total);
    assert.equal(last.bottom, 0);
    assert.ok(Math.abs(last.top + (last.end - last.start) * ROW_HEIGHT - space) < 1e-6);
    // The last row's bottom edge is at the viewport's bottom edge.
    const lastRowBottom = last.top + (total - last.start) * ROW_HEIGHT;
    assert.ok(Math.abs(lastRowBottom - space) < 1e-6);
    // Past the end is clamped to the end.
    assert.deepEqual(visibleWindow(space * 2, VIEWPORT, total), last);
  });
}

test("scaled: the row drawn at the viewport top is the one the mapping names", () => {
  const total = 10_000_000;
  for (const scrollTop of [1, 24, 25, 12345, 5_000_000, 9_999_000, MAX_SCROLL_HEIGHT - VIEWPORT - 3]) {
    const first = firstVisibleRow(scrollTop, VIEWPORT, total);
    const w = visibleWindow(scrollTop, VIEWPORT, total);
    const drawnAt = w.top + (first - w.start) * ROW_HEIGHT;
    // Within the first pixels the block cannot start above the space: off by under a row.
    const tolerance = scrollTop < ROW_HEIGHT ? ROW_HEIGHT : 1e-6;
    assert.ok(Math.abs(drawnAt - scrollTop) < tolerance, `${scrollTop}: ${drawnAt}`);
    assert.ok(w.top + (w.end - w.start) * ROW_HEIGHT <= MAX_SCROLL_HEIGHT + 1e-6);
    assert.ok(w.start <= Math.floor(first) && w.end >= Math.min(total, Math.ceil(first + VIEWPORT / ROW_HEIGHT)));
    assert.ok(w.end - w.start <= VIEWPORT / ROW_HEIGHT + 22);
    assert.ok(w.top >= 0 && w.bottom >= 0);
  }
});

test("scaled: the mapping only moves forward", () => {
  let previous = -1;
  for (let top = 0; top <= MAX_SCROLL_HEIGHT; top += 250_000) {
    const row = firstVisibleRow(top, VIEWPORT, 3_000_000);
    assert.ok(row >= previous);
    previous = row;
  }
});

test("scrollTopForRow inverts the mapping", () => {
  for (const total of [1000, 10_000_000]) {
    for (const row of [0, 17, Math.floor(total / 2)]) {
      const top = scrollTopForRow(row, VIEWPORT, total);
      assert.ok(Math.abs(firstVisibleRow(top, VIEWPORT, total) - row) < 1e-6, `${total} ${row}`);
    }
    const end = scrollTopForRow(total, VIEWPORT, total);
    assert.equal(visibleWindow(end, VIEWPORT, total).end, total);
  }
});

test("pages that hold a window", () => {
  assert.deepEqual(pagesFor(0, 0), []);
  assert.deepEqual(pagesFor(0, 1), [0]);
  assert.deepEqual(pagesFor(190, 230), [0, 1]);
  assert.deepEqual(pagesFor(200, 400), [1]);
  assert.deepEqual(pagesFor(999_990, 1_000_000), [4999]);
});

test("the page cache keeps the most recently used pages", () => {
  const cache = pageCache(2);
  cache.set(0, ["a"]);
  cache.set(1, ["b"]);
  assert.deepEqual(cache.get(0), ["a"]); // 0 is now the most recent
  cache.set(2, ["c"]);
  assert.equal(cache.has(1), false);
  assert.equal(cache.has(0), true);
  assert.equal(cache.size, 2);
  cache.clear();
  assert.equal(cache.size, 0);
  assert.equal(cache.get(0), undefined);
});

test("scaled: wheel steps move by rows, and the exact row is drawn at the top", () => {
  const total = 10_000_000;
  let at = { row: 0, scrollTop: 0 };
  for (let i = 0; i < 3; i++) at = scrollByRows(at.row, 4, VIEWPORT, total); // three wheel ticks
  assert.equal(at.row, 12);
  // A pixel spans ~25 rows here; with the exact row given, row 12 sits at the viewport top.
  const w = visibleWindow(Math.round(at.scrollTop), VIEWPORT, total, { first: at.row });
  assert.ok(w.start <= 12 && w.end >= 12 + VIEWPORT / ROW_HEIGHT);
  assert.ok(Math.abs(w.top + (12 - w.start) * ROW_HEIGHT - Math.round(at.scrollTop)) < 1e-6);
  assert.equal(scrollByRows(5, -100, VIEWPORT, total).row, 0);
  const end = scrollByRows(total - 20, 1000, VIEWPORT, total);
  assert.equal(end.row, total - VIEWPORT / ROW_HEIGHT);
  assert.equal(visibleWindow(end.scrollTop, VIEWPORT, total, { first: end.row }).end, total);
  // Unscaled spaces ignore the hint: the browser's scrollTop is exact there.
  assert.deepEqual(visibleWindow(250, VIEWPORT, 1000, { first: 99 }), visibleWindow(250, VIEWPORT, 1000));
});
