// node --test: what a collapsed cell shows and how a chart cell reads its settings.
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstLine } from "../../../Assets/js/format.js";
import { parseChartConfig } from "../../../Assets/js/views/chartCell.js";

test("a collapsed cell shows its first non-blank line", () => {
  assert.equal(firstLine("\n   \n  SELECT 1  \nFROM t"), "SELECT 1");
  assert.equal(firstLine(""), "");
  assert.equal(firstLine(null), "");
});

test("chart settings keep unknown keys and fall back to defaults", () => {
  assert.deepEqual(parseChartConfig('{"source": 4, "type": "pie", "x": "day"}'), { source: 4, type: "pie", x: "day" });
  assert.deepEqual(parseChartConfig('{"type": "line"}'), { source: null, type: "line" });
  for (const bad of ["", "{oops", "[1]", "null", "7"]) {
    assert.deepEqual(parseChartConfig(bad), { source: null, type: "bar" }, bad);
  }
});
