// A cell's gutter toolbar: drag handle, move up/down, duplicate, collapse/expand, delete.
// The doc page (docCells.js) supplies the actions; the toolbar only draws and reports.

import { h } from "../dom.js";

/**
 * `actions`: `{moveUp(), moveDown(), duplicate(), toggleCollapsed(), remove()}`.
 * Returns `{element, setCollapsed(on), setEnds(first, last)}`.
 */
export function createCellToolbar(cell, actions) {
  const button = (label, title, testid, onClick) =>
    h("button", { type: "button", class: "icon-btn", title, "aria-label": title, testid, onClick }, label);
  // The handle alone is draggable, so selecting text in the cell never starts a drag.
  const handle = h("span", {
    class: "drag-handle", draggable: "true", testid: "cell-drag", title: "Drag to move the cell",
    "aria-hidden": "true",
  }, "⠿");
  const up = button("↑", "Move cell up", "cell-move-up", actions.moveUp);
  const down = button("↓", "Move cell down", "cell-move-down", actions.moveDown);
  const collapse = button("▾", "Collapse cell", "cell-collapse", actions.toggleCollapsed);
  const element = h("div", { class: "cell-toolbar", role: "toolbar", "aria-label": "Cell" },
    handle, up, down,
    button(copyIcon(), "Duplicate cell", "cell-duplicate", actions.duplicate),
    collapse,
    button("✕", "Delete cell", "cell-delete", actions.remove));

  return {
    element,
    setCollapsed(on) {
      collapse.textContent = on ? "▸" : "▾";
      collapse.title = on ? "Expand cell" : "Collapse cell";
      collapse.setAttribute("aria-label", collapse.title);
      collapse.setAttribute("aria-expanded", on ? "false" : "true");
    },
    setEnds(first, last) {
      up.disabled = first;
      down.disabled = last;
    },
  };
}

// Two overlapping squares, drawn: the usual "copy" glyphs are missing from common Linux fonts.
function copyIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "13");
  svg.setAttribute("height", "13");
  svg.setAttribute("aria-hidden", "true");
  for (const [x, y] of [[2, 2], [5, 5]]) {
    const rect = document.createElementNS(ns, "rect");
    for (const [k, v] of Object.entries({ x, y, width: 9, height: 9, rx: 1.5, stroke: "currentColor", "stroke-width": 1.4 })) {
      rect.setAttribute(k, String(v));
    }
    // The front square hides the back one's corner; a CSS variable only works as a style.
    rect.style.fill = x === 5 ? "var(--surface)" : "none";
    svg.append(rect);
  }
  return svg;
}
