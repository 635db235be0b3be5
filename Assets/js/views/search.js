// Search (/search?q=…&type=…): one box, type filters (all, docs, queries, tables, runs,
// people), facet filters (owner, engine, schema, tag, date range), results with their snippet
// and the matched words marked, ↑/↓/Enter to move and open, and pages of twenty. The state
// lives in the URL: a new search or filter is a history entry, so back/forward work.

import { api } from "../api.js";
import { debounce, h, replaceChildren } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import {
  hasFacets, hitContext, moveActive, PAGE_SIZE, pageCount, parseSearchState, resultsLine, SEARCH_TYPES, searchParams, searchSearch, snippetRuns, TYPE_INFO,
} from "../searchLogic.js";
import { errorBox } from "./formKit.js";

const UNTITLED = { doc: "Untitled doc", query: "Untitled query", execution: "A run" };

/** A hit's title, snippet (matches in `<mark>`, built as nodes) and context, for lists. */
export function hitBody(hit) {
  const info = TYPE_INFO[hit.type] || { label: hit.type, icon: "•" };
  const runs = snippetRuns(hit.snippet);
  return [
    h("span", { class: `hit-icon type-${hit.type}`, title: info.label, "aria-hidden": "true" }, info.icon),
    h("span", { class: "hit-main" },
      h("span", { class: "hit-title-row" },
        h("span", { class: `hit-title${hit.title ? "" : " untitled"}`, testid: "hit-title" }, hit.title || UNTITLED[hit.type] || "Untitled"),
        hit.golden && h("span", { class: "golden-mark", title: "Golden table" }, "★"),
        h("span", { class: "hit-type" }, info.label),
        h("span", { class: "hit-context" }, hitContext(hit))),
      runs.length > 0 && h("span", { class: "hit-snippet", testid: "hit-snippet" },
        runs.map((run) => (run.hit ? h("mark", { class: "hit-mark" }, run.text) : run.text)))),
  ];
}

/** Mounts the search page. Returns `{unmount(), update()}`. */
export function mountSearch(root, _params, app) {
  let unmounted = false;
  let state = parseSearchState(location.search);
  let generation = 0;
  let hits = [];
  let active = -1;

  const box = h("input", {
    type: "search", class: "search-box", testid: "search-box", placeholder: "Search docs, queries, tables, runs and people…",
    "aria-label": "Search", value: state.q, spellcheck: "false", autocomplete: "off",
  });
  const typeBar = h("div", { class: "type-filters", role: "tablist", "aria-label": "Result type", testid: "search-types" });
  const facets = h("div", { class: "facets", testid: "search-facets" });
  const count = h("div", { class: "muted search-count", testid: "search-count", "aria-live": "polite" });
  const list = h("ul", { class: "hit-list", testid: "search-results", role: "listbox", "aria-label": "Results" });
  const pager = h("div", { class: "pager", testid: "search-pager" });
  const status = h("div", { class: "search-status" });
  root.replaceChildren(h("div", { class: "page search-page" },
    h("header", { class: "page-header" }, h("h1", null, "Search")),
    h("div", { class: "search-row" }, box),
    typeBar, facets, count, status, list, pager));

  const go = (next, { push = true } = {}) => {
    state = { ...state, page: 1, ...next };
    const url = `/search${searchSearch(state)}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    draw();
    load();
  };
  const typed = debounce(() => go({ q: box.value.trim() }, { push: false }), 300);
  box.addEventListener("input", typed);
  box.addEventListener("keydown", onKey);
  list.addEventListener("keydown", onKey);

  function onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive(moveActive(active, event.key, hits.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (active >= 0 && hits[active]) app.navigate(hits[active].url);
      else {
        typed.cancel();
        go({ q: box.value.trim() });
      }
    } else if (event.key === "Escape" && event.target !== box) {
      box.focus();
      setActive(-1);
    }
  }

  function setActive(n) {
    active = n;
    [...list.children].forEach((li, i) => {
      li.classList.toggle("active", i === n);
      li.setAttribute("aria-selected", i === n ? "true" : "false");
      if (i === n) li.scrollIntoView({ block: "nearest" });
    });
  }

  function draw() {
    box.value = document.activeElement === box ? box.value : state.q;
    typeBar.replaceChildren(...SEARCH_TYPES.map(([type, label]) => h("button", {
      type: "button", role: "tab", class: `type-filter${state.type === type ? " active" : ""}`, testid: `search-type-${type}`,
      "aria-selected": state.type === type ? "true" : "false", onClick: () => go({ type }),
    }, label)));
    drawFacets();
  }

  function drawFacets() {
    const engine = h("select", { testid: "facet-engine", "aria-label": "Engine" }, h("option", { value: "" }, "Any engine"));
    api.engines().then((engines) => {
      engine.append(...engines.map((e) => h("option", { value: String(e.id) }, e.name)));
      engine.value = state.engine;
    }, () => {});
    engine.addEventListener("change", () => go({ engine: engine.value, schema: "" }));
    const text = (key, placeholder, width) => {
      const input = h("input", { type: "search", class: "filter-input facet-input", style: { width }, testid: `facet-${key}`, placeholder, "aria-label": placeholder, value: state[key], spellcheck: "false" });
      input.addEventListener("change", () => go({ [key]: input.value.trim() }));
      return input;
    };
    const date = (key, label) => {
      const input = h("input", { type: "date", class: "facet-date", testid: `facet-${key}`, "aria-label": label, value: state[key] });
      input.addEventListener("change", () => go({ [key]: input.value }));
      return h("label", { class: "facet-label" }, label, input);
    };
    const owner = ownerFacet();
    replaceChildren(facets, owner, engine, text("schema", "Schema", "120px"), text("tag", "Tag", "110px"),
      date("from", "From"), date("to", "To"),
      hasFacets(state) && h("button", { type: "button", class: "btn ghost small", testid: "facet-clear",
        onClick: () => go({ owner: "", engine: "", schema: "", tag: "", from: "", to: "" }) }, "Clear filters"));
  }

  // The owner facet: a people search; the chosen person shows as a chip with ✕.
  function ownerFacet() {
    const wrap = h("span", { class: "owner-facet", testid: "facet-owner" });
    if (state.owner) {
      const chip = h("span", { class: "chip", testid: "facet-owner-chip" }, "Owner: …",
        h("button", { type: "button", class: "chip-remove", "aria-label": "Any owner", onClick: () => go({ owner: "" }) }, "✕"));
      api.users("").then((people) => {
        const p = people.find((u) => String(u.id) === state.owner);
        chip.firstChild.textContent = `Owner: ${p ? p.displayName || p.username : `#${state.owner}`} `;
      }, () => {});
      wrap.append(chip);
      return wrap;
    }
    const input = h("input", { type: "search", class: "filter-input facet-input", placeholder: "Owner", "aria-label": "Owner", style: { width: "130px" }, testid: "facet-owner-input" });
    const menu = h("div", { class: "menu owner-menu", hidden: true });
    input.addEventListener("input", debounce(async () => {
      const people = await api.users(input.value.trim()).catch(() => []);
      menu.replaceChildren(...people.slice(0, 8).map((p) => h("button", { type: "button", class: "menu-item", onClick: () => go({ owner: String(p.id) }) },
        p.displayName || p.username, h("span", { class: "muted small" }, ` @${p.username}`))));
      menu.hidden = people.length === 0;
    }, 200));
    input.addEventListener("blur", () => setTimeout(() => { menu.hidden = true; }, 200));
    wrap.append(input, menu);
    return wrap;
  }

  function load() {
    const mine = ++generation;
    app.setTitle(state.q ? `${state.q} · Search` : "Search");
    hits = [];
    active = -1;
    pager.replaceChildren();
    if (!state.q.trim()) {
      list.replaceChildren();
      count.textContent = "";
      status.replaceChildren(h("div", { class: "empty-state", testid: "search-start" },
        h("h2", null, "Search everything you can read"),
        h("p", null, "Type a table or column name, words from a doc, a piece of SQL or a person's name."),
        h("p", { class: "hint" }, "Tip: Ctrl-K (⌘K on a Mac) opens a quick switcher from any page; \"exact phrase\" and prefix* work too.")));
      return;
    }
    status.replaceChildren(h("div", { class: "page-loading" }, "Searching…"));
    api.search(searchParams(state, PAGE_SIZE)).then(({ results, total }) => {
      if (unmounted || mine !== generation) return;
      hits = results || [];
      count.textContent = resultsLine(total, state.page, hits.length);
      status.replaceChildren();
      list.replaceChildren(...hits.map((hit, n) => h("li", {
        class: "hit", role: "option", testid: "search-hit", dataset: { type: hit.type, id: String(hit.id) },
        "aria-selected": "false", onMousemove: () => { if (active !== n) setActive(n); },
      }, h("a", { href: hit.url, class: "hit-link", tabindex: "-1" }, hitBody(hit)),
      hit.updatedAt && h("span", { class: "hit-date", title: formatDateTime(hit.updatedAt) }, formatRelativeTime(hit.updatedAt)))));
      if (!hits.length) {
        const typeLabel = (SEARCH_TYPES.find(([t]) => t === state.type) || [])[1];
        status.replaceChildren(h("div", { class: "empty-state", testid: "search-empty" },
          h("h2", null, `Nothing matches “${state.q}”`),
          h("p", null, "Try fewer or shorter words, a prefix with * (e.g. even*), or check the spelling."),
          (state.type !== "all" || hasFacets(state)) && h("p", null,
            state.type !== "all" && h("button", { type: "button", class: "btn small", testid: "search-all-types", onClick: () => go({ type: "all" }) }, `Search all types, not only ${typeLabel.toLowerCase()}`),
            " ", hasFacets(state) && h("button", { type: "button", class: "btn small", onClick: () => go({ owner: "", engine: "", schema: "", tag: "", from: "", to: "" }) }, "Clear the filters"))));
      }
      if (total > PAGE_SIZE) {
        const turn = (page) => {
          go({ page });
          window.scrollTo(0, 0);
        };
        pager.append(
          h("button", { type: "button", class: "btn small", testid: "search-prev", disabled: state.page <= 1, onClick: () => turn(state.page - 1) }, "← Previous"),
          h("span", { class: "muted" }, `Page ${state.page} of ${pageCount(total)}`),
          h("button", { type: "button", class: "btn small", testid: "search-next", disabled: state.page >= pageCount(total), onClick: () => turn(state.page + 1) }, "Next →"));
      }
    }, (error) => {
      if (unmounted || mine !== generation) return;
      list.replaceChildren();
      status.replaceChildren(errorBox("Search failed", error.message, "search-error"));
    });
  }

  draw();
  load();
  box.focus();
  return {
    unmount: () => {
      unmounted = true;
      typed.cancel();
    },
    /** Back/forward to another search: show it in place. */
    update() {
      state = parseSearchState(location.search);
      box.value = state.q;
      draw();
      load();
      return true;
    },
  };
}
