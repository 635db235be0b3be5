import assert from "node:assert/strict";
import { test } from "node:test";
import { dropSide, indexOfPlacement, orderAfterDrop, placementIn, restorePlacement } from "../../../Assets/js/cellPlacement.js";

test("dropping a cell before or after another reorders only it", () => {
  const order = [1, 2, 3, 4];
  assert.deepEqual(orderAfterDrop(order, 1, 3, "after"), [2, 3, 1, 4]);
  assert.deepEqual(orderAfterDrop(order, 4, 1, "before"), [4, 1, 2, 3]);
  assert.deepEqual(orderAfterDrop(order, 2, 4, "after"), [1, 3, 4, 2]);
  assert.deepEqual(orderAfterDrop(order, 3, 2, "before"), [1, 3, 2, 4]);
});

test("a drop that changes nothing is null", () => {
  const order = [1, 2, 3];
  assert.equal(orderAfterDrop(order, 2, 2, "before"), null, "onto itself");
  assert.equal(orderAfterDrop(order, 2, 1, "after"), null, "already right after 1");
  assert.equal(orderAfterDrop(order, 2, 3, "before"), null, "already right before 3");
  assert.equal(orderAfterDrop(order, 9, 1, "before"), null, "unknown cell");
});

test("the placement names a neighbour in the new order", () => {
  assert.deepEqual(placementIn([2, 3, 1, 4], 1), { after: 3 });
  assert.deepEqual(placementIn([4, 1, 2, 3], 4), { before: 1 });
  assert.deepEqual(placementIn([7], 7), {});
  assert.deepEqual(placementIn([1, 2], 9), {});
});

test("every drop, applied as the server would, gives the order shown", () => {
  const order = [1, 2, 3, 4, 5];
  for (const dragged of order) {
    for (const target of order) {
      for (const side of ["before", "after"]) {
        const next = orderAfterDrop(order, dragged, target, side);
        if (!next) continue;
        const placement = placementIn(next, dragged);
        const rest = order.filter((id) => id !== dragged);
        const at = indexOfPlacement(rest, placement);
        assert.deepEqual([...rest.slice(0, at), dragged, ...rest.slice(at)], next, `${dragged} ${side} ${target}`);
      }
    }
  }
});

test("the side follows the middle of the cell", () => {
  const rect = { top: 100, height: 40 };
  assert.equal(dropSide(101, rect), "before");
  assert.equal(dropSide(119, rect), "before");
  assert.equal(dropSide(121, rect), "after");
});

test("an undone delete goes back between its old neighbours", () => {
  assert.deepEqual(restorePlacement([1, 3], 1, 3), { after: 1 });
  assert.deepEqual(restorePlacement([3], 1, 3), { before: 3 }, "previous gone");
  assert.deepEqual(restorePlacement([3, 4], null, 3), { before: 3 }, "it was first");
  assert.deepEqual(restorePlacement([5, 6], null, 3), { before: 5 }, "first, next gone: first again");
  assert.deepEqual(restorePlacement([5, 6], 1, 3), {}, "both gone: last");
  assert.deepEqual(restorePlacement([], null, null), {});
  assert.equal(indexOfPlacement([1, 3], { after: 1 }), 1);
  assert.equal(indexOfPlacement([1, 3], { before: 1 }), 0);
  assert.equal(indexOfPlacement([1, 3], {}), 2);
});
