// Home (/): the docs you opened lately, your favorites and your docs, each with an empty state;
// a hub with no docs at all offers "New DataDoc" and a tip about the demo data.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docRows, newDocButton } from "./docRows.js";

const SECTIONS = [
  { key: "recent", title: "Recent", params: { recent: true, limit: 8 }, empty: "Docs you open show here, the latest first." },
  { key: "favorites", title: "Favorites", params: { favorite: true, limit: 20 }, empty: "Star a doc (☆ next to its title) to keep it here." },
  { key: "mine", title: "My docs", params: { owner: "me", limit: 20 }, empty: "Docs you create show here." },
];

/** Mounts Home into `root`. Returns `{unmount()}`. */
export function mountHome(root, _params, app) {
  let unmounted = false;
  app.setTitle("Home");
  const body = h("div", { class: "home-body" }, h("div", { class: "page-loading" }, "Loading docs…"));
  root.replaceChildren(h("div", { class: "page home-page" },
    h("header", { class: "page-header" },
      h("h1", null, "Home"),
      h("span", { class: "cell-head-spacer" }),
      newDocButton(app, () => unmounted)),
    body));

  function load() {
    Promise.all(SECTIONS.map((s) => api.listDocs(s.params))).then((pages) => {
      if (unmounted) return;
      if (pages.every((p) => p.docs.length === 0)) {
        body.replaceChildren(emptyHub(app, () => unmounted));
        return;
      }
      body.replaceChildren(...SECTIONS.map((section, i) => {
        const { docs, total } = pages[i];
        const more = total > docs.length
          ? h("a", { href: "/docs", class: "section-more" }, `All ${total} docs →`) : null;
        return h("section", { class: "home-section", testid: `home-${section.key}` },
          h("h2", { class: "section-title" }, section.title, more),
          docs.length
            ? docRows(docs, app, { onFavorite: load })
            : h("p", { class: "section-empty", testid: "section-empty" }, section.empty));
      }));
    }, (error) => {
      if (unmounted) return;
      body.replaceChildren(h("div", { class: "error-box", testid: "doc-list-error" },
        h("div", { class: "error-title" }, "Could not load the docs"),
        h("div", { class: "error-message" }, error.message)));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}

function emptyHub(app, isUnmounted) {
  return h("div", { class: "empty-state", testid: "empty-state" },
    h("h2", null, "No docs yet"),
    h("p", null, "A DataDoc holds queries, their results and your notes, in one page you can share."),
    h("p", null, newDocButton(app, isUnmounted)),
    h("p", { class: "hint" },
      "Tip: the ", h("code", null, "demo"), " engine has ", h("code", null, "users"), ", ",
      h("code", null, "boards"), ", ", h("code", null, "pins"), " and ", h("code", null, "events"),
      " tables to try, for example ",
      h("code", null, "SELECT kind, count(*) FROM events GROUP BY kind;")));
}
