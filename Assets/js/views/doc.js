// The DataDoc page (/docs/{id}): the title edited in place, the save indicator, and the
// cells in order with "+" between them and a small toolbar on each.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docTitle, formatDateTime, formatRelativeTime } from "../format.js";
import { Saver } from "../saver.js";
import { createQueryCell } from "./queryCell.js";
import { createTextCell } from "./textCell.js";

/** Mounts the doc `params.id` into `root`; returns `{unmount()}`. */
export function mountDoc(root, params, app) {
  const docId = Number(params.id);
  const indicator = h("span", { class: "save-indicator", testid: "save-indicator", role: "status" });
  const saver = new Saver(send, showSaveState);
  const list = h("div", { class: "cells", testid: "cells" });
  const entries = []; // [{cell, view}] in order
  let engines = [];
  let doc = null;
  let unmounted = false;
  let leaving = false; // the page is unloading: saves must outlive it (fetch keepalive)

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

  function showSaveState({ state, error }) {
    indicator.dataset.state = state;
    indicator.title = error ? error.message : "";
    indicator.textContent = {
      saving: "Saving…",
      saved: "Saved",
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
    showSaveState({ state: "saved" });
    root.replaceChildren(h("article", { class: "doc", testid: "doc" },
      h("header", { class: "doc-header" }, title, meta),
      list));
    for (const cell of doc.cells || []) entries.push({ cell, view: makeView(cell, false) });
    layout();
    const target = location.hash.match(/^#cell-(\d+)$/);
    const entry = target && entries.find((e) => e.cell.id === Number(target[1]));
    if (entry) {
      entry.view.element.scrollIntoView({ block: "start" });
      entry.view.element.focus({ preventScroll: true });
    }
  }

  function makeView(cell, fresh) {
    const ctx = { saver, engines, toolbar: toolbar(cell), startEditing: fresh };
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
    try {
      const cell = await saver.track(api.createCell(docId, body));
      if (unmounted) return;
      const at = body.after ? entries.findIndex((e) => e.cell.id === body.after) + 1 : 0;
      entries.splice(at, 0, { cell, view: makeView(cell, kind === "text") });
      layout();
      if (kind === "query") entries[at].view.focus();
    } catch (error) {
      app.notify(`Could not add the cell: ${error.message}`);
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
    } catch (error) {
      entries.splice(index, 0, entry);
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
      return;
    }
    const cellEl = event.target.closest && event.target.closest("[data-testid=cell]");
    if (!cellEl || event.target !== cellEl) return;
    const index = entries.findIndex((e) => e.view.element === cellEl);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = entries[index + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.view.element.focus();
      }
    } else if (event.key === "Enter") {
      event.preventDefault();
      entries[index].view.focus();
    }
  }
  function onBeforeUnload(event) {
    if (!saver.hasPending()) return;
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
      for (const entry of entries) entry.view.destroy();
    },
  };
}
