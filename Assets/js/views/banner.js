// The announcement banner at the top of every page: the admins' active announcements as
// plain text, info or warning; each can be dismissed for the rest of this browser session.

import { h } from "../dom.js";
import { parseDismissed, visibleAnnouncements } from "../accountLogic.js";

const KEY = "querybook.dismissedAnnouncements";

function dismissed() {
  try {
    return parseDismissed(sessionStorage.getItem(KEY));
  } catch {
    return new Set();
  }
}

function remember(ids) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify([...ids]));
  } catch {
    // Storage is off (private mode): the dismissal lasts until the next page load.
  }
}

/** `{element, show(announcements)}`: the banner area, redrawn by `show`. */
export function createBanner() {
  const element = h("div", { class: "announcements", testid: "announcements" });
  let current = [];
  const hidden = dismissed();
  function draw() {
    const list = visibleAnnouncements(current, hidden);
    element.replaceChildren(...list.map((a) => h("div", {
      class: `announcement ${a.level === "warning" ? "warning" : "info"}`, role: a.level === "warning" ? "alert" : "status",
      testid: "announcement", dataset: { id: String(a.id), level: a.level || "info" },
    },
    h("span", { class: "announcement-icon", "aria-hidden": "true" }, a.level === "warning" ? "⚠" : "ℹ"),
    h("span", { class: "announcement-text", testid: "announcement-text" }, a.message),
    h("button", { type: "button", class: "icon-btn", testid: "announcement-dismiss", "aria-label": "Dismiss", title: "Dismiss for this session", onClick: () => {
      hidden.add(String(a.id));
      remember(hidden);
      draw();
    } }, "✕"))));
  }
  return {
    element,
    show(announcements) {
      current = Array.isArray(announcements) ? announcements : [];
      draw();
    },
  };
}
