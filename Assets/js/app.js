// The shell: asks /api/session first, then draws the left rail (Admin for admins, the user
// at its foot), the announcement banner and a history.pushState router that mounts one view
// at a time. Views are `mount(root, params, app) → {unmount()}`. In accounts mode with nobody
// signed in, and after any 401, the sign-in page takes the screen (keeping the URL to return to).

import { api, onUnauthorized, setCsrfToken } from "./api.js";
import { h } from "./dom.js";
import { returnPath, signInPath } from "./accountLogic.js";
import { mountDocList } from "./views/docList.js";
import { mountDoc } from "./views/doc.js";
import { mountHome } from "./views/home.js";
import { mountExecutionPage } from "./views/executionPage.js";
import { mountAdmin } from "./views/adminTabs.js";
import { createBanner } from "./views/banner.js";
import { mountSignIn } from "./views/signIn.js";
import { mountProfile } from "./views/settings.js";
import { mountTokens } from "./views/tokens.js";
import { createUserMenu } from "./views/userMenu.js";
import { mountTables } from "./views/tables.js";
import { mountTablePage } from "./views/tablePage.js";
import { mountSearch } from "./views/search.js";
import { mountSchedules } from "./views/schedules.js";
import { installQuickSwitcher } from "./views/quickSwitcher.js";

const routes = [
  { pattern: /^\/$/, section: "home", mount: (root, _m, app) => mountHome(root, {}, app) },
  { pattern: /^\/docs\/?$/, section: "docs", mount: (root, _m, app) => mountDocList(root, {}, app) },
  { pattern: /^\/docs\/(\d+)\/?$/, section: "docs", mount: (root, m, app) => mountDoc(root, { id: m[1] }, app) },
  { pattern: /^\/tables\/?$/, section: "tables", mount: (root, _m, app) => mountTables(root, {}, app) },
  { pattern: /^\/tables\/(\d+)(?:\/([a-z]+))?\/?$/, section: "tables", mount: (root, m, app) => mountTablePage(root, { id: Number(m[1]), tab: m[2] }, app) },
  { pattern: /^\/search\/?$/, section: "search", mount: (root, _m, app) => mountSearch(root, {}, app) },
  { pattern: /^\/schedules\/?$/, section: "schedules", mount: (root, _m, app) => mountSchedules(root, {}, app) },
  { pattern: /^\/executions\/(\d+)\/?$/, section: null, mount: (root, m, app) => mountExecutionPage(root, { id: m[1] }, app) },
  { pattern: /^\/admin(?:\/([a-z]+))?\/?$/, section: "admin", mount: (root, m, app) => mountAdmin(root, { tab: m[1] }, app) },
  { pattern: /^\/settings(?:\/profile)?\/?$/, section: null, mount: (root, _m, app) => mountProfile(root, {}, app) },
  { pattern: /^\/settings\/tokens\/?$/, section: null, mount: (root, _m, app) => mountTokens(root, {}, app) },
];

// Rail items; the disabled ones arrive with later features. Admin shows for admins only.
const railItems = [
  { section: "home", href: "/", label: "Home", icon: "⌂" },
  { section: "docs", href: "/docs", label: "Docs", icon: "▤" },
  { section: "tables", href: "/tables", label: "Tables", icon: "▦" },
  { section: "search", href: "/search", label: "Search", icon: "⌕", hint: "Search (Ctrl-K opens the quick switcher)" },
  { section: "schedules", href: "/schedules", label: "Schedules", icon: "◷", hint: "Schedules: the docs that run on a timetable" },
  { section: "admin", href: "/admin/engines", label: "Admin", icon: "⚙", adminOnly: true },
];

function railItem(item) {
  return item.href
    ? h("a", { href: item.href, class: "rail-item", dataset: { section: item.section }, title: item.hint || item.label, testid: `rail-${item.section}` },
      h("span", { class: "rail-icon", "aria-hidden": "true" }, item.icon), h("span", { class: "rail-label" }, item.label))
    : h("span", { class: "rail-item disabled", title: `${item.label} (coming soon)`, "aria-disabled": "true" },
      h("span", { class: "rail-icon", "aria-hidden": "true" }, item.icon), h("span", { class: "rail-label" }, item.label));
}

function start() {
  let session = null; // the /api/session answer
  let current = null; // the mounted view
  let shell = null; // {rail, items, main, banner, userMenu}, once signed in (or local)
  const notices = h("div", { class: "notices", role: "alert", "aria-live": "assertive", testid: "notices" });

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
    /** The session: `{mode, user, csrfToken, canChangePassword, announcements}`. */
    session: () => session,
    /** The signed-in user changed (their profile was saved): the rail follows. */
    setUser(user) {
      session = { ...session, user };
      if (shell) shell.userMenu.update(session);
    },
    /** Asks the server for the session again (say, sign-in was just turned on) and redraws. */
    reloadSession() {
      return api.session().then((answer) => {
        useSession(answer);
        shell = null;
        route();
      }, (error) => app.notify(error.message));
    },
    /** Reads the active announcements again (after an admin changed them) for the banner. */
    refreshAnnouncements() {
      api.session().then((answer) => {
        session = { ...session, announcements: answer.announcements || [] };
        if (shell) shell.banner.show(session.announcements);
      }, () => {});
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
      notices.append(note);
      setTimeout(close, timeoutMs);
    },
  };

  function buildShell() {
    const items = railItems.filter((item) => !item.adminOnly || (session.user && session.user.isAdmin)).map(railItem);
    const userMenu = createUserMenu({ navigate: (path) => app.navigate(path), signOut });
    userMenu.update(session);
    const rail = h("nav", { class: "rail", "aria-label": "Main" },
      h("a", { href: "/", class: "rail-brand", title: "Querybook" }, "Q"), items,
      h("span", { class: "rail-spacer" }), userMenu.element);
    const banner = createBanner();
    banner.show(session.announcements);
    const main = h("main", { class: "main", id: "main" });
    document.body.replaceChildren(h("div", { class: "shell" }, rail, h("div", { class: "main-column" }, banner.element, main)), notices);
    shell = { rail, main, banner, userMenu };
  }

  function signedIn() {
    return session && (session.mode === "local" || session.user);
  }

  // The sign-in page; `next` is where to go after.
  function showSignIn(next, reason = null) {
    if (current) current.unmount();
    current = null;
    shell = null;
    const target = signInPath(next);
    if (location.pathname + location.search !== target) history.replaceState(null, "", target);
    const root = h("div", { class: "signin-root" });
    notices.replaceChildren(); // the last page's messages are not for whoever signs in next
    document.body.replaceChildren(root, notices);
    mountSignIn(root, {
      reason,
      onSignedIn(answer) {
        useSession(answer);
        buildShell();
        app.navigate(returnPath(next), { replace: true });
      },
    });
  }

  function useSession(answer) {
    const before = session && session.user ? session.user.id : null;
    session = { announcements: [], ...answer };
    setCsrfToken(session.csrfToken);
    // Another user sees other engines (their environments').
    if ((session.user ? session.user.id : null) !== before) api.forgetEngines();
  }

  async function signOut() {
    try {
      await api.logout();
    } catch (error) {
      app.notify(`Could not sign out: ${error.message}`);
      return;
    }
    useSession({ mode: "accounts", user: null, csrfToken: null, canChangePassword: false, announcements: [] });
    showSignIn("/", "You are signed out.");
  }

  // Any 401 from the API: the session ended (expired, signed out in another tab, deactivated).
  onUnauthorized(() => {
    if (!shell) return;
    useSession({ ...session, user: null, csrfToken: null });
    showSignIn(location.pathname + location.search + location.hash, "Your session has ended. Sign in again to continue.");
  });

  function route() {
    if (!signedIn()) {
      showSignIn(location.pathname.startsWith("/sign-in") ? new URLSearchParams(location.search).get("next") : location.pathname + location.search + location.hash);
      return;
    }
    if (!shell) buildShell();
    if (location.pathname.startsWith("/sign-in")) {
      history.replaceState(null, "", returnPath(new URLSearchParams(location.search).get("next")));
    }
    const path = location.pathname;
    // A view may take another path of its own in place (the table page's tabs, a search).
    if (current && current.route && current.update) {
      const m = path.match(current.route.pattern);
      if (m && current.update(m) !== false) return;
    }
    if (current) current.unmount();
    current = null;
    const root = h("div", { class: "view" });
    shell.main.replaceChildren(root);
    for (const r of routes) {
      const m = path.match(r.pattern);
      if (!m) continue;
      markRail(r.section);
      const view = r.mount(root, m, app);
      current = { route: r, unmount: () => view && view.unmount && view.unmount(), update: view && view.update && ((match) => view.update(match)) };
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
  installQuickSwitcher({ navigate: (path) => app.navigate(path), enabled: () => Boolean(shell) });

  // The session decides everything else; a server that cannot be reached says so, with a retry.
  function boot() {
    api.session().then((answer) => {
      useSession(answer);
      route();
    }, (error) => {
      document.body.replaceChildren(h("div", { class: "empty-state", testid: "boot-error" },
        h("h2", null, "Querybook cannot start"),
        h("p", null, error.message),
        h("p", null, h("button", { type: "button", class: "btn primary", onClick: boot }, "Try again"))), notices);
    });
  }
  boot();
}

start();
