// The DataDoc page (/docs/{id}): the title edited in place, the save indicator, and the
// cells in order with "+" between them and a small toolbar on each. Cell text is co-edited
// by operations (one CellSync per cell); the doc's event stream brings other tabs' edits.

import { api } from "../api.js";
import { CellSync, TAB_CLIENT_ID } from "../cellSync.js";
import { subscribe } from "../events.js";
import { h } from "../dom.js";
import { docTitle, formatDateTime, formatRelativeTime } from "../format.js";
import { drawPresence, focusedCellAt, startPresence } from "../presence.js";
import { Saver } from "../saver.js";
import { createHistory } from "./history.js";
import { createQueryCell } from "./queryCell.js";
import { navigateCells } from "./cellNavigation.js";
import { createTextCell } from "./textCell.js";

/** Mounts the doc `params.id` into `root`; returns `{unmount()}`. */
export function mountDoc(root, params, app) {
  const docId = Number(params.id);
  const indicator = h("span", { class: "save-indicator", testid: "save-indicator", role: "status" });
  const saver = new Saver(send, (report) => {
    saverReport = report;
    updateIndicator();
  });
  let saverReport = { state: "saved", error: null };
  const syncs = new Map(); // cell id → CellSync
  let stream = null;
  let streamDown = false; // the event stream is reconnecting
  const list = h("div", { class: "cells", testid: "cells" });
  const entries = []; // [{cell, view}] in order
  let engines = [];
  let doc = null;
  let unmounted = false;
  let pendingInserts = 0; // our own inserts in flight: their cell.created events are ours
  let leaving = false; // the page is unloading: saves must outlive it (fetch keepalive)
  const avatars = h("div", { class: "presence-avatars", testid: "presence-avatars", "aria-label": "Also here" });
  let present = []; // the other tabs on this doc: [{clientId, name, initials, color, cellId, …}]
  let presence = null;
  const versions = createHistory({ docId, app }); // the History button and panel

  root.replaceChildren(h("div", { class: "page-loading" }, "Loading doc…"));

  function send(key, changes) {
    const [kind, id] = key.split(":");
    if (kind === "doc") {
      return api.patchDoc(id, changes, { keepalive: leaving }).then((d) => {
        doc = { ...doc, ...d };
        if (!unmounted) app.setTitle(docTitle(doc));
      });
    }
    return api.patchCell(id, changes, { keepalive: leaving });
  }

  // One indicator for both: the Saver's PATCHes (title, engine, moves…) and the cells' edits.
  function updateIndicator() {
    const syncList = [...syncs.values()];
    let { state, error } = saverReport;
    if (state !== "error") {
      if (streamDown || syncList.some((s) => s.state() === "reconnecting")) state = "reconnecting";
      else if (state === "saving" || syncList.some((s) => s.state() === "saving")) state = "saving";
      else state = "saved";
    }
    showSaveState({ state, error });
  }

  const transport = {
    post: (cellId, body) => api.postCellEdit(cellId, body, { keepalive: leaving }),
    list: (cellId, after) => api.cellEdits(cellId, after),
    cell: (cellId) => api.getDoc(docId).then((d) => {
      const found = (d.cells || []).find((c) => c.id === cellId);
      if (!found) throw Object.assign(new Error("The cell was deleted."), { status: 404 });
      return found;
    }),
  };

  function createSync(cell, { onRemote }) {
    // A view made again for the same cell (a failed delete) takes over its sync.
    const existing = syncs.get(cell.id);
    if (existing && !existing.stopped) {
      existing.onRemote = onRemote;
      return existing;
    }
    const sync = new CellSync({
      cellId: cell.id, version: cell.version || 0, text: cell.content || "", transport, onRemote,
      onState: updateIndicator,
    });
    syncs.set(cell.id, sync);
    return sync;
  }

  function dropSync(cellId) {
    const sync = syncs.get(cellId);
    if (sync) sync.stop();
    syncs.delete(cellId);
    updateIndicator();
  }

  const catchUpAll = () => {
    for (const sync of syncs.values()) sync.catchUp();
  };

  // Other tabs' changes of this doc.
  function onDocEvent(event) {
    if (!event || unmounted || !doc) return;
    if (event.change === "cell.edit") {
      const sync = syncs.get(event.cellId);
      if (sync) sync.receive(event.edit);
    } else if (event.change === "cell.updated" && event.cell) {
      const entry = entries.find((e) => e.cell.id === event.cell.id);
      if (!entry) return;
      // A PATCH of content is an edit too, without its own event: read it from the log.
      const sync = syncs.get(event.cell.id);
      if (sync && event.cell.version > sync.version) sync.catchUp();
      const key = `cell:${event.cell.id}`;
      const ours = saver.queued.has(key) || saver.inFlight.has(key);
      const moved = event.cell.position !== entry.cell.position;
      entry.cell = { ...entry.cell, position: event.cell.position, title: event.cell.title, engineId: event.cell.engineId };
      if (!ours && entry.view.update) entry.view.update(event.cell);
      if (moved && entries.every((e) => e.cell.position)) {
        const order = entries.map((e) => e.cell.id).join();
        entries.sort((a, b) => (a.cell.position < b.cell.position ? -1 : a.cell.position > b.cell.position ? 1 : 0));
        if (entries.map((e) => e.cell.id).join() !== order) layout();
      }
    } else if (event.change === "cell.created" && event.cell) {
      if (entries.some((e) => e.cell.id === event.cell.id) || pendingInserts > 0) return;
      const at = entries.findIndex((e) => e.cell.position > event.cell.position);
      const index = at < 0 ? entries.length : at;
      entries.splice(index, 0, { cell: event.cell, view: makeView(event.cell, false) });
      layout();
    } else if (event.change === "cell.deleted") {
      const index = entries.findIndex((e) => e.cell.id === event.cellId);
      if (index < 0) return;
      const [entry] = entries.splice(index, 1);
      entry.view.destroy();
      dropSync(event.cellId);
      layout();
    } else if (event.change === "doc.updated" && event.doc) {
      const input = root.querySelector("[data-testid=doc-title]");
      const ours = saver.queued.has(`doc:${docId}`) || saver.inFlight.has(`doc:${docId}`);
      if (input && !ours && document.activeElement !== input && input.value !== (event.doc.title || "")) {
        input.value = event.doc.title || "";
        doc = { ...doc, title: event.doc.title };
        app.setTitle(docTitle(doc));
      }
    }
  }

  // Everyone on the doc but this tab: avatars in the header, a coloured mark on their cell.
  function onPresence(list) {
    if (unmounted || !Array.isArray(list)) return;
    present = list.filter((p) => p && p.clientId !== TAB_CLIENT_ID);
    drawPresence(avatars, present, entries);
  }

  function openStream() {
    stream = subscribe([`doc:${docId}`], {
      doc: onDocEvent,
      presence: (data) => {
        if (data && Number(data.docId) === docId) onPresence(data.present);
      },
      // The stream could not replay what we missed: read every cell's edit log.
      resync: catchUpAll,
      // Edits made while (re)connecting are read from the logs.
      onOpen: () => {
        streamDown = false;
        updateIndicator();
        catchUpAll();
      },
      onError: () => {
        streamDown = true;
        updateIndicator();
      },
      onClosed: () => {
        // Refused for good (say, the doc is gone): try again later.
        stream = null;
        setTimeout(() => {
          if (!unmounted && !stream) openStream();
        }, 5000);
      },
    });
  }

  function showSaveState({ state, error }) {
    indicator.dataset.state = state;
    indicator.title = error ? error.message : "";
    indicator.textContent = {
      saving: "Saving…",
      saved: "Saved",
      reconnecting: "Reconnecting…",
      error: `Not saved: ${error ? error.message : "error"} (retrying; Ctrl-S to retry now)`,
    }[state] || "";
  }

  Promise.all([api.getDoc(docId), api.engines().catch(() => [])]).then(([loaded, list_]) => {
    if (unmounted) return;
    doc = loaded;
    engines = list_;
    render();
  }, (error) => {
    if (unmounted) return;
    root.replaceChildren(h("div", { class: "empty-state", testid: "doc-error" },
      h("h2", null, error.status === 404 ? "This doc does not exist" : "Could not open this doc"),
      h("p", null, error.message),
      h("p", null, h("a", { href: "/docs", class: "btn" }, "Back to all docs"))));
  });

  function render() {
    app.setTitle(docTitle(doc));
    const title = h("input", {
      type: "text", class: "doc-title inline-input", testid: "doc-title", value: doc.title || "",
      placeholder: "Untitled doc", "aria-label": "Doc title", spellcheck: "false",
    });
    title.addEventListener("input", () => saver.queue(`doc:${docId}`, { title: title.value }));
    title.addEventListener("blur", () => saver.flushKey(`doc:${docId}`).catch(() => {}));
    title.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === "Escape") {
        event.preventDefault();
        title.blur();
        const first = entries[0];
        if (event.key === "Enter" && first) first.view.focus();
      }
    });
    const meta = h("div", { class: "doc-meta" },
      h("span", { title: formatDateTime(doc.updatedAt) }, `Updated ${formatRelativeTime(doc.updatedAt)}`),
      indicator);
    updateIndicator();
    root.replaceChildren(h("article", { class: "doc", testid: "doc" },
      h("header", { class: "doc-header" }, h("div", { class: "doc-header-row" }, title, avatars, versions.button), meta),
      list));
    for (const cell of doc.cells || []) entries.push({ cell, view: makeView(cell, false) });
    layout();
    openStream();
    presence = startPresence({
      clientId: TAB_CLIENT_ID,
      post: (body) => api.postPresence(docId, body),
      beacon: (body) => api.presenceBeacon(docId, body),
      where: () => focusedCellAt(list),
      onList: onPresence,
    });
    const target = location.hash.match(/^#cell-(\d+)$/);
    const entry = target && entries.find((e) => e.cell.id === Number(target[1]));
    if (entry) {
      entry.view.element.scrollIntoView({ block: "start" });
      entry.view.element.focus({ preventScroll: true });
    }
  }

  function makeView(cell, fresh) {
    const ctx = { saver, engines, toolbar: toolbar(cell), startEditing: fresh, createSync };
    return cell.kind === "query" ? createQueryCell(cell, ctx) : createTextCell(cell, ctx);
  }

  function toolbar(cell) {
    const button = (label, title, testid, onClick) =>
      h("button", { type: "button", class: "icon-btn", title, "aria-label": title, testid, onClick }, label);
    return h("div", { class: "cell-toolbar", role: "toolbar" },
      button("↑", "Move cell up", "cell-move-up", () => move(cell.id, -1)),
      button("↓", "Move cell down", "cell-move-down", () => move(cell.id, +1)),
      button("✕", "Delete cell", "cell-delete", () => remove(cell.id)));
  }

  // Puts the cell elements in order with an inserter before each and one at the end.
  function layout() {
    const children = [];
    entries.forEach((entry, i) => {
      children.push(inserter(i, false), entry.view.element);
    });
    if (entries.length === 0) {
      children.push(h("div", { class: "empty-state small", testid: "doc-empty" },
        h("p", null, "This doc has no cells yet. Add a query to explore the data, or text for notes.")));
    }
    children.push(inserter(entries.length, true));
    list.replaceChildren(...children);
    entries.forEach((entry, i) => {
      const first = i === 0;
      const last = i === entries.length - 1;
      const up = entry.view.element.querySelector("[data-testid=cell-move-up]");
      const down = entry.view.element.querySelector("[data-testid=cell-move-down]");
      if (up) up.disabled = first;
      if (down) down.disabled = last;
    });
    for (const entry of entries) if (entry.view.refresh) entry.view.refresh();
    drawPresence(avatars, present, entries);
  }

  function inserter(index, atEnd) {
    const add = (kind, label) => h("button", {
      type: "button", class: atEnd ? "btn small" : "btn small ghost", testid: `insert-${kind}`,
      title: `Insert a ${kind} cell here`, onClick: () => insert(index, kind),
    }, label);
    return h("div", { class: atEnd ? "inserter at-end" : "inserter", testid: atEnd ? "add-cell-end" : "add-cell" },
      h("span", { class: "inserter-line" }),
      add("query", "+ Query"), add("text", "+ Text"),
      h("span", { class: "inserter-line" }));
  }

  async function insert(index, kind) {
    const body = { kind };
    if (index > 0) body.after = entries[index - 1].cell.id;
    else if (entries.length > 0) body.before = entries[0].cell.id;
    if (kind === "query") {
      const previous = entries.slice(0, index).reverse().find((e) => e.cell.kind === "query");
      const engineId = previous ? previous.cell.engineId : engines[0] && engines[0].id;
      if (engineId) body.engineId = engineId;
    }
    pendingInserts += 1;
    try {
      const cell = await saver.track(api.createCell(docId, body));
      if (unmounted) return;
      let at = entries.findIndex((e) => e.cell.id === cell.id);
      if (at < 0) {
        at = body.after ? entries.findIndex((e) => e.cell.id === body.after) + 1 : 0;
        entries.splice(at, 0, { cell, view: makeView(cell, kind === "text") });
        layout();
      }
      if (kind === "query") entries[at].view.focus();
    } catch (error) {
      app.notify(`Could not add the cell: ${error.message}`);
    } finally {
      pendingInserts -= 1;
    }
  }

  async function move(cellId, delta) {
    const from = entries.findIndex((e) => e.cell.id === cellId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= entries.length) return;
    const neighbour = entries[to].cell.id;
    const [entry] = entries.splice(from, 1);
    entries.splice(to, 0, entry);
    layout();
    entry.view.element.focus({ preventScroll: false });
    try {
      await saver.track(api.patchCell(cellId, delta < 0 ? { before: neighbour } : { after: neighbour }));
    } catch (error) {
      const back = entries.indexOf(entry);
      entries.splice(back, 1);
      entries.splice(from, 0, entry);
      layout();
      app.notify(`Could not move the cell: ${error.message}`);
    }
  }

  async function remove(cellId) {
    const index = entries.findIndex((e) => e.cell.id === cellId);
    if (index < 0) return;
    const entry = entries[index];
    const hasText = entry.view.text().trim() !== "";
    if (hasText && !window.confirm("Delete this cell? Its text cannot be recovered.")) return;
    saver.drop(`cell:${cellId}`);
    entries.splice(index, 1);
    entry.view.destroy();
    layout();
    try {
      await saver.track(api.deleteCell(cellId));
      dropSync(cellId);
    } catch (error) {
      entries.splice(index, 0, entry);
      const sync = syncs.get(cellId);
      if (sync) entry.cell = { ...entry.cell, content: sync.text };
      entry.view = makeView(entry.cell, false);
      layout();
      app.notify(`Could not delete the cell: ${error.message}`);
    }
  }

  // Keyboard outside the editors: Ctrl/Cmd-S saves; arrows move between cells; Enter edits.
  function onKey(event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      saver.flushAll().catch(() => {});
      for (const sync of syncs.values()) sync.retryNow();
      return;
    }
    navigateCells(event, entries);
  }
  function onBeforeUnload(event) {
    if (!saver.hasPending() && ![...syncs.values()].some((s) => s.hasPending())) return;
    leaving = true;
    saver.flushAll().catch(() => {});
    event.preventDefault();
    event.returnValue = "";
  }
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", onBeforeUnload);

  return {
    unmount() {
      unmounted = true;
      // Leaving the page never drops an edit: pending saves still go out.
      saver.flushAll().catch(() => {});
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("beforeunload", onBeforeUnload);
      if (stream) stream.close();
      stream = null;
      if (presence) presence.stop();
      presence = null;
      versions.close();
      for (const entry of entries) entry.view.destroy();
    },
  };
}
