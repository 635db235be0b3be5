// The Docs page (/docs): every doc, with a sort choice, a title filter (debounced) and a
// "Show archived" toggle, all reflected in the URL (`/docs?q=…&sort=…&archived=all`).

import { api } from "../api.js";
import { debounce, h } from "../dom.js";
import { docListParams, docListSearch, parseDocListState, SORTS } from "../docListState.js";
import { docRows, newDocButton } from "./docRows.js";

const LIMIT = 200;

/** Mounts the Docs page into `root`. Returns `{unmount()}`. */
export function mountDocList(root, _params, app) {
  let unmounted = false;
  let state = parseDocListState(location.search);
  let generation = 0; // answers to older requests are dropped
  app.setTitle("DataDocs");

  const filter = h("input", {
    type: "search", class: "filter-input", testid: "doc-filter", placeholder: "Filter by title…",
    "aria-label": "Filter docs by title", value: state.q, spellcheck: "false",
  });
  const sort = h("select", { testid: "doc-sort", "aria-label": "Sort docs" },
    SORTS.map(([value, label]) => h("option", { value }, label)));
  sort.value = state.sort;
  const archived = h("input", { type: "checkbox", testid: "show-archived", checked: state.archived });
  const count = h("span", { class: "muted", testid: "doc-count" });
  const body = h("div", { class: "doc-list-body" }, h("div", { class: "page-loading" }, "Loading docs…"));
  root.replaceChildren(h("div", { class: "page doc-list-page" },
    h("header", { class: "page-header" },
      h("h1", null, "DataDocs"),
      h("span", { class: "cell-head-spacer" }),
      newDocButton(app, () => unmounted)),
    h("div", { class: "list-controls" },
      filter, sort,
      h("label", { class: "check" }, archived, " Show archived"),
      h("span", { class: "cell-head-spacer" }), count),
    body));

  const change = (next) => {
    state = { ...state, ...next };
    history.replaceState(null, "", `/docs${docListSearch(state)}`);
    load();
  };
  const onFilter = debounce(() => change({ q: filter.value.trim() }), 250);
  filter.addEventListener("input", onFilter);
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Enter") onFilter.flush();
  });
  sort.addEventListener("change", () => change({ sort: sort.value }));
  archived.addEventListener("change", () => change({ archived: archived.checked }));

  function load() {
    const mine = ++generation;
    api.listDocs(docListParams(state, LIMIT)).then(({ docs, total }) => {
      if (unmounted || mine !== generation) return;
      count.textContent = total > docs.length ? `${docs.length} of ${total} docs` : `${total} ${total === 1 ? "doc" : "docs"}`;
      if (docs.length) body.replaceChildren(docRows(docs, app));
      else if (state.q || state.archived) {
        body.replaceChildren(h("div", { class: "empty-state small", testid: "empty-filter" },
          h("p", null, state.q ? `No doc title contains “${state.q}”.` : "No docs yet."),
          state.q && h("p", null, h("button", { type: "button", class: "btn small", onClick: () => {
            filter.value = "";
            change({ q: "" });
          } }, "Clear the filter"))));
      } else {
        body.replaceChildren(h("div", { class: "empty-state", testid: "empty-state" },
          h("h2", null, "No docs yet"),
          h("p", null, "A DataDoc holds queries, their results and your notes, in one page you can share."),
          h("p", null, newDocButton(app, () => unmounted))));
      }
    }, (error) => {
      if (unmounted || mine !== generation) return;
      body.replaceChildren(h("div", { class: "error-box", testid: "doc-list-error" },
        h("div", { class: "error-title" }, "Could not load the docs"),
        h("div", { class: "error-message" }, error.message)));
    });
  }
  load();
  return { unmount: () => { unmounted = true; onFilter.cancel(); } };
}
