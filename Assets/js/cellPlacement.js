// Where a cell goes, as the API says it (`{after: id}`, `{before: id}` or `{}` for last),
// computed from the cell ids in doc order. Pure functions, unit-tested in
// Tests/Browser/js/cellPlacement.test.mjs.

/**
 * The order after dropping `draggedId` on the `side` ("before" | "after") of `targetId`,
 * or `null` when the drop changes nothing (onto itself, or where it already is).
 */
export function orderAfterDrop(order, draggedId, targetId, side) {
  if (draggedId === targetId || !order.includes(draggedId) || !order.includes(targetId)) return null;
  const rest = order.filter((id) => id !== draggedId);
  const at = rest.indexOf(targetId) + (side === "after" ? 1 : 0);
  const next = [...rest.slice(0, at), draggedId, ...rest.slice(at)];
  return next.every((id, i) => id === order[i]) ? null : next;
}

/** The API placement that puts `cellId` where it is in `order`: after its previous neighbour, else before its next. */
export function placementIn(order, cellId) {
  const i = order.indexOf(cellId);
  if (i < 0) return {};
  if (i > 0) return { after: order[i - 1] };
  if (order.length > 1) return { before: order[1] };
  return {};
}

/** Which side of a cell a drag at `clientY` points to, given the cell's bounding box. */
export function dropSide(clientY, rect) {
  return clientY < rect.top + rect.height / 2 ? "before" : "after";
}

/**
 * Where to recreate a deleted cell that sat between `previousId` and `nextId` (either may be
 * null), given the doc's `order` now: after the previous cell if it is still there, else
 * before the next one, else first when it was first, else last.
 */
export function restorePlacement(order, previousId, nextId) {
  if (previousId !== null && order.includes(previousId)) return { after: previousId };
  if (nextId !== null && order.includes(nextId)) return { before: nextId };
  if (previousId === null && order.length > 0) return { before: order[0] };
  return {};
}

/** The index in `order` a cell created with `placement` lands at. */
export function indexOfPlacement(order, placement) {
  if (placement.after !== undefined) return order.indexOf(placement.after) + 1;
  if (placement.before !== undefined) return Math.max(0, order.indexOf(placement.before));
  return order.length;
}
