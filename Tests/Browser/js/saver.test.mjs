import { test } from "node:test";
import assert from "node:assert/strict";
import { Saver } from "../../../Assets/js/saver.js";

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("edits are merged, debounced and sent once", async () => {
  const sent = [];
  const states = [];
  const saver = new Saver(async (key, changes) => { sent.push([key, changes]); }, (s) => states.push(s.state), 20);
  saver.queue("cell:1", { content: "S" });
  saver.queue("cell:1", { content: "SE" });
  saver.queue("cell:1", { title: "t" });
  assert.equal(saver.hasPending(), true);
  await tick(60);
  assert.deepEqual(sent, [["cell:1", { content: "SE", title: "t" }]]);
  assert.equal(saver.hasPending(), false);
  assert.equal(states.at(-1), "saved");
});

test("flushAll sends at once; saves of one object stay in order", async () => {
  const sent = [];
  let release;
  const saver = new Saver(async (key, changes) => {
    sent.push(changes.content);
    if (changes.content === "a") await new Promise((r) => { release = r; });
  }, () => {}, 1000);
  saver.queue("cell:1", { content: "a" }, { immediate: true });
  saver.queue("cell:1", { content: "b" });
  const all = saver.flushAll();
  await tick(5);
  assert.deepEqual(sent, ["a"], "b waits for a");
  release();
  await all;
  assert.deepEqual(sent, ["a", "b"]);
});

test("a failed save keeps the edit and reports the error", async () => {
  let fail = true;
  const sent = [];
  const states = [];
  const saver = new Saver(async (key, changes) => {
    if (fail) throw Object.assign(new Error("No cell with id 1."), { status: 404 });
    sent.push(changes);
  }, (s) => states.push(s.state), 5);
  await assert.rejects(saver.queue("cell:1", { content: "x" }, { immediate: true }));
  assert.equal(states.at(-1), "error");
  assert.equal(saver.hasPending(), true);
  fail = false;
  await saver.flushAll();
  assert.deepEqual(sent, [{ content: "x" }]);
  assert.equal(states.at(-1), "saved");
});
