import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBlocks, parseInline, safeHref } from "../../../Assets/js/markdown.js";

test("blocks", () => {
  const blocks = parseBlocks("# Title\n\nSome *text*\nmore\n\n- a\n- b\n\n1. one\n\n```\nSELECT 1;\n```\n> quoted\n---");
  assert.deepEqual(blocks.map((b) => b.type), ["heading", "paragraph", "list", "list", "code", "quote", "rule"]);
  assert.equal(blocks[1].text, "Some *text* more");
  assert.deepEqual(blocks[2], { type: "list", ordered: false, items: ["a", "b"] });
  assert.equal(blocks[3].ordered, true);
  assert.equal(blocks[4].text, "SELECT 1;");
});

test("inline marks and links; raw HTML stays text", () => {
  assert.deepEqual(parseInline("a `b` **c** *d* [e](https://x.io/y)"), [
    { type: "text", text: "a " }, { type: "code", text: "b" }, { type: "text", text: " " },
    { type: "strong", text: "c" }, { type: "text", text: " " }, { type: "em", text: "d" },
    { type: "text", text: " " }, { type: "link", text: "e", href: "https://x.io/y" },
  ]);
  assert.deepEqual(parseInline("<b>x</b>"), [{ type: "text", text: "<b>x</b>" }]);
  assert.deepEqual(parseInline("[bad](javascript:alert(1))")[0].type, "text");
  assert.equal(safeHref("javascript:alert(1)"), null);
  assert.equal(safeHref("mailto:a@b.c"), "mailto:a@b.c");
});
