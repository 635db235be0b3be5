// Scroll math for the result grid: which rows a scroll position shows, where they are drawn,
// and which pages to fetch. Browsers cap an element's height (Chrome ~33 M px, Firefox
// ~17 M px), so past MAX_SCROLL_HEIGHT the scroll space is scaled: the scrollbar maps
// linearly onto the rows and the rows on screen are drawn at the scroll position, so the
// last row is still reachable. Pure, so `node --test` covers it.

/** Height of one grid row in CSS pixels (results.css keeps the rows at exactly this). */
export const ROW_HEIGHT = 25;

/** Rows fetched per request. */
export const PAGE_ROWS = 200;

/** The tallest scroll space we ask a browser for; well under every browser's cap. */
export const MAX_SCROLL_HEIGHT = 10_000_000;

/** The scroll space for `total` rows: `{height, scaled}`. */
export function scrollSpace(total, rowHeight = ROW_HEIGHT, max = MAX_SCROLL_HEIGHT) {
  const full = Math.max(0, total) * rowHeight;
  return full > max ? { height: max, scaled: true } : { height: full, scaled: false };
}

/**
 * The fractional index of the row at the top of the viewport for a scroll position.
 * `viewport` is the height available to rows (without the header).
 */
export function firstVisibleRow(scrollTop, viewport, total, rowHeight = ROW_HEIGHT, max = MAX_SCROLL_HEIGHT) {
  const space = scrollSpace(total, rowHeight, max);
  const full = total * rowHeight;
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, space.height - viewport)));
  if (!space.scaled) return top / rowHeight;
  const range = space.height - viewport;
  const virtualTop = range > 0 ? (top * (full - viewport)) / range : 0;
  return virtualTop / rowHeight;
}

/**
 * The rows to put in the DOM for a scroll position: `{start, end, top, bottom}` — rows
 * `start..<end` (including `margin` rows each side), drawn after a spacer of `top` px and
 * followed by one of `bottom` px, so the scroll space keeps its height.
 */
export function visibleWindow(scrollTop, viewport, total, { rowHeight = ROW_HEIGHT, max = MAX_SCROLL_HEIGHT, margin = 10, first: exact } = {}) {
  if (!(total > 0)) return { start: 0, end: 0, top: 0, bottom: 0 };
  const space = scrollSpace(total, rowHeight, max);
  // `first` (scaled spaces only): the exact top row when a pixel of scroll spans several rows.
  const first = space.scaled && typeof exact === "number"
    ? Math.max(0, Math.min(exact, total - viewport / rowHeight))
    : firstVisibleRow(scrollTop, viewport, total, rowHeight, max);
  const firstRow = Math.floor(first);
  let start = Math.max(0, firstRow - margin);
  let end = Math.min(total, Math.ceil(first + viewport / rowHeight) + margin);
  let top;
  if (space.scaled) {
    // Row `first` sits at the viewport's top edge: place the block so that it does. Near
    // either end of the space the margins shrink so the block still fits inside it.
    const clampedTop = Math.max(0, Math.min(scrollTop, Math.max(0, space.height - viewport)));
    start = Math.min(firstRow, Math.max(start, Math.ceil(first - clampedTop / rowHeight)));
    end = Math.max(Math.min(total, Math.ceil(first + viewport / rowHeight)),
      Math.min(end, Math.floor(first + (space.height - clampedTop) / rowHeight)));
    top = clampedTop - (first - start) * rowHeight;
    top = Math.max(0, Math.min(top, space.height - (end - start) * rowHeight));
  } else {
    top = start * rowHeight;
  }
  const bottom = Math.max(0, space.height - top - (end - start) * rowHeight);
  return { start, end, top, bottom };
}

/**
 * Where a scroll by `rows` rows from top row `from` lands, for wheels and keys in a scaled
 * space (where the browser's own step would jump many rows): `{row, scrollTop}`.
 */
export function scrollByRows(from, rows, viewport, total, rowHeight = ROW_HEIGHT, max = MAX_SCROLL_HEIGHT) {
  const row = Math.max(0, Math.min(total - viewport / rowHeight, from + rows));
  return { row, scrollTop: scrollTopForRow(row, viewport, total, rowHeight, max) };
}

/** The scroll position that puts row `index` at the top (or as far as it goes). */
export function scrollTopForRow(index, viewport, total, rowHeight = ROW_HEIGHT, max = MAX_SCROLL_HEIGHT) {
  const space = scrollSpace(total, rowHeight, max);
  const limit = Math.max(0, space.height - viewport);
  if (!space.scaled) return Math.min(limit, Math.max(0, index * rowHeight));
  const full = total * rowHeight;
  const virtualTop = Math.min(full - viewport, Math.max(0, index * rowHeight));
  return Math.min(limit, Math.max(0, (virtualTop * limit) / (full - viewport)));
}

/** The page numbers (`PAGE_ROWS` rows each) that hold rows `start..<end`. */
export function pagesFor(start, end, pageRows = PAGE_ROWS) {
  if (!(end > start)) return [];
  const pages = [];
  for (let p = Math.floor(start / pageRows); p <= Math.floor((end - 1) / pageRows); p++) pages.push(p);
  return pages;
}

/**
 * A small least-recently-used cache of pages: `get(page)`, `set(page, rows)`, `has`,
 * `clear()`. Keeps at most `capacity` pages.
 */
export function pageCache(capacity = 24) {
  const map = new Map();
  return {
    get(page) {
      if (!map.has(page)) return undefined;
      const rows = map.get(page);
      map.delete(page);
      map.set(page, rows);
      return rows;
    },
    has: (page) => map.has(page),
    set(page, rows) {
      map.delete(page);
      map.set(page, rows);
      while (map.size > capacity) map.delete(map.keys().next().value);
    },
    clear: () => map.clear(),
    get size() {
      return map.size;
    },
  };
}
