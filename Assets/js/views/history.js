// A doc's history: a side panel listing its versions (when, by whom, how many changes, which
// were restores), a read-only preview of one, and "Restore this version". The restored content
// reaches the doc page through its event stream, like any other tab's changes.

import { api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatDateTime, formatRelativeTime, plural } from "../format.js";

/**
 * The doc page's History button and panel. `app` gives `notify`. Returns `{button, close()}`;
 * `close()` also removes the panel when the page goes away.
 */
export function createHistory({ docId, app }) {
  let panel = null;
  let selected = null; // the version number shown in the preview
  let generation = 0; // answers for an older open or selection are dropped

  const button = h("button", {
    type: "button", class: "btn small ghost", testid: "history-button", title: "Versions of this doc by time and author",
    "aria-haspopup": "dialog", onClick: () => (panel ? close() : open()),
  }, "History");

  const list = h("ol", { class: "history-list", testid: "history-list", "aria-label": "Versions" });
  const preview = h("section", { class: "history-preview", testid: "history-preview", "aria-live": "polite" });

  function open() {
    panel = h("aside", { class: "history-panel", testid: "history-panel", role: "dialog", "aria-label": "Doc history" },
      h("header", { class: "history-head" },
        h("h2", null, "History"),
        h("button", { type: "button", class: "icon-btn", title: "Close (Esc)", "aria-label": "Close history", testid: "history-close", onClick: close }, "✕")),
      list, preview);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        close();
        button.focus();
      }
    });
    document.body.append(panel);
    button.setAttribute("aria-expanded", "true");
    selected = null;
    preview.replaceChildren(h("p", { class: "muted history-hint" }, "Pick a version to see the doc as it was then."));
    load();
  }

  function close() {
    generation += 1;
    if (panel) panel.remove();
    panel = null;
    button.setAttribute("aria-expanded", "false");
  }

  async function load() {
    const mine = ++generation;
    list.replaceChildren(h("li", { class: "muted history-hint" }, "Loading versions…"));
    try {
      const { versions } = await api.docVersions(docId);
      if (mine !== generation) return;
      list.replaceChildren(...versions.map(entry));
      if (versions.length === 0) list.append(h("li", { class: "muted history-hint" }, "No versions yet."));
    } catch (error) {
      if (mine !== generation) return;
      list.replaceChildren(h("li", { class: "history-error" }, `Could not load the history: ${error.message}`));
    }
  }

  function entry(version) {
    const names = (version.authors || []).map((a) => a.name).join(", ") || "Unknown";
    const item = h("li", null, h("button", {
      type: "button", class: "history-entry", testid: "history-entry",
      dataset: { number: String(version.number) }, "aria-current": version.number === selected ? "true" : null,
      onClick: () => show(version.number),
    },
      h("span", { class: "history-entry-top" },
        h("span", { class: "history-number" }, `Version ${version.number}`),
        version.current ? h("span", { class: "history-badge", testid: "history-current" }, "Current") : null,
        h("span", { class: "history-when", title: formatDateTime(version.endedAt) }, formatRelativeTime(version.endedAt))),
      h("span", { class: "history-authors" }, names),
      h("span", { class: "history-detail" },
        version.restoredFrom
          ? h("span", { class: "history-restored", testid: "history-restored" }, `Restored from version ${version.restoredFrom}`)
          : plural(version.changeCount, "change"))));
    return item;
  }

  async function show(number) {
    const mine = ++generation;
    selected = number;
    for (const b of list.querySelectorAll(".history-entry")) {
      if (b.dataset.number === String(number)) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
    preview.replaceChildren(h("p", { class: "muted history-hint" }, `Loading version ${number}…`));
    try {
      const version = await api.docVersion(docId, number);
      if (mine !== generation) return;
      replaceChildren(preview, renderVersion(version));
    } catch (error) {
      if (mine !== generation) return;
      preview.replaceChildren(h("p", { class: "history-error" }, `Could not load version ${number}: ${error.message}`));
    }
  }

  function renderVersion(version) {
    const doc = version.doc || { title: "", cells: [] };
    const action = version.current
      ? h("p", { class: "muted history-hint" }, "This is the doc as it is now.")
      : h("button", { type: "button", class: "btn primary small", testid: "history-restore", onClick: () => restore(version.number) },
        "Restore this version");
    return [
      h("div", { class: "history-preview-head" }, h("span", { class: "history-number" }, `Version ${version.number}`), action),
      h("div", { class: "muted history-preview-meta" },
        `${version.current ? "Last change" : "As it was at"} ${formatDateTime(version.endedAt)} · `,
        (version.authors || []).map((a) => a.name).join(", ")),
      h("h3", { class: "history-doc-title", testid: "history-preview-title" }, doc.title || "Untitled doc"),
      doc.cells.length === 0 ? h("p", { class: "muted" }, "No cells.") : null,
      doc.cells.map((cell) => h("div", { class: "history-cell", testid: "history-preview-cell", dataset: { kind: cell.kind } },
        h("div", { class: "history-cell-head" },
          h("span", { class: "cell-kind" }, cell.kind === "query" ? "SQL" : cell.kind),
          cell.title ? h("span", { class: "history-cell-title" }, cell.title) : null),
        cell.kind === "query"
          ? h("pre", { class: "history-sql" }, cell.content || " ")
          : h("div", { class: "history-text" }, cell.content || h("span", { class: "muted" }, "Empty")))),
    ];
  }

  async function restore(number) {
    if (!window.confirm(`Restore version ${number}? The doc will look as it did then; this is recorded as a new version, so you can undo it.`)) return;
    const mine = ++generation;
    const buttonEl = preview.querySelector("[data-testid=history-restore]");
    if (buttonEl) {
      buttonEl.disabled = true;
      buttonEl.textContent = "Restoring…";
    }
    try {
      await api.restoreDocVersion(docId, number);
      if (mine !== generation || !panel) return;
      app.notify(`Restored version ${number}.`);
      selected = null;
      preview.replaceChildren(h("p", { class: "muted history-hint", testid: "history-restored-note" },
        `Version ${number} is restored. The doc now shows it.`));
      await load();
    } catch (error) {
      if (buttonEl) {
        buttonEl.disabled = false;
        buttonEl.textContent = "Restore this version";
      }
      app.notify(`Could not restore version ${number}: ${error.message}`);
    }
  }

  return { button, close };
}
