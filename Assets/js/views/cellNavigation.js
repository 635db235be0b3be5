// Keyboard between cells, outside the editors: arrow keys move the focus to the cell above or
// below; Enter goes into the focused cell's editor.

/** Handles `event` when it is on a cell element itself; `entries` is `[{view}]` in order. */
export function navigateCells(event, entries) {
  const cellEl = event.target.closest && event.target.closest("[data-testid=cell]");
  if (!cellEl || event.target !== cellEl) return;
  const index = entries.findIndex((e) => e.view.element === cellEl);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const next = entries[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.view.element.focus();
    }
  } else if (event.key === "Enter") {
    event.preventDefault();
    entries[index].view.focus();
  }
}
