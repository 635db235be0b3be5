// A list of docs as rows (used by Home and the Docs page): a favorite star, the title linking
// to the doc, an "Archived" tag, and when it last changed.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docTitle, formatDateTime, formatRelativeTime } from "../format.js";
import { createFavoriteStar } from "./docMenu.js";

/** `<ul>` of `docs`; `onFavorite(doc, on)` hears star changes after they saved. */
export function docRows(docs, app, { testid = "doc-list", onFavorite = () => {} } = {}) {
  return h("ul", { class: "doc-list", testid },
    docs.map((doc) => h("li", { class: "doc-row", testid: "doc-row", dataset: { docId: String(doc.id) } },
      createFavoriteStar(doc.favorite, async (on) => {
        try {
          await api.setFavorite(doc.id, on);
        } catch (error) {
          app.notify(`Could not change the favorite: ${error.message}`);
          throw error;
        }
        doc.favorite = on;
        onFavorite(doc, on);
      }),
      h("a", { href: `/docs/${doc.id}`, class: "doc-link" },
        h("span", { class: `doc-name${doc.title && doc.title.trim() ? "" : " untitled"}`, testid: "doc-name" }, docTitle(doc)),
        doc.archived && h("span", { class: "tag", testid: "doc-archived-tag" }, "Archived"),
        h("span", { class: "doc-updated", title: formatDateTime(doc.updatedAt) }, `Updated ${formatRelativeTime(doc.updatedAt)}`)))));
}

/** The "+ New DataDoc" button: creates a doc and opens it. */
export function newDocButton(app, isUnmounted) {
  const button = h("button", { type: "button", class: "btn primary", testid: "new-doc" }, "+ New DataDoc");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const doc = await api.createDoc();
      if (!isUnmounted()) app.navigate(`/docs/${doc.id}`);
    } catch (error) {
      button.disabled = false;
      app.notify(`Could not create a doc: ${error.message}`);
    }
  });
  return button;
}
