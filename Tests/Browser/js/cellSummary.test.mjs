// node --test: what a collapsed cell shows and how a chart cell reads its settings.
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstLine } from "../../../Assets/js/format.js";
import { parseChartConfig } from "../../../Assets/js/views/chartCell.js";
import { serializeConfig } from "../../../Assets/js/chartSpec.js";

test("a collapsed cell shows its first non-blank line", () => {
  assert.equal(firstLine("\n   \n  SELECT 1  \nFROM t"), "SELECT 1");
  assert.equal(firstLine(""), "");
  assert.equal(firstLine(null), "");
});

test("chart settings keep unknown keys and fall back to defaults", () => {
  const config = parseChartConfig('{"source": 4, "type": "pie", "x": "day", "later": true}');
  assert.equal(config.source, 4);
  assert.equal(config.type, "pie");
  assert.equal(config.x, "day");
  assert.equal(config.legend, "top", "a default fills what is missing");
  assert.equal(serializeConfig(config), '{"source":4,"type":"pie","x":"day","later":true}');
  assert.equal(serializeConfig(parseChartConfig('{"type": "line"}')), '{"source":null,"type":"line"}');
  for (const bad of ["", "{oops", "[1]", "null", "7"]) {
    assert.equal(serializeConfig(parseChartConfig(bad)), '{"source":null,"type":"bar"}', bad);
  }
});
