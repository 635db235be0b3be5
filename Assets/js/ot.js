// Operational transformation of plain text, in ot.js's form and with the server's semantics
// (Sources/Core/TextOperation.swift): an operation is a list of retain / insert / delete over
// the whole text, counted in UTF-16 code units — that is, JavaScript string indices. Its JSON
// form is ot.js's: a positive integer retains, a negative one deletes, a string inserts.

const isRetain = (c) => typeof c === "number" && c > 0;
const isDelete = (c) => typeof c === "number" && c < 0;
const isInsert = (c) => typeof c === "string";

/** A change to a text; build it with `retain`, `insert` and `delete` (they chain). */
export class TextOperation {
  constructor() {
    this.ops = []; // in JSON form: n > 0 retain, n < 0 delete, "text" insert
    this.baseLength = 0; // length of the text it applies to
    this.targetLength = 0; // length of the text it produces
  }

  /** Keeps the next `n` units. */
  retain(n) {
    if (n <= 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const last = this.ops.length - 1;
    if (last >= 0 && isRetain(this.ops[last])) this.ops[last] += n;
    else this.ops.push(n);
    return this;
  }

  /** Inserts `text` here. An insert right after a delete goes before it (canonical form). */
  insert(text) {
    if (!text) return this;
    this.targetLength += text.length;
    const ops = this.ops;
    const last = ops.length - 1;
    if (last >= 0 && isInsert(ops[last])) {
      ops[last] += text;
    } else if (last >= 0 && isDelete(ops[last])) {
      if (last >= 1 && isInsert(ops[last - 1])) ops[last - 1] += text;
      else {
        ops[last + 1] = ops[last];
        ops[last] = text;
      }
    } else {
      ops.push(text);
    }
    return this;
  }

  /** Deletes the next `n` units. */
  delete(n) {
    if (n <= 0) return this;
    this.baseLength += n;
    const last = this.ops.length - 1;
    if (last >= 0 && isDelete(this.ops[last])) this.ops[last] -= n;
    else this.ops.push(-n);
    return this;
  }

  /** Whether it changes nothing. */
  isNoop() {
    return this.ops.every(isRetain);
  }

  toJSON() {
    return this.ops.slice();
  }

  /** Parses ot.js's JSON form; throws on anything else. */
  static fromJSON(json) {
    if (!Array.isArray(json)) throw new Error("An operation is a JSON array.");
    const op = new TextOperation();
    for (const c of json) {
      if (isInsert(c)) op.insert(c);
      else if (Number.isInteger(c) && c > 0) op.retain(c);
      else if (Number.isInteger(c) && c < 0) op.delete(-c);
      else throw new Error(`Not an operation element: ${JSON.stringify(c)}`);
    }
    return op;
  }

  /** The text after the operation; throws when `text` is not its base. */
  apply(text) {
    if (text.length !== this.baseLength) {
      throw new Error(`The operation expects a text of ${this.baseLength} units, not ${text.length}.`);
    }
    const parts = [];
    let index = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        parts.push(text.slice(index, index + c));
        index += c;
      } else if (isInsert(c)) {
        parts.push(c);
      } else {
        index -= c;
      }
    }
    return parts.join("");
  }

  /** One operation with the effect of this one followed by `next`. */
  compose(next) {
    if (this.targetLength !== next.baseLength) {
      throw new Error(`Cannot compose: ${this.targetLength} units then an operation on ${next.baseLength}.`);
    }
    const result = new TextOperation();
    const first = new Cursor(this.ops);
    const second = new Cursor(next.ops);
    while (first.current !== undefined || second.current !== undefined) {
      if (isDelete(first.current)) {
        result.delete(-first.current);
        first.advance();
        continue;
      }
      if (isInsert(second.current)) {
        result.insert(second.current);
        second.advance();
        continue;
      }
      const x = first.current;
      const y = second.current;
      if (x === undefined || y === undefined) throw new Error("The operations cover different lengths.");
      const count = Math.min(length(x), length(y));
      if (isRetain(x) && isRetain(y)) result.retain(count);
      else if (isRetain(x) && isDelete(y)) result.delete(count);
      else if (isInsert(x) && isRetain(y)) result.insert(x.slice(0, count));
      // insert then delete: they cancel out.
      first.consume(count);
      second.consume(count);
    }
    return result;
  }

  /**
   * Reconciles two operations on the same text: `[a′, b′]` with
   * `b′.apply(a.apply(s)) === a′.apply(b.apply(s))`. On inserts at one place, `a`'s comes first.
   */
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) {
      throw new Error(`Cannot transform operations on ${a.baseLength} and ${b.baseLength} units.`);
    }
    const aPrime = new TextOperation();
    const bPrime = new TextOperation();
    const first = new Cursor(a.ops);
    const second = new Cursor(b.ops);
    while (first.current !== undefined || second.current !== undefined) {
      if (isInsert(first.current)) {
        aPrime.insert(first.current);
        bPrime.retain(first.current.length);
        first.advance();
        continue;
      }
      if (isInsert(second.current)) {
        aPrime.retain(second.current.length);
        bPrime.insert(second.current);
        second.advance();
        continue;
      }
      const x = first.current;
      const y = second.current;
      if (x === undefined || y === undefined) throw new Error("The operations cover different lengths.");
      const count = Math.min(length(x), length(y));
      if (isRetain(x) && isRetain(y)) {
        aPrime.retain(count);
        bPrime.retain(count);
      } else if (isDelete(x) && isRetain(y)) {
        aPrime.delete(count);
      } else if (isRetain(x) && isDelete(y)) {
        bPrime.delete(count);
      }
      // delete / delete: both removed it already.
      first.consume(count);
      second.consume(count);
    }
    return [aPrime, bPrime];
  }

  /** The operation turning `oldText` into `newText`: one replacement of the part that differs. */
  static replacing(oldText, newText) {
    let prefix = 0;
    while (prefix < oldText.length && prefix < newText.length && oldText[prefix] === newText[prefix]) prefix += 1;
    let suffix = 0;
    while (suffix < oldText.length - prefix && suffix < newText.length - prefix
      && oldText[oldText.length - 1 - suffix] === newText[newText.length - 1 - suffix]) suffix += 1;
    return new TextOperation()
      .retain(prefix)
      .insert(newText.slice(prefix, newText.length - suffix))
      .delete(oldText.length - prefix - suffix)
      .retain(suffix);
  }

  /**
   * The operation for one CodeMirror 5 `changes` event, given the text before it. Each change
   * object (`from`, `to`: `{line, ch}`; `text`, `removed`: arrays of lines) is relative to
   * the text as the earlier changes of the event left it, so they are taken in turn.
   * Lines are separated by "\n" (the editor is set up with `lineSeparator: "\n"`).
   */
  static fromCodeMirrorChanges(changes, textBefore) {
    let text = textBefore;
    let op = new TextOperation().retain(text.length);
    for (const change of changes) {
      const from = indexFromPos(text, change.from);
      const to = indexFromPos(text, change.to);
      const inserted = change.text.join("\n");
      const step = new TextOperation()
        .retain(from)
        .insert(inserted)
        .delete(to - from)
        .retain(text.length - to);
      text = step.apply(text);
      op = op.compose(step);
    }
    return op;
  }

  /** Where index `index` of the text goes under this operation (an insert at it pushes it only if `pushed`). */
  transformIndex(index, pushed = false) {
    let at = 0; // position in the base text
    let moved = index;
    for (const c of this.ops) {
      if (at > index) break;
      if (isRetain(c)) {
        at += c;
      } else if (isInsert(c)) {
        if (at < index || (at === index && pushed)) moved += c.length;
      } else {
        const n = -c;
        moved -= Math.min(n, index - at);
        at += n;
      }
    }
    return moved;
  }
}

function length(c) {
  return isInsert(c) ? c.length : Math.abs(c);
}

/** `{line, ch}` → index in `text`, clipped like CodeMirror's `indexFromPos`. */
export function indexFromPos(text, pos) {
  let index = 0;
  for (let line = 0; line < pos.line; line += 1) {
    const end = text.indexOf("\n", index);
    if (end < 0) return text.length;
    index = end + 1;
  }
  const end = text.indexOf("\n", index);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(index + Math.max(0, pos.ch), lineEnd);
}

/** Walks components, splitting one when only part of it is used. */
class Cursor {
  constructor(ops) {
    this.ops = ops;
    this.index = 0;
    this.current = ops[0];
  }

  advance() {
    this.index += 1;
    this.current = this.ops[this.index];
  }

  consume(count) {
    const c = this.current;
    if (c === undefined) return;
    if (length(c) === count) {
      this.advance();
      return;
    }
    if (isInsert(c)) this.current = c.slice(count);
    else if (c > 0) this.current = c - count;
    else this.current = c + count;
  }
}
