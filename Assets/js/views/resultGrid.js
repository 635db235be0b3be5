// The virtual-scrolling table over one statement's full stored result: a sticky header
// (names, types, sort arrows, a statistics button), a row-number gutter, and only the rows
// on screen (plus a margin) in the DOM, drawn from pages fetched as the user scrolls.
// Answers for an older sort/filter are dropped. Scroll math: virtualScroll.js; selection:
// resultSelection.js; sort/filter parameters: resultQuery.js.

import { api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatValue, isNumericType } from "../format.js";
import { busyLine, emptyView, nextSort, viewKey } from "../resultQuery.js";
import { bounds, clickCell, clickRow, contains } from "../resultSelection.js";
import {
  PAGE_ROWS, ROW_HEIGHT, firstVisibleRow, pageCache, pagesFor, scrollByRows, scrollSpace, visibleWindow,
} from "../virtualScroll.js";
import { openColumnStats, statsIcon } from "./columnStats.js";

const MAX_IN_FLIGHT = 2;
const BUSY_AFTER_MS = 150;

/**
 * Options: `execution` (its id), `statement` (with `index`, `columns`, `rowCount`),
 * `onState({total, resultTotal, filtered, busy (text or ""), known, error, view})` whenever the count or loading state
 * changes, `onSelection(selection)`, `onSort(sort)` and `onCopy()` (Ctrl/Cmd-C). Returns
 * `{element, columns, setView(view), view(), selection(), setSelection(s), rowsFor(r0, r1),
 * total(), destroy()}`.
 */
export function createResultGrid({ execution, statement, onState = () => {}, onSelection = () => {}, onSort = () => {}, onCopy = () => {} }) {
  const columns = (statement.columns || []).map((c) => ({ ...c }));
  let typed = false; // whether the engine's own type names came with a page yet
  const numeric = columns.map((c) => isNumericType(c.type));
  const resultTotal0 = statement.rowCount || 0;
  const cols = h("colgroup", null, h("col", { style: { width: `${gutterWidth(resultTotal0)}px` } }),
    columns.map(() => h("col")));
  const headRow = h("tr");
  const tbody = h("tbody");
  const table = h("table", { class: "result-table grid", testid: "result-table", "aria-colcount": String(columns.length + 1) }, cols, h("thead", null, headRow), tbody);
  const scroller = h("div", { class: "table-scroll", testid: "table-scroll", tabindex: "0" }, table);
  const busyBox = h("div", { class: "grid-busy", testid: "grid-busy", role: "status" });
  busyBox.hidden = true;
  const emptyNote = h("div", { class: "result-note", testid: "grid-empty" });
  emptyNote.hidden = true;
  const element = h("div", { class: "result-grid", testid: "result-grid" }, scroller, busyBox, emptyNote);

  let view = emptyView();
  let key = viewKey(view);
  let generation = 0;
  let total = resultTotal0; // rows in the current view
  let resultTotal = resultTotal0;
  let known = true; // whether `total` is the server's answer for this view
  let busy = false;
  let error = null;
  let selection = null;
  let widthsFrom = null; // the page column widths were measured on
  const cache = pageCache(24);
  const inFlight = new Map(); // page → promise, for the current generation
  let wanted = [];
  let busyTimer = null;
  let frame = 0;
  let lastDrawn = "";
  let closeStats = null;

  sizeColumns(null);
  renderHeader();

  function state() {
    const working = busy && !busyBox.hidden;
    onState({ total, resultTotal, filtered: view.filters.length > 0, busy: working ? busyBox.textContent : "", known, error, view });
  }

  function renderHeader() {
    replaceChildren(headRow,
      h("th", { class: "rownum", "aria-label": "row number" }, "#"),
      columns.map((column, i) => {
        const sorted = view.sort && view.sort.column === i ? view.sort.order : null;
        return h("th", {
          class: `${numeric[i] ? "num " : ""}sortable${sorted ? " sorted" : ""}`,
          title: `${column.engineType ? `${column.name} — ${column.engineType}` : column.name}\nClick to sort`,
          "aria-sort": sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none",
          testid: "result-column",
          dataset: { col: String(i) },
          onClick: () => setView({ ...view, sort: nextSort(view.sort, i) }, "sort"),
        },
        h("div", { class: "col-head" },
          h("span", { class: "col-text" },
            h("span", { class: "col-name", testid: "column-name" }, column.name),
            h("span", { class: "col-type" }, column.engineType || column.type || "")),
          h("span", { class: "sort-arrow", testid: "sort-arrow", "aria-hidden": "true" }, sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""),
          h("button", {
            type: "button", class: "col-stats-button", testid: "column-stats-button", title: `Statistics of ${column.name}`,
            "aria-label": `Statistics of ${column.name}`,
            onClick: (event) => {
              event.stopPropagation();
              if (closeStats) closeStats();
              closeStats = openColumnStats({ container: element, anchor: event.currentTarget, execution, statement, column: i, onClose: () => { closeStats = null; } });
            },
          }, statsIcon())));
      }));
  }

  /** Widths from the header and the first page: fixed, so scrolling never makes columns jump. */
  function sizeColumns(rows) {
    widthsFrom = rows;
    let sum = gutterWidth(resultTotal0);
    columns.forEach((column, i) => {
      // Header: name (bold sans ~8 px a letter) plus padding, sort arrow and stats button.
      const head = Math.max(column.name.length * 8, (column.engineType || column.type || "").length * 6) + 60;
      let chars = 0;
      for (const row of rows || []) chars = Math.max(chars, Math.min(60, formatValue(row[i]).text.length));
      const width = Math.round(Math.min(420, Math.max(72, head, chars * 7.3 + 24)));
      cols.children[i + 1].style.width = `${width}px`;
      sum += width;
    });
    table.style.width = `${sum}px`; // fixed layout needs a width to take the columns' widths
  }

  function viewport() {
    const head = table.tHead ? table.tHead.offsetHeight : 0;
    return Math.max(ROW_HEIGHT, (scroller.clientHeight || 440) - head);
  }

  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  }

  function draw() {
    const rows = known ? total : Math.min(total, 40);
    const w = visibleWindow(scroller.scrollTop, viewport(), rows, { first: exactRow() });
    emptyNote.hidden = !(known && total === 0 && !error);
    emptyNote.textContent = view.filters.length ? "No rows match these filters." : "The statement returned no rows.";
    const pages = pagesFor(w.start, w.end);
    wanted = pages.filter((p) => !cache.has(p));
    const b = bounds(selection, columns.length);
    const signature = `${key}|${w.start}:${w.end}:${Math.round(w.top)}|${wanted.join(",")}|${b ? `${b.r0},${b.r1},${b.c0},${b.c1},${b.wholeRows}` : ""}`;
    if (signature !== lastDrawn) {
      lastDrawn = signature;
      const trs = [spacer(w.top)];
      for (let r = w.start; r < w.end; r++) {
        const page = cache.get(Math.floor(r / PAGE_ROWS));
        trs.push(page ? rowElement(r, page[r % PAGE_ROWS], b) : placeholder(r));
      }
      trs.push(spacer(w.bottom));
      tbody.replaceChildren(...trs);
      table.setAttribute("aria-rowcount", String(rows + 1));
    }
    pump();
  }

  function spacer(height) {
    const td = h("td", { colspan: String(columns.length + 1), style: { height: `${height}px` } });
    return h("tr", { class: "spacer", "aria-hidden": "true" }, td);
  }

  function rowElement(r, row, b) {
    const tr = document.createElement("tr");
    tr.dataset.testid = "result-row";
    tr.dataset.row = String(r);
    tr.setAttribute("aria-rowindex", String(r + 2)); // the header is row 1
    if (r % 2 === 1) tr.className = "alt";
    const num = document.createElement("td");
    num.className = b && b.wholeRows && r >= b.r0 && r <= b.r1 ? "rownum selected" : "rownum";
    num.textContent = String(r + 1);
    tr.append(num);
    for (let i = 0; i < columns.length; i++) {
      const { text, kind } = formatValue(row ? row[i] : null);
      const td = document.createElement("td");
      let cls = kind === "number" || (numeric[i] && kind !== "text") ? "num" : "";
      if (kind === "null") cls += " null";
      else if (kind === "blob") cls += " blob";
      if (contains(b, r, i)) {
        // Only the rectangle's outer edges get a line.
        cls += " selected";
        if (r === b.r0) cls += " sel-t";
        if (r === b.r1) cls += " sel-b";
        if (i === b.c0) cls += " sel-l";
        if (i === b.c1) cls += " sel-r";
      }
      if (cls) td.className = cls.trim();
      td.dataset.col = String(i);
      td.textContent = text;
      if (text.length > 40) td.title = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
      tr.append(td);
    }
    return tr;
  }

  function placeholder(r) {
    const tr = h("tr", { class: r % 2 === 1 ? "placeholder alt" : "placeholder", testid: "placeholder-row", dataset: { row: String(r) } },
      h("td", { class: "rownum" }, String(r + 1)));
    for (let i = 0; i < columns.length; i++) tr.append(h("td", null, h("span", { class: "ph" })));
    return tr;
  }

  /** Starts fetches for wanted pages, at most MAX_IN_FLIGHT at a time. */
  function pump() {
    for (const page of wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (!cache.has(page) && !inFlight.has(page)) load(page).catch(() => {});
    }
  }

  /** Fetches one page of the current view into the cache (shared by scrolling and copying). */
  function load(page) {
    if (cache.has(page)) return Promise.resolve(cache.get(page));
    if (inFlight.has(page)) return inFlight.get(page);
    const mine = generation;
    const promise = api.rows(execution.id, statement.index, page * PAGE_ROWS, PAGE_ROWS, view).then((answer) => {
      if (mine !== generation) return null; // an older view's answer: drop it
      inFlight.delete(page);
      const rows = answer.rows || [];
      cache.set(page, rows);
      const newTotal = typeof answer.total === "number" ? answer.total : total;
      if (typeof answer.resultTotal === "number") resultTotal = answer.resultTotal;
      if (!widthsFrom && rows.length) sizeColumns(rows.slice(0, 100));
      if (!typed && Array.isArray(answer.columns)) {
        typed = true;
        answer.columns.forEach((c, i) => { if (columns[i] && c.engineType) columns[i].engineType = c.engineType; });
        renderHeader();
      }
      const changed = !known || newTotal !== total;
      total = newTotal;
      known = true;
      if (busy || changed) setBusy(false);
      lastDrawn = "";
      schedule();
      return rows;
    }, (failure) => {
      if (mine !== generation) return null;
      inFlight.delete(page);
      error = failure.message;
      known = true;
      total = 0;
      setBusy(false);
      lastDrawn = "";
      schedule();
      throw failure;
    });
    inFlight.set(page, promise);
    return promise;
  }

  function setBusy(on) {
    clearTimeout(busyTimer);
    busy = on;
    busyBox.hidden = true;
    if (on) {
      busyTimer = setTimeout(() => {
        if (!busy) return;
        busyBox.hidden = false;
        state();
      }, BUSY_AFTER_MS);
    }
    state();
  }

  /** Shows another sort/filter: drops cached pages and answers in flight, back to the top. */
  function setView(next, reason) {
    const nextKey = viewKey(next);
    if (nextKey === key) return;
    view = { sort: next.sort || null, filters: next.filters || [] };
    key = nextKey;
    generation++;
    cache.clear();
    inFlight.clear();
    error = null;
    known = false;
    exact = null;
    selection = null;
    onSelection(null);
    scroller.scrollTop = 0;
    busyBox.textContent = busyLine(view, resultTotal);
    renderHeader();
    if (reason === "sort") onSort(view.sort);
    setBusy(true);
    lastDrawn = "";
    draw();
  }

  /** Rows `r0..r1` (inclusive) of the current view, fetching pages not loaded. */
  async function rowsFor(r0, r1) {
    const out = [];
    for (const page of pagesFor(r0, r1 + 1)) {
      const rows = await load(page);
      if (!rows) throw new Error("The view changed while copying; copy again.");
      const from = Math.max(r0, page * PAGE_ROWS);
      const to = Math.min(r1, page * PAGE_ROWS + rows.length - 1);
      for (let r = from; r <= to; r++) out.push(rows[r - page * PAGE_ROWS]);
    }
    return out;
  }

  // Selection: click a cell, shift-click extends; click row numbers for whole rows.
  tbody.addEventListener("mousedown", (event) => {
    const td = event.target.closest("td");
    const tr = td && td.closest("tr");
    if (!tr || tr.dataset.row === undefined || event.button !== 0) return;
    if (event.shiftKey) event.preventDefault();
    const r = Number(tr.dataset.row);
    selection = td.classList.contains("rownum")
      ? clickRow(selection, r, event.shiftKey)
      : clickCell(selection, r, Number(td.dataset.col), event.shiftKey);
    scroller.focus({ preventScroll: true });
    onSelection(selection);
    draw();
  });
  // In a scaled scroll space one pixel spans several rows, so wheels and keys move by rows
  // here instead of by the browser's pixel steps; `exact` keeps the row between pixels.
  let exact = null; // {row, scrollTop} of the last such step
  function exactRow() {
    return exact && Math.abs(exact.scrollTop - scroller.scrollTop) < 1 ? exact.row : undefined;
  }
  function stepRows(rows) {
    const vp = viewport();
    const from = exactRow() ?? firstVisibleRow(scroller.scrollTop, vp, total);
    exact = scrollByRows(from, rows, vp, total);
    scroller.scrollTop = exact.scrollTop;
    exact.scrollTop = scroller.scrollTop; // as the browser rounded it
    schedule();
  }
  const scaled = () => known && scrollSpace(total).scaled;
  scroller.addEventListener("wheel", (event) => {
    if (!scaled() || event.ctrlKey || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
    event.preventDefault();
    const px = event.deltaMode === 1 ? event.deltaY * ROW_HEIGHT : event.deltaMode === 2 ? event.deltaY * viewport() : event.deltaY;
    stepRows(px / ROW_HEIGHT);
  }, { passive: false });
  const keySteps = { ArrowDown: 1, ArrowUp: -1, PageDown: "page", PageUp: "-page", Home: -Infinity, End: Infinity };
  scroller.addEventListener("keydown", (event) => {
    const step = keySteps[event.key];
    if (step !== undefined && scaled() && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const page = Math.max(1, Math.floor(viewport() / ROW_HEIGHT) - 1);
      stepRows(step === "page" ? page : step === "-page" ? -page : step === Infinity ? total : step === -Infinity ? -total : step);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "c" && selection) {
      event.preventDefault();
      onCopy();
    } else if (event.key === "Escape" && selection) {
      selection = null;
      onSelection(null);
      draw();
    }
  });
  scroller.addEventListener("scroll", () => {
    if (closeStats) closeStats();
    schedule();
  }, { passive: true });
  const resize = typeof ResizeObserver === "function" ? new ResizeObserver(() => schedule()) : null;
  if (resize) resize.observe(scroller);

  // Sized before the first draw so the browser scrolls over the whole result at once.
  draw();
  state();

  return {
    element,
    setView,
    view: () => view,
    selection: () => selection,
    setSelection(next) {
      selection = next;
      onSelection(selection);
      draw();
    },
    columns,
    rowsFor,
    total: () => total,
    scrollSpace: () => scrollSpace(total),
    destroy() {
      generation++;
      cancelAnimationFrame(frame);
      clearTimeout(busyTimer);
      if (resize) resize.disconnect();
      if (closeStats) closeStats();
      element.remove();
    },
  };
}

function gutterWidth(total) {
  return Math.max(44, String(Math.max(1, total)).length * 7 + 22);
}
