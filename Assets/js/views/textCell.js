// A text cell: Markdown shown rendered (safely, see markdown.js); click or Enter to edit,
// Esc or leaving the editor shows it rendered again. Co-edited by operations (cellSync.js).

import { h } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { createEditor } from "./editor.js";
import { firstLine } from "../format.js";

/** `ctx`: `{saver, toolbar, startEditing, createSync}`. Returns `{element, focus(), destroy()}`. */
export function createTextCell(cell, ctx) {
  let content = cell.content || "";

  const preview = h("div", {
    class: "text-preview markdown", testid: "text-preview", tabindex: "0",
    title: ctx.readOnly ? null : "Click to edit (Markdown)",
  });
  const editorHost = h("div", { class: "editor-host text-editor-host" });
  const summary = h("span", { class: "cell-summary", testid: "cell-summary", hidden: true });
  let collapsed = false;
  const head = h("div", { class: "cell-head cell-head-text" },
    h("span", { class: "cell-kind", title: "Text cell (Markdown)" }, "Text"),
    summary,
    h("span", { class: "cell-head-spacer" }),
    ctx.toolbar);
  const element = h("section", {
    class: "cell cell-text", id: `cell-${cell.id}`, testid: "cell", tabindex: "-1",
    dataset: { cellId: String(cell.id), kind: "text" },
  }, head, preview, editorHost);

  const editor = createEditor(editorHost, {
    value: content,
    mode: "markdown",
    testid: "text-editor",
    placeholder: "Write notes in Markdown: # heading, **bold**, - lists, [links](https://…)",
    onChange: (text, changes) => {
      content = text;
      sync.localChange(text, changes);
    },
    onSave: () => {
      ctx.saver.flushAll().catch(() => {});
      sync.retryNow();
    },
    onEscape: () => {
      showPreview();
      element.focus();
    },
    onBlur: () => {
      // Let a click inside the cell (its toolbar) keep the editor open.
      setTimeout(() => {
        if (!element.contains(document.activeElement) || document.activeElement === element) showPreview();
      }, 0);
    },
  });

  const sync = ctx.createSync(cell, {
    onRemote: (op) => {
      editor.applyRemote(op);
      content = editor.getValue();
      if (!preview.hidden) renderPreview();
    },
  });

  function renderPreview() {
    preview.replaceChildren();
    if (content.trim()) preview.append(renderMarkdown(content));
    else preview.append(h("span", { class: "muted" }, "Empty text cell: click to write notes in Markdown."));
  }

  function showPreview() {
    if (collapsed) return;
    renderPreview();
    preview.hidden = false;
    editorHost.hidden = true;
    element.classList.remove("is-editing");
  }

  function edit() {
    if (ctx.readOnly) {
      // A viewer reads the rendered text; there is nothing to edit.
      if (!collapsed) preview.focus();
      return;
    }
    preview.hidden = true;
    editorHost.hidden = false;
    element.classList.add("is-editing");
    editor.refresh();
    editor.focus();
  }

  preview.addEventListener("click", (event) => {
    if (event.target.closest("a")) return; // links open; everything else edits
    edit();
  });
  preview.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      edit();
    }
  });

  if (ctx.startEditing && !ctx.readOnly) {
    preview.hidden = true;
    element.classList.add("is-editing");
    requestAnimationFrame(edit);
  } else {
    showPreview();
  }

  return {
    element,
    focus: edit,
    text: () => content,
    refresh: () => editor.refresh(),
    showPeers: (peers) => editor.showPeers(peers),
    update() {},
    /** Collapsed: the first line of the text, as plain text, in the header. */
    setCollapsed(on) {
      collapsed = on;
      summary.textContent = on ? firstLine(content).replace(/^#+\s*/, "") || "(empty text)" : "";
      summary.hidden = !on;
      element.classList.toggle("is-collapsed", on);
      if (on) {
        preview.hidden = true;
        editorHost.hidden = true;
        element.classList.remove("is-editing");
      } else {
        showPreview();
      }
    },
    // The cell's sync outlives the view: edits not yet acknowledged still go out.
    destroy() {},
  };
}
