// Paging math for result tables. Pure, so `node --test` covers it.

import { formatCount } from "./format.js";

export const PAGE_SIZE = 100;

/** The offset of the page holding `offset` (pages start at multiples of `limit`). */
export function pageStart(offset, limit = PAGE_SIZE) {
  if (!(offset > 0)) return 0;
  return Math.floor(offset / limit) * limit;
}

/** The offset of the last page for `total` rows (0 when empty). */
export function lastPageOffset(total, limit = PAGE_SIZE) {
  if (!(total > 0)) return 0;
  return Math.floor((total - 1) / limit) * limit;
}

/**
 * Where a pager stands and where each button goes:
 * `{offset, first, prev, next, last, canPrev, canNext, page, pages, from, to, total, label}`.
 * `from`/`to` are 1-based and inclusive; `label` reads "rows 101–200 of 1,000,000".
 */
export function pager(total, offset, limit = PAGE_SIZE) {
  total = Math.max(0, Math.floor(total || 0));
  const last = lastPageOffset(total, limit);
  const at = Math.min(pageStart(offset, limit), last);
  const from = total === 0 ? 0 : at + 1;
  const to = Math.min(at + limit, total);
  const pages = Math.max(1, Math.ceil(total / limit));
  return {
    offset: at,
    first: 0,
    prev: Math.max(0, at - limit),
    next: Math.min(last, at + limit),
    last,
    canPrev: at > 0,
    canNext: at < last,
    page: Math.floor(at / limit) + 1,
    pages,
    from,
    to,
    total,
    label: rangeLabel(from, to, total),
  };
}

/** "rows 101–200 of 1,000,000", "1 row", "no rows". */
export function rangeLabel(from, to, total) {
  if (total === 0) return "no rows";
  if (total === 1) return "1 row";
  if (from === 1 && to === total) return `${formatCount(total)} rows`;
  return `rows ${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`;
}
