import assert from "node:assert/strict";
import { test } from "node:test";
import { toVariable, valueText, variableNamed } from "../../../Assets/js/variableLogic.js";

test("a form row becomes the API's typed variable", () => {
  assert.deepEqual(toVariable({ name: " n ", type: "number", text: "42" }), { name: "n", type: "number", value: 42 });
  assert.deepEqual(toVariable({ name: "n", type: "number", text: "4x" }), { name: "n", type: "number", value: "4x" },
    "a number that does not parse goes as typed, for the server to name");
  assert.deepEqual(toVariable({ name: "b", type: "boolean", text: "true" }).value, true);
  assert.deepEqual(toVariable({ name: "d", type: "date", text: " 2026-02-27 " }).value, "2026-02-27");
  assert.deepEqual(toVariable({ name: "l", type: "list", text: "click, save, 3" }).value, ["click", "save", 3]);
  assert.deepEqual(toVariable({ name: "l", type: "list", text: '["a, b", 2]' }).value, ["a, b", 2]);
  assert.deepEqual(toVariable({ name: "l", type: "list", text: "" }).value, []);
  assert.equal(toVariable({ name: "s", type: "string", text: "{{ ds }} " }).value, "{{ ds }} ", "strings are kept as typed");
});

test("values show as they were typed", () => {
  assert.equal(valueText("list", ["a", 2]), "a, 2");
  assert.equal(valueText("number", 2.5), "2.5");
  assert.equal(valueText("string", null), "");
});

test("the variable a message names", () => {
  const names = ["a", "b", "start_date"];
  assert.equal(variableNamed("Variable 'start_date': 'x' is not a date", names), "start_date");
  assert.equal(variableNamed("Variables refer to each other in a cycle: a → b → a.", names), null);
  assert.equal(variableNamed("'zz' is a built-in name", names), null);
});
