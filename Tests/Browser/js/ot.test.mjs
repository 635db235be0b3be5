import { test } from "node:test";
import assert from "node:assert/strict";
import { TextOperation } from "../../../Assets/js/ot.js";
import { rng } from "./support/random.mjs";


const PIECES = ["a", "b", "xy", "\n", "é", "🙂", "中", "SELECT "];

function randomText(random, max = 20) {
  let text = "";
  const n = Math.floor(random() * max);
  for (let i = 0; i < n; i += 1) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

function randomOperation(random, text) {
  const op = new TextOperation();
  let left = text.length;
  while (left > 0) {
    const n = 1 + Math.floor(random() * Math.min(left, 5));
    const r = random();
    if (r < 0.2) op.insert(randomText(random, 3));
    if (r < 0.5) op.retain(n);
    else if (r < 0.8) op.delete(n);
    else op.insert(randomText(random, 3)).retain(n);
    left -= n;
  }
  if (random() < 0.3) op.insert(randomText(random, 3));
  return op;
}

test("transform converges: a then b′ equals b then a′", () => {
  const random = rng(42);
  for (let i = 0; i < 2000; i += 1) {
    const text = randomText(random);
    const a = randomOperation(random, text);
    const b = randomOperation(random, text);
    const [aPrime, bPrime] = TextOperation.transform(a, b);
    assert.equal(bPrime.apply(a.apply(text)), aPrime.apply(b.apply(text)), JSON.stringify({ text, a, b }));
  }
});

test("transform keeps both inserts at one place, the first operation's first", () => {
  const a = new TextOperation().retain(2).insert("AA").retain(1);
  const b = new TextOperation().retain(2).insert("BB").retain(1);
  const [aPrime, bPrime] = TextOperation.transform(a, b);
  assert.equal(bPrime.apply(a.apply("xyz")), "xyAABBz");
  assert.equal(aPrime.apply(b.apply("xyz")), "xyAABBz");
  assert.deepEqual(aPrime.toJSON(), [2, "AA", 3]);
  assert.deepEqual(bPrime.toJSON(), [4, "BB", 1]);
});

test("compose equals applying one after the other", () => {
  const random = rng(7);
  for (let i = 0; i < 2000; i += 1) {
    const text = randomText(random);
    const a = randomOperation(random, text);
    const middle = a.apply(text);
    const b = randomOperation(random, middle);
    const ab = a.compose(b);
    assert.equal(ab.apply(text), b.apply(middle));
    assert.equal(ab.baseLength, text.length);
    assert.equal(ab.targetLength, b.targetLength);
  }
});

test("JSON round trip, and malformed JSON is refused", () => {
  const random = rng(3);
  for (let i = 0; i < 500; i += 1) {
    const op = randomOperation(random, randomText(random));
    const back = TextOperation.fromJSON(JSON.parse(JSON.stringify(op)));
    assert.deepEqual(back.toJSON(), op.toJSON());
    assert.equal(back.baseLength, op.baseLength);
    assert.equal(back.targetLength, op.targetLength);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(TextOperation.fromJSON([5, "hi", -2]))), [5, "hi", -2]);
  assert.throws(() => TextOperation.fromJSON([0]));
  assert.throws(() => TextOperation.fromJSON([1.5]));
  assert.throws(() => TextOperation.fromJSON({}));
  assert.throws(() => new TextOperation().retain(3).apply("ab"));
});

test("fixed vectors match the server's TextOperation", () => {
  assert.deepEqual(TextOperation.replacing("SELECT 1 FROM t", "SELECT 42 FROM t").toJSON(), [7, "42", -1, 7]);
  assert.deepEqual(TextOperation.replacing("", "abc").toJSON(), ["abc"]);
  assert.deepEqual(TextOperation.replacing("abc", "").toJSON(), [-3]);
  assert.deepEqual(TextOperation.replacing("same", "same").toJSON(), [4]);
  // UTF-16 units: an emoji is two.
  assert.deepEqual(TextOperation.replacing("a🙂b", "ab").toJSON(), [1, -2, 1]);
  // An insert after a delete is stored before it.
  assert.deepEqual(new TextOperation().retain(1).delete(2).insert("x").retain(1).toJSON(), [1, "x", -2, 1]);
  const [a, b] = TextOperation.transform(
    TextOperation.fromJSON([5, "hi", -2, 1]), TextOperation.fromJSON([2, "X", 6]));
  assert.deepEqual(a.toJSON(), [6, "hi", -2, 1]);
  assert.deepEqual(b.toJSON(), [2, "X", 6]);
  assert.deepEqual(TextOperation.fromJSON([1, "a", 2]).compose(TextOperation.fromJSON([2, -1, 1])).toJSON(), [1, "a", -1, 1]);
});

test("CodeMirror change lists become one operation", () => {
  const before = "SELECT 1\nFROM t\n";
  // A multi-cursor edit: each change is relative to the text the earlier ones left.
  const changes = [
    { from: { line: 0, ch: 7 }, to: { line: 0, ch: 8 }, text: ["42"], removed: ["1"] },
    { from: { line: 1, ch: 5 }, to: { line: 1, ch: 6 }, text: ["u", "WHERE x"], removed: ["t"] },
    { from: { line: 0, ch: 0 }, to: { line: 0, ch: 0 }, text: ["-- hi", ""], removed: [""] },
  ];
  const op = TextOperation.fromCodeMirrorChanges(changes, before);
  assert.equal(op.apply(before), "-- hi\nSELECT 42\nFROM u\nWHERE x\n");
  // Deleting across lines.
  const joined = TextOperation.fromCodeMirrorChanges(
    [{ from: { line: 0, ch: 3 }, to: { line: 1, ch: 2 }, text: [""], removed: ["ECT 1", "FR"] }], before);
  assert.deepEqual(joined.toJSON(), [3, -8, 5]);
  assert.equal(joined.apply(before), "SELOM t\n");
});

test("indexes follow an operation; an insert at the index pushes it only when asked", () => {
  const op = TextOperation.fromJSON([2, "XY", -3, 4]); // "ab" + "XY" + (cde deleted) + "fghi"
  assert.equal(op.transformIndex(0), 0);
  assert.equal(op.transformIndex(2), 2);
  assert.equal(op.transformIndex(2, true), 4);
  assert.equal(op.transformIndex(4), 4); // inside the deleted part: to its start, after the insert
  assert.equal(op.transformIndex(5), 4);
  assert.equal(op.transformIndex(9), 8);
});
