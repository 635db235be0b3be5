// The quick switcher (Ctrl-K, ⌘K on a Mac, from any page): a box over the page that searches
// as you type (debounced, eight results of every kind), ↑/↓ to choose, Enter to open, Esc to
// close; the last row goes to the full search page.

import { api } from "../api.js";
import { debounce, h } from "../dom.js";
import { moveActive } from "../searchLogic.js";
import { hitBody } from "./search.js";

/** Listens for Ctrl/Cmd-K on the whole page; `navigate(path)` opens a result. Returns `{open()}`. */
export function installQuickSwitcher({ navigate, enabled }) {
  let openDialog = null;
  window.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
      if (!enabled()) return;
      event.preventDefault();
      event.stopPropagation();
      if (openDialog) openDialog.focus();
      else open();
    }
  }, true);

  function open() {
    const previous = document.activeElement;
    let hits = [];
    let active = -1;
    let generation = 0;
    const input = h("input", {
      type: "search", class: "switcher-input", testid: "switcher-input", placeholder: "Jump to a doc, table, query or person…",
      "aria-label": "Search", spellcheck: "false", autocomplete: "off",
    });
    const list = h("ul", { class: "switcher-list", role: "listbox", testid: "switcher-results" });
    const foot = h("div", { class: "switcher-foot" });
    const box = h("div", { class: "switcher", role: "dialog", "aria-modal": "true", "aria-label": "Quick switcher", testid: "quick-switcher" },
      h("div", { class: "switcher-head" }, h("span", { class: "switcher-icon", "aria-hidden": "true" }, "⌕"), input,
        h("kbd", { class: "switcher-kbd" }, "Esc")),
      list, foot);
    const backdrop = h("div", { class: "dialog-backdrop switcher-backdrop", onMousedown: (event) => { if (event.target === backdrop) close(); } }, box);

    const seeAll = () => {
      const q = input.value.trim();
      close();
      navigate(q ? `/search?q=${encodeURIComponent(q)}` : "/search");
    };
    const choose = (n) => {
      if (n === hits.length) return seeAll();
      const hit = hits[n];
      if (!hit) return undefined;
      close();
      navigate(hit.url);
      return undefined;
    };
    function setActive(n) {
      active = n;
      [...list.children].forEach((li, i) => {
        li.classList.toggle("active", i === n);
        li.setAttribute("aria-selected", i === n ? "true" : "false");
        if (i === n) li.scrollIntoView({ block: "nearest" });
      });
    }
    function drawHint(text) {
      list.replaceChildren();
      foot.replaceChildren(h("span", { class: "muted", testid: "switcher-hint" }, text));
    }
    const search = debounce(async () => {
      const q = input.value.trim();
      const mine = ++generation;
      if (!q) {
        hits = [];
        drawHint("Type to search. ↑/↓ choose, Enter opens, Esc closes.");
        return;
      }
      let answer;
      try {
        answer = await api.search({ q, limit: 8 });
      } catch (error) {
        if (mine === generation) drawHint(`Search failed: ${error.message}`);
        return;
      }
      if (mine !== generation || !openDialog) return;
      hits = answer.results || [];
      list.replaceChildren(...hits.map((hit, n) => h("li", {
        class: "hit switcher-hit", role: "option", testid: "switcher-hit", dataset: { type: hit.type, id: String(hit.id) },
        onMousemove: () => { if (active !== n) setActive(n); }, onClick: () => choose(n),
      }, hitBody(hit))),
      h("li", { class: "hit switcher-all", role: "option", testid: "switcher-see-all", onMousemove: () => setActive(hits.length), onClick: seeAll },
        h("span", { class: "hit-icon", "aria-hidden": "true" }, "⌕"), h("span", { class: "hit-main" },
          hits.length ? `See all results for “${q}”` : `No quick match for “${q}” — search everything`)));
      foot.replaceChildren(h("span", { class: "muted" }, `${answer.total || 0} ${answer.total === 1 ? "result" : "results"} · ↑/↓ choose · Enter opens · Esc closes`));
      setActive(hits.length ? 0 : -1);
    }, 150);

    input.addEventListener("input", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(moveActive(active, event.key, hits.length + (input.value.trim() ? 1 : 0)));
      } else if (event.key === "Enter") {
        event.preventDefault();
        search.flush();
        if (active >= 0) choose(active);
        else if (input.value.trim()) seeAll();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    function close() {
      if (!openDialog) return;
      openDialog = null;
      search.cancel();
      backdrop.remove();
      if (previous && previous.focus && previous.isConnected) previous.focus();
    }
    openDialog = { focus: () => input.focus(), close };
    drawHint("Type to search. ↑/↓ choose, Enter opens, Esc closes.");
    document.body.append(backdrop);
    input.focus();
  }
  return { open };
}
