// The shell: the left rail, a notice area, and a history.pushState router that mounts one
// view at a time. Views are `mount(root, params, app) → {unmount()}`.

import { h } from "./dom.js";
import { mountDocList } from "./views/docList.js";
import { mountDoc } from "./views/doc.js";
import { mountHome } from "./views/home.js";
import { mountExecutionPage } from "./views/executionPage.js";
import { mountAdminEngines } from "./views/adminEngines.js";

const routes = [
  { pattern: /^\/$/, section: "home", mount: (root, _m, app) => mountHome(root, {}, app) },
  { pattern: /^\/docs\/?$/, section: "docs", mount: (root, _m, app) => mountDocList(root, {}, app) },
  { pattern: /^\/docs\/(\d+)\/?$/, section: "docs", mount: (root, m, app) => mountDoc(root, { id: m[1] }, app) },
  { pattern: /^\/executions\/(\d+)\/?$/, section: null, mount: (root, m, app) => mountExecutionPage(root, { id: m[1] }, app) },
  // Admin has one page so far; /admin opens it.
  { pattern: /^\/admin(\/engines)?\/?$/, section: "admin", mount: (root, _m, app) => mountAdminEngines(root, {}, app) },
];

// Rail items; the disabled ones arrive with later features.
const railItems = [
  { section: "home", href: "/", label: "Home", icon: "⌂" },
  { section: "docs", href: "/docs", label: "Docs", icon: "▤" },
  { section: "tables", label: "Tables", icon: "▦" },
  { section: "search", label: "Search", icon: "⌕" },
  { section: "schedules", label: "Schedules", icon: "◷" },
  { section: "admin", href: "/admin/engines", label: "Admin", icon: "⚙" },
];

function buildShell() {
  const rail = h("nav", { class: "rail", "aria-label": "Main" },
    h("a", { href: "/", class: "rail-brand", title: "Querybook" }, "Q"),
    railItems.map((item) => item.href
      ? h("a", { href: item.href, class: "rail-item", dataset: { section: item.section }, title: item.label, testid: `rail-${item.section}` },
        h("span", { class: "rail-icon", "aria-hidden": "true" }, item.icon), h("span", { class: "rail-label" }, item.label))
      : h("span", { class: "rail-item disabled", title: `${item.label} (coming soon)`, "aria-disabled": "true" },
        h("span", { class: "rail-icon", "aria-hidden": "true" }, item.icon), h("span", { class: "rail-label" }, item.label))));
  const main = h("main", { class: "main", id: "main" });
  const notices = h("div", { class: "notices", role: "alert", "aria-live": "assertive", testid: "notices" });
  document.body.replaceChildren(h("div", { class: "shell" }, rail, main), notices);
  return { rail, main, notices };
}

function start() {
  const shell = buildShell();
  let current = null;

  const app = {
    /** Goes to `path` in the app (pushState), or replaces the entry when `replace`. */
    navigate(path, { replace = false } = {}) {
      if (replace) history.replaceState(null, "", path);
      else history.pushState(null, "", path);
      route();
    },
    setTitle(title) {
      document.title = title ? `${title} · Querybook` : "Querybook";
    },
    /**
     * A short message at the bottom of the screen, for failures outside any form and for
     * undoable actions: with `actionLabel` and `action`, a button (say "Undo") runs `action`
     * once and closes the message. Gone after `timeoutMs`.
     */
    notify(message, { actionLabel = null, action = null, timeoutMs = 8000, testid = "notice" } = {}) {
      const close = () => note.remove();
      const note = h("div", { class: "notice", testid }, h("span", null, message),
        actionLabel && h("button", {
          type: "button", class: "notice-action", testid: "notice-action",
          onClick: () => {
            close();
            action();
          },
        }, actionLabel),
        h("button", { type: "button", class: "icon-btn", "aria-label": "Dismiss", onClick: close }, "✕"));
      shell.notices.append(note);
      setTimeout(close, timeoutMs);
    },
  };

  function route() {
    const path = location.pathname;
    if (current) current.unmount();
    current = null;
    const root = h("div", { class: "view" });
    shell.main.replaceChildren(root);
    for (const r of routes) {
      const m = path.match(r.pattern);
      if (!m) continue;
      markRail(r.section);
      current = r.mount(root, m, app);
      return;
    }
    markRail(null);
    app.setTitle("Not found");
    root.append(h("div", { class: "empty-state" },
      h("h2", null, "Nothing here"),
      h("p", null, `No page at ${path}.`),
      h("p", null, h("a", { href: "/", class: "btn" }, "Go home"))));
  }

  function markRail(section) {
    for (const item of shell.rail.querySelectorAll(".rail-item")) {
      item.classList.toggle("active", item.dataset.section === section);
    }
  }

  // Same-origin links navigate inside the app; modified clicks keep the browser's behaviour.
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/assets/")) return;
    event.preventDefault();
    if (url.pathname === location.pathname && url.search === location.search) {
      if (url.hash !== location.hash) history.pushState(null, "", url.href);
      return;
    }
    app.navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener("popstate", route);
  route();
}

start();
