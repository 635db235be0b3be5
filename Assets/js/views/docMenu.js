// The doc header's controls: the favorite star next to the title, the "⋯" doc menu (share,
// clone, archive / restore, and a slot for history), the "This doc is archived" banner, and
// the page a reader without access sees instead of the doc.

import { api } from "../api.js";
import { h, popupMenu } from "../dom.js";

/** A star toggle. `onToggle(next)` returns a promise; the star shows the new state at once. */
export function createFavoriteStar(favorite, onToggle) {
  const star = h("button", { type: "button", class: "star-btn", testid: "doc-favorite" });
  const show = (on) => {
    star.textContent = on ? "★" : "☆";
    star.classList.toggle("is-on", on);
    star.title = on ? "Remove from favorites" : "Add to favorites";
    star.setAttribute("aria-label", star.title);
    star.setAttribute("aria-pressed", on ? "true" : "false");
  };
  let on = Boolean(favorite);
  show(on);
  star.addEventListener("click", async (event) => {
    event.preventDefault();
    const next = !on;
    on = next;
    show(on);
    try {
      await onToggle(next);
    } catch {
      on = !next;
      show(on);
    }
  });
  return star;
}

/**
 * The "⋯" menu. `actions`: `{share(), clone(), schedule(), setArchived(on), archived: () => bool,
 * readOnly, variables()}`
 * (a viewer's menu has no archive).
 * Returns `{element, historySlot}`: `historySlot` is where the history panel adds its item.
 */
export function createDocMenu(actions) {
  const button = h("button", {
    type: "button", class: "icon-btn doc-menu-btn", testid: "doc-menu", title: "Doc actions",
    "aria-label": "Doc actions", "aria-haspopup": "menu", "aria-expanded": "false",
  }, "⋯");
  const item = (label, testid, run) => h("button", {
    type: "button", class: "menu-item", role: "menuitem", testid,
    onClick: () => {
      close();
      run();
    },
  }, label);
  const archiveItem = item("Archive", "doc-archive", () => actions.setArchived(!actions.archived()));
  // History (versions by time and author) plugs in here: history.js appends its item to this slot.
  const historySlot = h("div", { class: "menu-slot", dataset: { slot: "history" } });
  const menu = h("div", { class: "menu", role: "menu", testid: "doc-menu-list", hidden: true },
    item("Clone", "doc-clone", actions.clone),
    !actions.readOnly && archiveItem,
    historySlot,
    actions.schedule && item("Schedule…", "doc-schedule", actions.schedule),
    actions.variables && item("Variables…", "doc-variables", actions.variables),
    // In UI.md's order: clone, archive, history, schedule, …, variables, share.
    actions.share && item("Share…", "doc-share", actions.share));
  const element = h("div", { class: "doc-menu" }, button, menu);

  const { close } = popupMenu(button, menu, element, {
    onOpen: () => { archiveItem.textContent = actions.archived() ? "Restore" : "Archive"; },
  });
  return { element, historySlot, close };
}

/** The archived banner; `onRestore()` un-archives. `set(archived)` shows or hides it. */
export function createArchivedBanner(onRestore) {
  const element = h("div", { class: "banner warn", testid: "archived-banner", role: "status", hidden: true },
    h("span", null, "This doc is archived. It is hidden from the doc lists but can still be read and edited."),
    h("button", { type: "button", class: "btn small", testid: "doc-restore", onClick: onRestore }, "Restore"));
  return {
    element,
    set(archived) {
      element.hidden = !archived;
    },
  };
}

/**
 * What a signed-in user sees for a doc they may not read: a "Request access" button that
 * asks the owner (POST /api/docs/{id}/access-requests).
 */
export function noAccessPage(docId, message) {
  const status = h("p", { class: "muted", testid: "access-request-status", role: "status" });
  const button = h("button", { type: "button", class: "btn primary", testid: "request-access", onClick: async () => {
    button.disabled = true;
    try {
      await api.requestAccess(docId);
      button.textContent = "Access requested";
      status.textContent = "The owner will see your request when they open Share on this doc.";
    } catch (error) {
      if (error.status === 409) {
        status.textContent = `${error.message} Reload the page to open the doc.`;
      } else {
        button.disabled = false;
        status.textContent = error.message;
      }
    }
  } }, "Request access");
  return h("div", { class: "empty-state", testid: "doc-no-access" },
    h("h2", null, "You do not have access"),
    h("p", null, message || "This doc is private. Ask its owner to share it with you."),
    h("p", null, button), status,
    h("p", null, h("a", { href: "/docs" }, "Back to all docs")));
}
