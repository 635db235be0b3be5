// Moving cells by drag and drop (HTML5): a drag starts on a cell's handle; while it is over
// another cell, a line shows on the side it would land; a drop reports the dragged cell, the
// target and the side. The order itself is computed in cellPlacement.js.

import { dropSide } from "../cellPlacement.js";

const TYPE = "application/x-querybook-cell";

/** Wires drag and drop on `list` (the cells' container). `onDrop(draggedId, targetId, side)`. */
export function enableCellDrag(list, { onDrop }) {
  let dragged = null; // the cell id being dragged from this page
  let marked = null;

  const cellOf = (target) => target && target.closest && target.closest("[data-testid=cell]");
  const clearMark = () => {
    if (marked) marked.classList.remove("drop-before", "drop-after");
    marked = null;
  };

  list.addEventListener("dragstart", (event) => {
    const handle = event.target.closest && event.target.closest("[data-testid=cell-drag]");
    const cell = handle && cellOf(handle);
    if (!cell) return;
    dragged = Number(cell.dataset.cellId);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData(TYPE, String(dragged));
    event.dataTransfer.setData("text/plain", `cell ${dragged}`);
    if (event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(cell, 20, 16);
    cell.classList.add("is-dragging");
  });
  list.addEventListener("dragover", (event) => {
    const cell = cellOf(event.target);
    if (dragged === null || !cell) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const side = dropSide(event.clientY, cell.getBoundingClientRect());
    if (marked !== cell) clearMark();
    marked = cell;
    cell.classList.toggle("drop-before", side === "before");
    cell.classList.toggle("drop-after", side === "after");
  });
  list.addEventListener("dragleave", (event) => {
    if (marked && !marked.contains(event.relatedTarget)) clearMark();
  });
  list.addEventListener("drop", (event) => {
    const cell = cellOf(event.target);
    if (dragged === null || !cell) return;
    event.preventDefault();
    const side = dropSide(event.clientY, cell.getBoundingClientRect());
    const from = dragged;
    // The drop re-lays the cells out, after which dragend may not reach the list: end here.
    endDrag();
    onDrop(from, Number(cell.dataset.cellId), side);
  });
  list.addEventListener("dragend", endDrag);

  function endDrag() {
    clearMark();
    for (const el of list.querySelectorAll(".is-dragging")) el.classList.remove("is-dragging");
    dragged = null;
  }
}
