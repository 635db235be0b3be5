// The cells of a doc page, in order: each cell's view with its gutter toolbar, "+" inserters
// between them, moves (buttons and drag), duplicate, collapse, and delete with Undo. Other
// tabs' inserts, moves and deletes arrive through `applyEvent`.

import { api } from "../api.js";
import { indexOfPlacement, orderAfterDrop, placementIn, restorePlacement } from "../cellPlacement.js";
import { h } from "../dom.js";
import { createChartCell } from "./chartCell.js";
import { enableCellDrag } from "./cellDrag.js";
import { createCellToolbar } from "./cellToolbar.js";
import { createQueryCell } from "./queryCell.js";
import { createTextCell } from "./textCell.js";

const UNDO_MS = 10000;
const KINDS = [["query", "+ Query"], ["text", "+ Text"], ["chart", "+ Chart"]];

/**
 * `deps`: `{docId, saver, app, engines, createSync(cell, {onRemote}), dropSync(id), syncText(id),
 * onLayout(), readOnly}` (a viewer's doc: no toolbars, no inserters, text cells do not open for editing). Returns `{element, entries, show(cells), applyEvent(event), destroy()}`;
 * `entries` is `[{cell, view, toolbar}]` in order, shared with the page (presence, keyboard).
 */
export function createDocCells(deps) {
  const { docId, saver, app } = deps;
  const readOnly = Boolean(deps.readOnly);
  const list = h("div", { class: "cells", testid: "cells" });
  const entries = [];
  let pendingInserts = 0; // our own inserts in flight: their cell.created events are ours
  const order = () => entries.map((e) => e.cell.id);

  enableCellDrag(list, {
    onDrop: (dragged, target, side) => {
      const next = orderAfterDrop(order(), dragged, target, side);
      if (next) reorder(dragged, next);
    },
  });

  function makeEntry(cell, fresh) {
    const toolbar = createCellToolbar(cell, {
      moveUp: () => move(cell.id, -1),
      moveDown: () => move(cell.id, +1),
      duplicate: () => duplicate(cell.id),
      toggleCollapsed: () => toggleCollapsed(cell.id),
      remove: () => remove(cell.id),
    });
    if (readOnly) toolbar.element.hidden = true;
    const ctx = {
      docId: deps.docId, readOnly, saver, engines: deps.engines, toolbar: toolbar.element, startEditing: fresh, createSync: deps.createSync,
      queryCells: () => entries.filter((e) => e.cell.kind === "query")
        .map((e) => ({ id: e.cell.id, title: e.cell.title, latestExecutionId: e.cell.latestExecutionId ?? null })),
      onRun: (executionId) => noteRun(cell.id, executionId),
    };
    const view = cell.kind === "query" ? createQueryCell(cell, ctx)
      : cell.kind === "chart" ? createChartCell(cell, ctx) : createTextCell(cell, ctx);
    const entry = { cell, view, toolbar };
    // Going into a collapsed cell (Enter, a new focus) opens it first.
    const focus = view.focus;
    view.focus = () => {
      if (entry.cell.collapsed) toggleCollapsed(cell.id);
      focus();
    };
    toolbar.setCollapsed(Boolean(cell.collapsed));
    if (cell.collapsed) view.setCollapsed(true);
    return entry;
  }

  // A query cell was run (here, or the server says its latest run changed): charts of it follow.
  function noteRun(cellId, executionId) {
    const entry = entries.find((e) => e.cell.id === cellId);
    if (!entry || !executionId || entry.cell.latestExecutionId === executionId) return;
    entry.cell = { ...entry.cell, latestExecutionId: executionId };
    for (const e of entries) if (e.view.sourceChanged) e.view.sourceChanged(cellId);
  }

  // Runs started in other tabs publish no doc event: when this tab is looked at again, the
  // query cells that charts follow are asked for their latest run.
  function checkChartSources() {
    if (document.visibilityState !== "visible") return;
    const sources = new Set(entries.map((e) => e.view.followedSource && e.view.followedSource()).filter(Boolean));
    for (const cellId of sources) {
      api.cellExecutions(cellId, 1).then((answer) => {
        const [latest] = answer.executions || [];
        if (latest) noteRun(cellId, latest.id);
      }, () => {});
    }
  }
  document.addEventListener("visibilitychange", checkChartSources);

  // Puts the cell elements in order with an inserter before each and one at the end.
  function layout() {
    const children = [];
    entries.forEach((entry, i) => children.push(readOnly ? null : inserter(i, false), entry.view.element));
    if (entries.length === 0) {
      children.push(h("div", { class: "empty-state small", testid: "doc-empty" },
        h("p", null, readOnly ? "This doc has no cells yet." : "This doc has no cells yet. Add a query to explore the data, text for notes, or a chart.")));
    }
    if (!readOnly) children.push(inserter(entries.length, true));
    list.replaceChildren(...children.filter(Boolean));
    entries.forEach((entry, i) => entry.toolbar.setEnds(i === 0, i === entries.length - 1));
    for (const entry of entries) if (entry.view.refresh) entry.view.refresh();
    deps.onLayout();
  }

  function inserter(index, atEnd) {
    const add = ([kind, label]) => h("button", {
      type: "button", class: atEnd ? "btn small" : "btn small ghost", testid: `insert-${kind}`,
      title: `Insert a ${kind} cell here`, onClick: () => insert(index, kind),
    }, label);
    return h("div", { class: atEnd ? "inserter at-end" : "inserter", testid: atEnd ? "add-cell-end" : "add-cell" },
      h("span", { class: "inserter-line" }), KINDS.map(add), h("span", { class: "inserter-line" }));
  }

  function insert(index, kind) {
    const body = { kind };
    if (index > 0) body.after = entries[index - 1].cell.id;
    else if (entries.length > 0) body.before = entries[0].cell.id;
    if (kind === "query") {
      const previous = entries.slice(0, index).reverse().find((e) => e.cell.kind === "query");
      const engineId = previous ? previous.cell.engineId : deps.engines[0] && deps.engines[0].id;
      if (engineId) body.engineId = engineId;
    }
    return create(api.createCell(docId, body), body, { edit: kind === "text", focus: kind !== "text" }, "add the cell");
  }

  // Adds the cell a request creates at the placement it was asked for; returns its entry.
  async function create(request, placement, { edit = false, focus = false } = {}, what) {
    pendingInserts += 1;
    try {
      const cell = await saver.track(request);
      let entry = entries.find((e) => e.cell.id === cell.id);
      if (!entry) {
        entry = makeEntry(cell, edit);
        entries.splice(indexOfPlacement(order(), placement), 0, entry);
        layout();
      }
      if (focus) entry.view.focus();
      return entry;
    } catch (error) {
      app.notify(`Could not ${what}: ${error.message}`);
      return null;
    } finally {
      pendingInserts -= 1;
    }
  }

  function duplicate(cellId) {
    // The copy is made from what the server has: send pending edits of the cell first.
    return saver.flushKey(`cell:${cellId}`).catch(() => {})
      .then(() => create(api.duplicateCell(cellId), { after: cellId }, {}, "duplicate the cell"));
  }

  function move(cellId, delta) {
    const from = order().indexOf(cellId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= entries.length) return;
    const next = order();
    next.splice(from, 1);
    next.splice(to, 0, cellId);
    reorder(cellId, next);
  }

  // Shows `next` (the ids in their new order) at once, then tells the server where the moved cell went.
  async function reorder(cellId, next) {
    const before = entries.slice();
    const byId = new Map(entries.map((e) => [e.cell.id, e]));
    entries.splice(0, entries.length, ...next.map((id) => byId.get(id)));
    layout();
    const entry = byId.get(cellId);
    entry.view.element.focus({ preventScroll: false });
    try {
      await saver.track(api.patchCell(cellId, placementIn(next, cellId)));
    } catch (error) {
      entries.splice(0, entries.length, ...before);
      layout();
      app.notify(`Could not move the cell: ${error.message}`);
    }
  }

  function toggleCollapsed(cellId) {
    const entry = entries.find((e) => e.cell.id === cellId);
    if (!entry) return;
    const collapsed = !entry.cell.collapsed;
    entry.cell = { ...entry.cell, collapsed };
    entry.view.setCollapsed(collapsed);
    entry.toolbar.setCollapsed(collapsed);
    saver.queue(`cell:${cellId}`, { collapsed }, { immediate: true })?.catch(() => {});
  }

  // Deletes at once, no question asked; a toast offers Undo for ten seconds.
  async function remove(cellId) {
    const index = order().indexOf(cellId);
    if (index < 0) return;
    const entry = entries[index];
    const { kind, title, engineId, rowLimit, collapsed } = entry.cell;
    const snapshot = { kind, title, content: entry.view.text(), engineId, rowLimit, collapsed };
    const previous = index > 0 ? entries[index - 1].cell.id : null;
    const next = index + 1 < entries.length ? entries[index + 1].cell.id : null;
    saver.drop(`cell:${cellId}`);
    entries.splice(index, 1);
    entry.view.destroy();
    layout();
    try {
      await saver.track(api.deleteCell(cellId));
      deps.dropSync(cellId);
    } catch (error) {
      entry.cell = { ...entry.cell, content: deps.syncText(cellId) ?? entry.cell.content };
      entries.splice(Math.min(index, entries.length), 0, makeEntry(entry.cell, false));
      layout();
      app.notify(`Could not delete the cell: ${error.message}`);
      return;
    }
    app.notify("Cell deleted", {
      testid: "undo-toast", timeoutMs: UNDO_MS, actionLabel: "Undo",
      action: () => {
        const placement = restorePlacement(order(), previous, next);
        const body = { ...snapshot, ...placement };
        for (const key of ["engineId", "rowLimit"]) if (body[key] == null) delete body[key];
        create(api.createCell(docId, body), placement, {}, "restore the cell");
      },
    });
  }

  /** Another tab inserted, moved or deleted a cell. */
  function applyEvent(event) {
    if (event.change === "cell.updated" && event.cell) {
      const entry = entries.find((e) => e.cell.id === event.cell.id);
      if (!entry) return;
      const key = `cell:${event.cell.id}`;
      const ours = saver.queued.has(key) || saver.inFlight.has(key);
      const moved = event.cell.position !== entry.cell.position;
      const { position, title, engineId, rowLimit } = event.cell;
      entry.cell = { ...entry.cell, position, title, engineId, rowLimit };
      if (event.cell.latestExecutionId) noteRun(event.cell.id, event.cell.latestExecutionId);
      if (!ours) {
        if (entry.view.update) entry.view.update(event.cell);
        if (Boolean(event.cell.collapsed) !== Boolean(entry.cell.collapsed)) {
          entry.cell = { ...entry.cell, collapsed: event.cell.collapsed };
          entry.view.setCollapsed(event.cell.collapsed);
          entry.toolbar.setCollapsed(event.cell.collapsed);
        }
      }
      if (moved && entries.every((e) => e.cell.position)) {
        const before = order().join();
        entries.sort((a, b) => (a.cell.position < b.cell.position ? -1 : a.cell.position > b.cell.position ? 1 : 0));
        if (order().join() !== before) layout();
      }
    } else if (event.change === "cell.created" && event.cell) {
      if (entries.some((e) => e.cell.id === event.cell.id) || pendingInserts > 0) return;
      const at = entries.findIndex((e) => e.cell.position > event.cell.position);
      entries.splice(at < 0 ? entries.length : at, 0, makeEntry(event.cell, false));
      layout();
    } else if (event.change === "cell.deleted") {
      const index = order().indexOf(event.cellId);
      if (index < 0) return;
      const [entry] = entries.splice(index, 1);
      entry.view.destroy();
      deps.dropSync(event.cellId);
      layout();
    }
  }

  return {
    element: list,
    entries,
    show(cells) {
      for (const cell of cells) entries.push(makeEntry(cell, false));
      layout();
    },
    applyEvent,
    destroy() {
      document.removeEventListener("visibilitychange", checkChartSources);
      for (const entry of entries) entry.view.destroy();
    },
  };
}
