// The code editor: CodeMirror 5 when its scripts loaded (global `CodeMirror`), else a plain
// textarea with the same keys, so the app still works without it.

import { h } from "../dom.js";
import { attachSqlAssist } from "./sqlAssist.js";

const MODES = { sql: "text/x-sqlite", markdown: "markdown" };

/**
 * Creates an editor in `parent`. Options: `value`, `mode` ("sql" | "markdown"), `readOnly`,
 * `placeholder`, `testid`, and callbacks `onChange(text)`, `onRun(selection?)` (selection:
 * `{text, firstLine}` for Ctrl/Cmd-Enter over a selection), `onSave()`,
 * `onEscape()`, `onFocus()`, `onBlur()`; `engineId()`: the engine a SQL editor completes
 * schemas, tables and columns from (sqlAssist.js), omitted for none.
 * `onChange(text, changes)` gets CodeMirror's change objects of the user's edit (or null).
 * Returns `{element, getValue, setValue, applyRemote, showPeers, focus, hasFocus, markErrorLine,
 * clearErrorLine, refresh}`.
 */
export function createEditor(parent, options) {
  const CM = window.CodeMirror;
  return CM ? codeMirrorEditor(CM, parent, options) : textareaEditor(parent, options);
}

function codeMirrorEditor(CM, parent, opts) {
  const wrapper = h("div", { class: `editor editor-${opts.mode || "sql"}`, testid: opts.testid });
  parent.append(wrapper);
  const sql = (opts.mode || "sql") === "sql";
  const keys = {
    "Ctrl-S": () => opts.onSave && opts.onSave(),
    "Cmd-S": () => opts.onSave && opts.onSave(),
    Esc: (cm) => {
      if (cm.state.completionActive) return CM.Pass;
      cm.getInputField().blur();
      if (opts.onEscape) opts.onEscape();
      return undefined;
    },
    Tab: (cm) => (cm.somethingSelected() ? cm.indentSelection("add") : cm.replaceSelection("  ")),
    "Shift-Tab": (cm) => cm.indentSelection("subtract"),
  };
  if (opts.onRun) {
    keys["Shift-Enter"] = () => opts.onRun();
    // Ctrl/Cmd-Enter runs just the selection when there is one.
    const runSelection = (cm) => {
      if (!cm.somethingSelected()) return opts.onRun();
      const from = cm.getCursor("from");
      return opts.onRun({ text: cm.getSelection(), firstLine: from.line + 1 });
    };
    keys["Ctrl-Enter"] = runSelection;
    keys["Cmd-Enter"] = runSelection;
  }
  let assist = null;
  if (sql && CM.showHint) {
    keys["Ctrl-Space"] = (cm) => (assist ? assist.complete() : cm.showHint({ completeSingle: false }));
  }
  const cm = CM(wrapper, {
    value: opts.value || "",
    mode: MODES[opts.mode || "sql"],
    lineNumbers: sql,
    lineWrapping: !sql,
    matchBrackets: true,
    readOnly: opts.readOnly ? "nocursor" : false,
    indentUnit: 2,
    tabSize: 2,
    viewportMargin: Infinity,
    // Keep the text exactly as stored (a "\r" stays a character) so that indexes agree with
    // the server's and other tabs' in co-editing.
    lineSeparator: "\n",
    extraKeys: keys,
    placeholder: opts.placeholder,
  });
  if (sql && opts.engineId && !opts.readOnly) assist = attachSqlAssist(cm, { engineId: opts.engineId });
  let errorLine = null;
  // One callback per CodeMirror operation, with its change objects (for operations, ot.js);
  // changes made by `applyRemote` or `setValue` are not the user's and are not reported.
  cm.on("changes", (_cm, changes) => {
    const local = changes.filter((c) => c.origin !== "setValue" && c.origin !== "remote");
    if (local.length === 0) return;
    clearErrorLine();
    if (opts.onChange) opts.onChange(cm.getValue(), local.length === changes.length ? local : null);
  });
  if (opts.onFocus) cm.on("focus", () => opts.onFocus());
  if (opts.onBlur) cm.on("blur", () => opts.onBlur());

  const updateEmpty = () => wrapper.classList.toggle("is-empty", cm.getValue() === "");
  cm.on("change", updateEmpty);
  updateEmpty();
  if (opts.placeholder) wrapper.dataset.placeholder = opts.placeholder;

  function clearErrorLine() {
    if (errorLine !== null) cm.removeLineClass(errorLine, "background", "cm-error-line");
    errorLine = null;
  }
  const peerMarks = new PeerMarks(cm);
  return {
    element: wrapper,
    cm,
    getValue: () => cm.getValue(),
    setValue: (text) => {
      if (text !== cm.getValue()) cm.setValue(text);
    },
    /** Applies another tab's operation (ot.js) without moving the local cursor or selection. */
    applyRemote(op) {
      const doc = cm.getDoc();
      cm.operation(() => {
        const selections = doc.listSelections().map((r) => [doc.indexFromPos(r.anchor), doc.indexFromPos(r.head)]);
        const primary = doc.listSelections().findIndex((r) => {
          const main = doc.getCursor("head");
          return r.head.line === main.line && r.head.ch === main.ch;
        });
        let index = 0;
        for (const c of op.ops) {
          if (typeof c === "string") {
            doc.replaceRange(c, doc.posFromIndex(index), undefined, "remote");
            index += c.length;
          } else if (c > 0) {
            index += c;
          } else {
            doc.replaceRange("", doc.posFromIndex(index), doc.posFromIndex(index - c), "remote");
          }
        }
        const ranges = selections.map(([anchor, head]) => ({
          anchor: doc.posFromIndex(op.transformIndex(anchor)),
          head: doc.posFromIndex(op.transformIndex(head)),
        }));
        doc.setSelections(ranges, Math.max(0, primary), { origin: "remote", scroll: false });
      });
    },
    /** Draws other people's carets and selections: `[{clientId, name, color, selection}]`. */
    showPeers: (peers) => peerMarks.draw(peers),
    focus: () => cm.focus(),
    hasFocus: () => cm.hasFocus(),
    /** Marks a 1-based line of the text (for a failed statement). */
    markErrorLine(line) {
      clearErrorLine();
      if (!line || line < 1 || line > cm.lineCount()) return;
      errorLine = cm.addLineClass(line - 1, "background", "cm-error-line");
    },
    clearErrorLine,
    refresh: () => cm.refresh(),
  };
}

function textareaEditor(parent, opts) {
  const area = h("textarea", {
    class: `editor editor-fallback editor-${opts.mode || "sql"}`,
    testid: opts.testid,
    spellcheck: "false",
    placeholder: opts.placeholder,
    readonly: !!opts.readOnly,
    rows: 4,
  });
  area.value = opts.value || "";
  parent.append(area);
  const grow = () => {
    area.style.height = "auto";
    area.style.height = `${Math.max(area.scrollHeight, 64)}px`;
  };
  area.addEventListener("input", () => {
    area.classList.remove("has-error");
    grow();
    if (opts.onChange) opts.onChange(area.value);
  });
  area.addEventListener("keydown", (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === "Enter" && (event.shiftKey || mod) && opts.onRun) {
      event.preventDefault();
      if (opts.onRun) opts.onRun();
    } else if (mod && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (opts.onSave) opts.onSave();
    } else if (event.key === "Escape") {
      area.blur();
      if (opts.onEscape) opts.onEscape();
    }
  });
  if (opts.onFocus) area.addEventListener("focus", () => opts.onFocus());
  if (opts.onBlur) area.addEventListener("blur", () => opts.onBlur());
  requestAnimationFrame(grow);
  return {
    element: area,
    cm: null,
    getValue: () => area.value,
    setValue: (text) => {
      if (text !== area.value) {
        area.value = text;
        grow();
      }
    },
    // A plain text box cannot draw other carets; the cell's border still shows who is here.
    showPeers() {},
    applyRemote(op) {
      const start = op.transformIndex(area.selectionStart);
      const end = op.transformIndex(area.selectionEnd);
      area.value = op.apply(area.value);
      area.setSelectionRange(start, end);
      grow();
    },
    focus: () => area.focus(),
    hasFocus: () => document.activeElement === area,
    markErrorLine: () => area.classList.add("has-error"),
    clearErrorLine: () => area.classList.remove("has-error"),
    refresh: grow,
  };
}

/**
 * Other people's carets (a bookmark widget: a bar in their colour with their name above it)
 * and selections (a marked range) in a CodeMirror editor. CodeMirror moves both with every
 * edit, so they stay on the right character until the next presence report redraws them.
 * Offsets are UTF-16 indexes in the reporter's text, clamped to ours.
 */
class PeerMarks {
  constructor(cm) {
    this.cm = cm;
    this.marks = [];
  }

  draw(peers) {
    const cm = this.cm;
    cm.operation(() => {
      for (const mark of this.marks) mark.clear();
      this.marks = [];
      const length = cm.getValue().length;
      const clamp = (n) => Math.max(0, Math.min(length, Number(n) || 0));
      for (const peer of peers || []) {
        if (!peer || !peer.selection) continue;
        const doc = cm.getDoc();
        const anchor = clamp(peer.selection.anchor);
        const head = clamp(peer.selection.head);
        const color = peer.color || "#888";
        if (anchor !== head) {
          const from = doc.posFromIndex(Math.min(anchor, head));
          const to = doc.posFromIndex(Math.max(anchor, head));
          this.marks.push(doc.markText(from, to, {
            className: "peer-selection",
            css: `background-color: ${withAlpha(color)}`,
            attributes: { "data-testid": "peer-selection" },
          }));
        }
        const caret = h("span", { class: "peer-caret", testid: "peer-caret", title: peer.name || "" });
        caret.style.borderLeftColor = color;
        const label = h("span", { class: "peer-caret-label" });
        label.textContent = peer.name || peer.initials || "Someone";
        label.style.backgroundColor = color;
        caret.append(label);
        this.marks.push(doc.setBookmark(doc.posFromIndex(head), { widget: caret, insertLeft: true }));
      }
    });
  }
}

/** `#rrggbb` → the same colour at 25 % opacity; other forms are returned unchanged. */
function withAlpha(color) {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}40` : color;
}

/** Shows `text` highlighted as SQL, read-only, in a `<pre>` (CodeMirror's runmode if loaded). */
export function highlightedSql(text, testid) {
  const pre = h("pre", { class: "sql-static cm-s-default", testid });
  const CM = window.CodeMirror;
  if (CM && CM.runMode) CM.runMode(text, MODES.sql, pre);
  else pre.textContent = text;
  return pre;
}
