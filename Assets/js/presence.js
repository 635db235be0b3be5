// Who else is on a doc (Docs/API.md, "POST /api/docs/{id}/presence"): this tab says where it
// is — on open, every few seconds, and (throttled) whenever the focused cell or caret moves —
// and says goodbye on leaving. The list of everyone comes back in the POST's answer and in
// `presence` events; `onList(present)` hears each one.
import { h } from "./dom.js";

/**
 * `post(body)` → promise of `{present}`; `beacon(body)` sends on page hide; `where()` →
 * `{cellId, selection}` or null. Returns `{nudge(), stop()}`.
 */
export function startPresence({ clientId, post, beacon, where, onList, intervalMs = 4000, minGapMs = 500 }) {
  let stopped = false;
  let lastSent = 0;
  let lastKey = null;
  let pending = null; // a throttled send waiting for its turn
  let heartbeat = null;

  function body() {
    const at = where() || {};
    const out = { clientId };
    if (at.cellId != null) out.cellId = at.cellId;
    if (at.selection) out.selection = at.selection;
    return out;
  }

  function sendNow() {
    clearTimeout(pending);
    pending = null;
    if (stopped) return;
    const b = body();
    lastKey = JSON.stringify(b);
    lastSent = Date.now();
    clearTimeout(heartbeat);
    heartbeat = setTimeout(sendNow, intervalMs);
    Promise.resolve()
      .then(() => post(b))
      .then((answer) => {
        if (!stopped && answer && Array.isArray(answer.present)) onList(answer.present);
      }, () => {});
  }

  /** The caret or focus may have moved: send when it did, at most every `minGapMs`. */
  function nudge() {
    if (stopped || pending) return;
    if (JSON.stringify(body()) === lastKey) return;
    const wait = Math.max(0, lastSent + minGapMs - Date.now());
    pending = setTimeout(sendNow, wait);
  }

  function onPageHide() {
    if (stopped) return;
    try {
      beacon({ clientId, leave: true });
    } catch {
      // Best effort: the server drops a silent tab after a few seconds anyway.
    }
  }

  function onPageShow(event) {
    // Back from the back/forward cache: say we are here again.
    if (event.persisted && !stopped) sendNow();
  }

  const events = ["focusin", "focusout", "keyup", "mouseup"];
  for (const name of events) document.addEventListener(name, nudge, true);
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("pageshow", onPageShow);
  sendNow();

  return {
    nudge,
    /** Stops reporting and, unless `silent`, tells the others we left. */
    stop({ silent = false } = {}) {
      if (stopped) return;
      clearTimeout(pending);
      clearTimeout(heartbeat);
      for (const name of events) document.removeEventListener(name, nudge, true);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      if (!silent) Promise.resolve().then(() => post({ clientId, leave: true })).catch(() => {});
      stopped = true;
    },
  };
}

/** The cell and caret of the focused element (a CodeMirror editor or a textarea) in `root`. */
export function focusedCellAt(root) {
  const active = document.activeElement;
  if (!active || !root.contains(active)) return null;
  const cellEl = active.closest("[data-testid=cell]");
  if (!cellEl || !cellEl.dataset.cellId) return null;
  const cellId = Number(cellEl.dataset.cellId);
  let selection = null;
  const cmEl = active.closest(".CodeMirror");
  if (cmEl && cmEl.CodeMirror) {
    const doc = cmEl.CodeMirror.getDoc();
    const range = doc.listSelections()[0];
    if (range) selection = { anchor: doc.indexFromPos(range.anchor), head: doc.indexFromPos(range.head) };
  } else if (active.tagName === "TEXTAREA" && typeof active.selectionStart === "number") {
    const backward = active.selectionDirection === "backward";
    selection = backward
      ? { anchor: active.selectionEnd, head: active.selectionStart }
      : { anchor: active.selectionStart, head: active.selectionEnd };
  }
  return selection ? { cellId, selection } : { cellId };
}

/**
 * Draws who else is on the doc: avatars into `avatarsEl`, a border and initials badge on
 * each cell element (`entries[i].view.element`) someone is in, and their carets and
 * selections inside that cell's editor (`view.showPeers`). Text only, never HTML.
 */
export function drawPresence(avatarsEl, present, entries) {
  avatarsEl.replaceChildren(...present.map((p) => {
    const avatar = h("span", { class: "presence-avatar", testid: "presence-avatar", title: p.name || "" });
    avatar.textContent = p.initials || "?";
    avatar.style.backgroundColor = p.color || "";
    return avatar;
  }));
  for (const { cell, view } of entries) {
    const el = view.element;
    for (const old of el.querySelectorAll(":scope > .cell-presence-marks")) old.remove();
    const here = present.filter((p) => p.cellId === cell.id);
    if (view.showPeers) view.showPeers(here);
    el.classList.toggle("has-presence", here.length > 0);
    if (here.length === 0) {
      el.style.removeProperty("--presence-color");
      continue;
    }
    el.style.setProperty("--presence-color", here[0].color || "");
    const marks = here.map((p) => {
      const mark = h("span", { class: "cell-presence", testid: "cell-presence", title: `${p.name || "Someone"} is here` });
      mark.textContent = p.initials || "?";
      mark.style.backgroundColor = p.color || "";
      return mark;
    });
    el.append(h("span", { class: "cell-presence-marks" }, ...marks));
  }
}
