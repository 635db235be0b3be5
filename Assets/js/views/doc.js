// The DataDoc page (/docs/{id}): the title edited in place with its favorite star and the
// doc menu, the save indicator, and the cells (docCells.js). Cell text is co-edited by
// operations (one CellSync per cell); the doc's event stream brings other tabs' edits.

import { api } from "../api.js";
import { CellSync, TAB_CLIENT_ID } from "../cellSync.js";
import { subscribe } from "../events.js";
import { h } from "../dom.js";
import { docTitle, formatDateTime, formatRelativeTime } from "../format.js";
import { drawPresence, focusedCellAt, startPresence } from "../presence.js";
import { Saver } from "../saver.js";
import { createHistory } from "./history.js";
import { createVariablesPanel } from "./variablesPanel.js";
import { navigateCells } from "./cellNavigation.js";
import { createDocCells } from "./docCells.js";
import { createArchivedBanner, createDocMenu, createFavoriteStar, noAccessPage } from "./docMenu.js";
import { lockReadOnly } from "./readOnly.js";
import { createSchedulePanel } from "./schedulePanel.js";
import { openShareDialog } from "./shareDialog.js";

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
  let cells = null; // createDocCells(…), once the doc is loaded
  let entries = []; // [{cell, view, toolbar}] in order, owned by `cells`
  let doc = null;
  let unmounted = false;
  let banner = null;
  const savedWaiters = []; // resolve functions waiting for every edit to be acknowledged
  let leaving = false; // the page is unloading: saves must outlive it (fetch keepalive)
  const avatars = h("div", { class: "presence-avatars", testid: "presence-avatars", "aria-label": "Also here" });
  let present = []; // the other tabs on this doc: [{clientId, name, initials, color, cellId, …}]
  let presence = null;
  let unlock = null; // stops keeping a viewer's doc read-only
  const versions = createHistory({ docId, app }); // the History button and panel
  let variables = null; // the Variables panel, once the doc (and its role) is known
  let schedule = null; // the Schedule panel (doc menu → Schedule…, or /docs/{id}#schedule)

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
    if (state === "saved" || state === "error") {
      for (const resolve of savedWaiters.splice(0)) resolve();
    }
  }

  // Resolves once nothing is waiting to be sent (or after `ms`), so a clone copies what is shown.
  function whenSaved(ms) {
    saver.flushAll().catch(() => {});
    for (const sync of syncs.values()) sync.retryNow();
    if (!saver.hasPending() && ![...syncs.values()].some((s) => s.hasPending())) return Promise.resolve();
    return new Promise((resolve) => {
      savedWaiters.push(resolve);
      setTimeout(resolve, ms);
    });
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
      return;
    }
    if (event.change === "cell.updated" && event.cell) {
      // A PATCH of content is an edit too, without its own event: read it from the log.
      const sync = syncs.get(event.cell.id);
      if (sync && event.cell.version > sync.version) sync.catchUp();
    }
    if (event.change === "doc.shared") {
      // Sharing changed: our role may have too. Redraw the doc when it did (View only comes
      // or goes), or show "no access" when it is gone.
      api.getDoc(docId).then((fresh) => {
        if (!unmounted && fresh.role !== doc.role) app.navigate(location.pathname + location.search, { replace: true });
      }, (error) => {
        if (!unmounted && error.status === 403) app.navigate(location.pathname + location.search, { replace: true });
      });
      return;
    }
    if (event.change === "doc.variables") {
      if (variables) variables.refresh();
      for (const entry of entries) if (entry.view.refreshPreview) entry.view.refreshPreview();
      return;
    }
    if (event.change.startsWith("cell.")) {
      if (cells) cells.applyEvent(event);
    } else if (event.change === "doc.updated" && event.doc) {
      const input = root.querySelector("[data-testid=doc-title]");
      const ours = saver.queued.has(`doc:${docId}`) || saver.inFlight.has(`doc:${docId}`);
      if (input && !ours && document.activeElement !== input && input.value !== (event.doc.title || "")) {
        input.value = event.doc.title || "";
        doc = { ...doc, title: event.doc.title };
        app.setTitle(docTitle(doc));
      }
      if (typeof event.doc.archived === "boolean" && !ours) {
        doc = { ...doc, archived: event.doc.archived };
        if (banner) banner.set(doc.archived);
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
      // A scheduled run of this doc moved on: an open Schedule panel shows it.
      "schedule.run": (run) => {
        if (schedule) schedule.onRun(run);
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

  Promise.all([api.getDoc(docId), api.engines().catch(() => [])]).then(([loaded, engines]) => {
    if (unmounted) return;
    doc = loaded;
    render(engines);
    api.viewDoc(docId).catch(() => {}); // for Home's "Recent"; a failure only leaves it out
  }, (error) => {
    if (unmounted) return;
    if (error.status === 403) {
      app.setTitle("No access");
      root.replaceChildren(noAccessPage(docId, error.message));
      return;
    }
    root.replaceChildren(h("div", { class: "empty-state", testid: "doc-error" },
      h("h2", null, error.status === 404 ? "This doc does not exist" : "Could not open this doc"),
      h("p", null, error.message),
      h("p", null, h("a", { href: "/docs", class: "btn" }, "Back to all docs"))));
  });

  function render(engines) {
    app.setTitle(docTitle(doc));
    const readOnly = doc.role === "viewer";
    const title = h("input", {
      type: "text", class: "doc-title inline-input", testid: "doc-title", value: doc.title || "",
      placeholder: "Untitled doc", "aria-label": "Doc title", spellcheck: "false", readonly: readOnly,
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
    const star = createFavoriteStar(doc.favorite, (on) =>
      api.setFavorite(docId, on).catch((error) => {
        app.notify(`Could not change the favorite: ${error.message}`);
        throw error;
      }));
    variables = createVariablesPanel({ docId, readOnly, app });
    const menu = createDocMenu({
      share: () => openShareDialog({ docId, app }), clone, setArchived, archived: () => Boolean(doc.archived), readOnly,
      variables: () => variables.open(),
      schedule: () => schedule.open(),
    });
    schedule = createSchedulePanel({ docId, readOnly });
    const viewOnly = readOnly && h("span", {
      class: "view-only-badge", testid: "view-only-badge", title: "You can read this doc but not change it. Ask its owner for edit access.",
    }, "View only");
    banner = createArchivedBanner(() => setArchived(false));
    banner.set(Boolean(doc.archived));
    cells = createDocCells({
      docId, saver, app, engines, createSync, dropSync, readOnly,
      syncText: (id) => syncs.get(id)?.text,
      onLayout: () => drawPresence(avatars, present, entries),
    });
    entries = cells.entries;
    const list = cells.element;
    root.replaceChildren(h("article", { class: `doc${readOnly ? " read-only" : ""}`, testid: "doc", dataset: { role: doc.role || "owner" } },
      banner.element,
      h("header", { class: "doc-header" },
        h("div", { class: "doc-header-row" }, star, title, viewOnly, avatars, versions.button, menu.element), meta),
      list));
    cells.show(doc.cells || []);
    if (readOnly) unlock = lockReadOnly(list);
    openStream();
    presence = startPresence({
      clientId: TAB_CLIENT_ID,
      post: (body) => api.postPresence(docId, body),
      beacon: (body) => api.presenceBeacon(docId, body),
      where: () => focusedCellAt(list),
      onList: onPresence,
    });
    if (location.hash === "#schedule") schedule.open();
    const target = location.hash.match(/^#cell-(\d+)$/);
    const entry = target && entries.find((e) => e.cell.id === Number(target[1]));
    if (entry) {
      entry.view.element.scrollIntoView({ block: "start" });
      entry.view.element.focus({ preventScroll: true });
    }
  }

  async function clone() {
    await whenSaved(5000);
    try {
      const copy = await saver.track(api.cloneDoc(docId));
      if (!unmounted) app.navigate(`/docs/${copy.id}`);
    } catch (error) {
      app.notify(`Could not clone the doc: ${error.message}`);
    }
  }

  async function setArchived(archived) {
    try {
      const updated = await saver.track(api.patchDoc(docId, { archived }));
      doc = { ...doc, archived: updated.archived };
      banner.set(doc.archived);
      app.notify(archived ? "Doc archived: it no longer shows in the doc lists." : "Doc restored.");
    } catch (error) {
      app.notify(`Could not ${archived ? "archive" : "restore"} the doc: ${error.message}`);
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
      if (unlock) unlock();
      versions.close();
      if (variables) variables.close();
      if (schedule) schedule.close();
      if (cells) cells.destroy();
    },
  };
}
