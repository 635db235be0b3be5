// The doc list (/ and /docs): docs newest first, "New DataDoc", and an empty state that says
// how to begin.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docTitle, formatDateTime, formatRelativeTime } from "../format.js";

/** Mounts the list into `root`; `params.home` picks the Home heading. Returns `{unmount()}`. */
export function mountDocList(root, params, app) {
  let unmounted = false;
  const heading = params.home ? "Home" : "DataDocs";
  app.setTitle(heading);

  const newButton = h("button", { type: "button", class: "btn primary", testid: "new-doc", onClick: createDoc }, "+ New DataDoc");
  const body = h("div", { class: "doc-list-body" }, h("div", { class: "page-loading" }, "Loading docs…"));
  root.replaceChildren(h("div", { class: "page doc-list-page" },
    h("header", { class: "page-header" },
      h("h1", null, heading),
      h("span", { class: "cell-head-spacer" }),
      newButton),
    body));

  async function createDoc() {
    newButton.disabled = true;
    try {
      const doc = await api.createDoc();
      if (!unmounted) app.navigate(`/docs/${doc.id}`);
    } catch (error) {
      newButton.disabled = false;
      app.notify(`Could not create a doc: ${error.message}`);
    }
  }

  api.listDocs().then((docs) => {
    if (unmounted) return;
    body.replaceChildren(docs.length ? docTable(docs) : emptyState(createDoc));
  }, (error) => {
    if (unmounted) return;
    body.replaceChildren(h("div", { class: "error-box", testid: "doc-list-error" },
      h("div", { class: "error-title" }, "Could not load the docs"),
      h("div", { class: "error-message" }, error.message)));
  });

  return { unmount: () => { unmounted = true; } };
}

function docTable(docs) {
  const sorted = [...docs].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  return h("ul", { class: "doc-list", testid: "doc-list" },
    sorted.map((doc) => h("li", { class: "doc-row", testid: "doc-row" },
      h("a", { href: `/docs/${doc.id}`, class: "doc-link" },
        h("span", { class: `doc-name${doc.title && doc.title.trim() ? "" : " untitled"}` }, docTitle(doc)),
        h("span", { class: "doc-updated", title: formatDateTime(doc.updatedAt) }, formatRelativeTime(doc.updatedAt))))));
}

function emptyState(createDoc) {
  return h("div", { class: "empty-state", testid: "empty-state" },
    h("h2", null, "No docs yet"),
    h("p", null, "A DataDoc holds queries, their results and your notes, in one page you can share."),
    h("p", null, h("button", { type: "button", class: "btn primary", onClick: createDoc }, "+ New DataDoc")),
    h("p", { class: "hint" },
      "Tip: the ", h("code", null, "demo"), " engine has ", h("code", null, "users"), ", ",
      h("code", null, "boards"), ", ", h("code", null, "pins"), " and ", h("code", null, "events"),
      " tables to try, for example ",
      h("code", null, "SELECT kind, count(*) FROM events GROUP BY kind;")));
}
