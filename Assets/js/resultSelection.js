// What the user selected in a result grid and how it is copied: a rectangle of cells
// (click, shift-click extends) or a range of whole rows (click row numbers, shift extends),
// copied as TSV. Rows are result positions in the current sort/filter. Pure, so `node
// --test` covers it.

import { formatCount } from "./format.js";

/** The most rows one copy takes. */
export const MAX_COPY_ROWS = 10_000;

/** A click on cell (`row`, `col`); with shift, extends the current selection from its anchor. */
export function clickCell(selection, row, col, shift = false) {
  if (shift && selection) {
    const anchor = selection.kind === "cells" ? selection.anchor : { row: selection.anchor, col };
    return capRows({ kind: "cells", anchor, focus: { row, col } });
  }
  return { kind: "cells", anchor: { row, col }, focus: { row, col } };
}

/** A click on row number `row`; with shift, extends to a range of rows from the anchor. */
export function clickRow(selection, row, shift = false) {
  if (shift && selection) {
    const anchor = selection.kind === "rows" ? selection.anchor : selection.anchor.row;
    return capRows({ kind: "rows", anchor, focus: row });
  }
  return { kind: "rows", anchor: row, focus: row };
}

function rowsOf(selection) {
  return selection.kind === "rows"
    ? [selection.anchor, selection.focus]
    : [selection.anchor.row, selection.focus.row];
}

/**
 * Keeps a selection within `max` rows by moving its focus towards the anchor; `capped`
 * says whether it had to.
 */
export function capRows(selection, max = MAX_COPY_ROWS) {
  const [anchor, focus] = rowsOf(selection);
  if (Math.abs(focus - anchor) + 1 <= max) return { ...selection, capped: false };
  const limited = focus > anchor ? anchor + max - 1 : anchor - max + 1;
  if (selection.kind === "rows") return { ...selection, focus: limited, capped: true };
  return { ...selection, focus: { ...selection.focus, row: limited }, capped: true };
}

/** The selected rectangle: `{r0, r1, c0, c1, rows, cells}` (inclusive bounds). */
export function bounds(selection, columnCount) {
  if (!selection) return null;
  const [a, b] = rowsOf(selection);
  const r0 = Math.min(a, b);
  const r1 = Math.max(a, b);
  let c0 = 0;
  let c1 = columnCount - 1;
  if (selection.kind === "cells") {
    c0 = Math.min(selection.anchor.col, selection.focus.col);
    c1 = Math.max(selection.anchor.col, selection.focus.col);
  }
  const rows = r1 - r0 + 1;
  return { r0, r1, c0, c1, rows, cells: rows * (c1 - c0 + 1), wholeRows: selection.kind === "rows" };
}

/** Whether cell (`row`, `col`) lies in bounds `b`. */
export function contains(b, row, col) {
  return Boolean(b) && row >= b.r0 && row <= b.r1 && col >= b.c0 && col <= b.c1;
}

/** One value as TSV text: NULL empty, tabs and line breaks turned into spaces. */
export function tsvValue(value) {
  if (value === null || value === undefined) return "";
  return String(value).replace(/\r\n|[\t\r\n]/g, " ");
}

/**
 * The selection as TSV. `rows` holds the rows `b.r0..b.r1` (whole rows, every column);
 * whole-row selections start with a header line of column names.
 */
export function toTSV(columns, rows, b) {
  const lines = [];
  if (b.wholeRows) lines.push(columns.slice(b.c0, b.c1 + 1).map((c) => tsvValue(c.name)).join("\t"));
  for (const row of rows) lines.push(row.slice(b.c0, b.c1 + 1).map(tsvValue).join("\t"));
  return lines.join("\n");
}

/** "1 cell", "3 × 2 cells", "5 rows" — what the toolbar says is selected. */
export function selectionLabel(b) {
  if (!b) return "";
  if (b.wholeRows) return b.rows === 1 ? "1 row" : `${formatCount(b.rows)} rows`;
  if (b.cells === 1) return "1 cell";
  return `${formatCount(b.rows)} × ${formatCount(b.c1 - b.c0 + 1)} cells`;
}
