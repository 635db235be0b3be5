// Controls the table page edits with: Markdown text edited in place (rendered, with Edit →
// Save/Cancel), a tag list (chips with ✕ and an add box), and the owners dialog.

import { api } from "../api.js";
import { h } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { tagProblem } from "../tableLogic.js";
import { avatar, openDialog } from "./formKit.js";

/**
 * Markdown shown rendered, edited in place: `{element, set(text)}`. `save(text)` returns a
 * promise (rejecting with an error whose message is shown); `tone` "warning" draws a warning box.
 */
export function markdownField({ value, testid, label, empty, addLabel, save, tone = null, rows = 6 }) {
  let text = value || "";
  const element = h("div", { class: `md-field${tone ? ` ${tone}` : ""}`, testid });
  function show() {
    element.classList.toggle("is-empty", !text);
    element.classList.toggle("editing", false);
    const edit = h("button", { type: "button", class: "btn ghost small md-edit", testid: `${testid}-edit`, onClick: startEdit },
      text ? "✎ Edit" : addLabel);
    if (!text) {
      element.replaceChildren(h("div", { class: "md-empty" }, empty ? h("span", { class: "muted" }, empty) : null, edit));
      return;
    }
    const body = h("div", { class: "markdown md-body", testid: `${testid}-text` });
    body.append(renderMarkdown(text));
    if (tone === "warning") element.replaceChildren(h("span", { class: "md-warning-icon", "aria-hidden": "true" }, "⚠"), body, edit);
    else element.replaceChildren(body, edit);
  }
  function startEdit() {
    const area = h("textarea", { class: "md-input", testid: `${testid}-input`, rows, "aria-label": label, spellcheck: "true" });
    area.value = text;
    const error = h("div", { class: "field-error", role: "alert", testid: `${testid}-error` });
    const saveButton = h("button", { type: "button", class: "btn primary small", testid: `${testid}-save` }, "Save");
    const cancel = h("button", { type: "button", class: "btn small", testid: `${testid}-cancel`, onClick: show }, "Cancel");
    const commit = async () => {
      saveButton.disabled = true;
      error.textContent = "";
      try {
        await save(area.value);
        text = area.value;
        show();
      } catch (failure) {
        error.textContent = `Not saved: ${failure.message}`;
        saveButton.disabled = false;
      }
    };
    saveButton.addEventListener("click", commit);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        show();
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        commit();
      }
    });
    element.classList.add("editing");
    element.replaceChildren(area, error, h("div", { class: "form-actions" }, saveButton, cancel,
      h("span", { class: "muted small" }, "Markdown: **bold**, _italic_, `code`, lists, links. Ctrl-Enter saves, Esc cancels.")));
    area.focus();
  }
  show();
  return { element, set(next) { text = next || ""; show(); } };
}

/** Tags as chips; when `save(tags)` is given, each has a ✕ and an add box follows. */
export function tagEditor(tags, { testid, save = null }) {
  let current = [...(tags || [])];
  const element = h("div", { class: "tag-list tag-editor", testid });
  function draw(message = "") {
    const chips = current.map((tag) => h("span", { class: "tag-chip", testid: `${testid}-tag`, dataset: { tag } }, tag,
      save && h("button", { type: "button", class: "chip-x", "aria-label": `Remove tag ${tag}`, title: "Remove",
        onClick: () => commit(current.filter((t) => t !== tag)) }, "✕")));
    if (!save) {
      element.replaceChildren(...(chips.length ? chips : [h("span", { class: "faint small" }, "No tags")]));
      return;
    }
    const input = h("input", { type: "text", class: "tag-add", testid: `${testid}-add`, placeholder: "+ tag", "aria-label": "Add a tag", spellcheck: "false", maxlength: "40" });
    const note = h("span", { class: "field-error small", role: "alert" }, message);
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const problem = tagProblem(input.value, current);
      if (problem) {
        note.textContent = problem;
        return;
      }
      commit([...current, input.value.trim()], true);
    });
    element.replaceChildren(...chips, input, note);
  }
  async function commit(next, refocus = false) {
    try {
      const saved = await save(next);
      current = saved || next;
      draw();
    } catch (error) {
      draw(`Not saved: ${error.message}`);
    }
    if (refocus) element.querySelector(".tag-add")?.focus();
  }
  draw();
  return { element, set(next) { current = [...(next || [])]; draw(); } };
}

/** The owners dialog: the current owners (removable) and a people search to add more. */
export function editOwners(owners, { save }) {
  const chosen = new Map(owners.map((o) => [o.id, o]));
  const dialog = openDialog({ title: "Table owners", testid: "owners-dialog" });
  const list = h("div", { class: "owner-list", testid: "owners-chosen" });
  const search = h("input", { type: "search", class: "filter-input", placeholder: "Add a person…", testid: "owners-search", "aria-label": "Find a person" });
  const matches = h("div", { class: "owner-matches", testid: "owners-matches" });
  const error = h("div", { class: "form-error", role: "alert" });
  const drawChosen = () => list.replaceChildren(...(chosen.size ? [...chosen.values()].map((person) => h("div", { class: "owner-row" },
    avatar(person, { size: "small" }), h("span", null, person.displayName || person.username),
    h("span", { class: "cell-head-spacer" }),
    h("button", { type: "button", class: "icon-btn", "aria-label": `Remove ${person.username}`, onClick: () => { chosen.delete(person.id); drawChosen(); } }, "✕")))
    : [h("div", { class: "muted small" }, "No owners: only admins can mark the table golden.")]));
  let asked = 0;
  search.addEventListener("input", async () => {
    const mine = ++asked;
    const people = await api.users(search.value.trim()).catch(() => []);
    if (mine !== asked) return;
    matches.replaceChildren(...people.filter((p) => !chosen.has(p.id)).slice(0, 8).map((person) =>
      h("button", { type: "button", class: "menu-item owner-match", testid: "owners-match", onClick: () => {
        chosen.set(person.id, person);
        drawChosen();
        matches.replaceChildren();
        search.value = "";
        search.focus();
      } }, avatar(person, { size: "small" }), ` ${person.displayName || person.username}`, h("span", { class: "muted small" }, ` @${person.username}`))));
  });
  const saveButton = h("button", { type: "button", class: "btn primary", testid: "owners-save", onClick: async () => {
    saveButton.disabled = true;
    try {
      await save([...chosen.keys()]);
      dialog.close();
    } catch (failure) {
      error.textContent = failure.message;
      saveButton.disabled = false;
    }
  } }, "Save owners");
  drawChosen();
  dialog.body.append(list, search, matches, error,
    h("div", { class: "form-actions" }, saveButton, h("button", { type: "button", class: "btn", onClick: () => dialog.close() }, "Cancel")));
  return dialog;
}
