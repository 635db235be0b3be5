import { test } from "node:test";
import assert from "node:assert/strict";
import { TextOperation } from "../../../Assets/js/ot.js";
import { rng } from "./support/random.mjs";
import { CellSync } from "../../../Assets/js/cellSync.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));


const networkError = () => Object.assign(new Error("Cannot reach the server."), { status: 0 });

/**
 * The server of Docs/API.md in miniature (as EditRoutes does it), a network that delays,
 * loses requests and answers, and an event stream per client that delivers commits in order.
 */
function world(seed, initial, clients) {
  const random = rng(seed);
  const server = { text: initial, log: [], byId: new Map() };
  const requests = []; // {body, resolve, reject, edit?}
  const editors = [];

  function commit(body) {
    const key = `${body.clientId}/${body.editId}`;
    if (server.byId.has(key)) return server.byId.get(key);
    assert.ok(body.baseVersion <= server.log.length, "an edit on a version the server does not have");
    let op = TextOperation.fromJSON(body.operation);
    for (const other of server.log.slice(body.baseVersion)) op = TextOperation.transform(op, TextOperation.fromJSON(other.operation))[0];
    server.text = op.apply(server.text);
    const edit = { version: server.log.length + 1, operation: op.toJSON(), clientId: body.clientId, editId: body.editId };
    server.log.push(edit);
    server.byId.set(key, edit);
    for (const e of editors) e.inbox.push(edit);
    return edit;
  }

  for (let i = 0; i < clients; i += 1) {
    const editor = { name: `c${i}`, shown: initial, inbox: [], tokens: [] };
    editor.sync = new CellSync({
      cellId: 1, version: 0, text: initial, clientId: `c${i}`, retryBaseMs: 0,
      transport: {
        post: (cellId, body) => new Promise((resolve, reject) => requests.push({ body: structuredClone(body), resolve, reject })),
        list: async (cellId, after) => ({ cellId, version: server.log.length, edits: server.log.slice(after, after + 5) }),
        cell: async () => ({ content: server.text, version: server.log.length }),
      },
      onRemote: (op) => { editor.shown = op.apply(editor.shown); },
    });
    editors.push(editor);
  }

  const pick = (list) => list[Math.floor(random() * list.length)];

  async function step({ failures = true } = {}) {
    // Once failures stop, so does typing: the rest is delivery.
    const r = failures ? random() : 0.35 + random() * 0.55;
    const editor = pick(editors);
    if (r < 0.35) {
      // Type a token before a "." (never inside another token), or delete a ".".
      const dots = editor.shown.split("").map((ch, i) => (ch === "." ? i : -1)).filter((i) => i >= 0);
      if (dots.length === 0) return;
      const at = pick(dots);
      const before = editor.shown;
      if (random() < 0.3) {
        editor.shown = before.slice(0, at) + before.slice(at + 1);
      } else {
        const token = `<${editor.name}-${editor.tokens.length}${pick(["", "é", "🙂"])}>`;
        editor.tokens.push(token);
        editor.shown = before.slice(0, at) + token + before.slice(at);
      }
      editor.sync.localChange(editor.shown);
    } else if (r < 0.55 && requests.length) {
      // A request reaches the server (or is lost on the way).
      const request = requests.splice(Math.floor(random() * requests.length), 1)[0];
      if (failures && random() < 0.1) request.reject(networkError());
      else {
        const edit = commit(request.body);
        // Its answer comes back, or is lost after the commit.
        if (failures && random() < 0.2) request.reject(networkError());
        else request.resolve(edit);
      }
    } else if (r < 0.9) {
      if (editor.inbox.length) editor.sync.receive(editor.inbox.shift());
    } else if (failures && random() < 0.5) {
      // The stream drops what it had not delivered; the reconnect catches up from the log.
      editor.inbox.length = 0;
      editor.sync.catchUp();
    }
    await settle();
    for (const e of editors) assert.equal(e.shown, e.sync.text, `${e.name}'s editor and sync disagree`);
  }

  return { server, editors, requests, step };
}

const SEEDS = process.env.SYNC_SEEDS ? Number(process.env.SYNC_SEEDS) : 6;
for (let seed = 1; seed <= SEEDS; seed += 1) {
  test(`concurrent editors converge and keep every insertion (seed ${seed})`, async () => {
    const w = world(seed, ".".repeat(60), 3);
    for (let i = 0; i < 600; i += 1) await w.step();
    for (let round = 0; round < 500; round += 1) {
      const busy = w.requests.length || w.editors.some((e) => e.inbox.length || e.sync.hasPending());
      if (!busy) break;
      await w.step({ failures: false });
      // Retries wait for a timer.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (const e of w.editors) {
      e.sync.catchUp();
      await settle();
      await settle();
    }
    if (process.env.DEBUG_SYNC) for (const e of w.editors) console.log(e.name, e.sync.version, w.server.log.length, !!e.sync.outstanding, !!e.sync.buffer, e.sync.retryTimer !== null, String(e.sync.postError), e.sync.failures, w.requests.length, e.inbox.length);
    for (const e of w.editors) {
      assert.equal(e.sync.hasPending(), false, `${e.name} still has unacknowledged edits`);
      assert.equal(e.shown, w.server.text, `${e.name} diverged`);
      assert.equal(e.sync.version, w.server.log.length);
      assert.equal(e.sync.state(), "saved");
      for (const token of e.tokens) assert.ok(w.server.text.includes(token), `${token} was lost`);
    }
    assert.ok(w.editors.reduce((n, e) => n + e.tokens.length, 0) > 50);
  });
}

test("an answer ahead of the stream waits for the edits before it", async () => {
  const posted = [];
  const edits = [{ version: 1, operation: ["x", 3], clientId: "other", editId: "1" }];
  let shown = "abc";
  const states = [];
  const sync = new CellSync({
    cellId: 1, version: 0, text: "abc", clientId: "me",
    transport: {
      post: async (cellId, body) => {
        posted.push(body);
        return { version: 2, operation: [4, "!"], clientId: "me", editId: body.editId };
      },
      list: async (cellId, after) => ({ version: 2, edits: [...edits, { version: 2, operation: [4, "!"], clientId: "me", editId: posted[0].editId }].slice(after) }),
      cell: async () => ({ content: "xabc!", version: 2 }),
    },
    onRemote: (op) => { shown = op.apply(shown); },
    onState: (s) => states.push(s.state()),
  });
  shown = "abc!";
  sync.localChange(shown, [{ from: { line: 0, ch: 3 }, to: { line: 0, ch: 3 }, text: ["!"], removed: [""] }]);
  assert.equal(states.at(-1), "saving");
  assert.deepEqual(posted[0].operation, [3, "!"]);
  assert.equal(posted[0].baseVersion, 0);
  for (let i = 0; i < 5; i += 1) await settle();
  assert.equal(sync.version, 2);
  assert.equal(shown, "xabc!");
  assert.equal(sync.text, shown);
  assert.equal(sync.hasPending(), false);
  assert.equal(states.at(-1), "saved");
});

test("a failed send is retried with the same edit id; typing meanwhile is buffered", async () => {
  const bodies = [];
  let fail = 2;
  const states = [];
  const sync = new CellSync({
    cellId: 1, version: 5, text: "", clientId: "me", retryBaseMs: 1,
    transport: {
      post: async (cellId, body) => {
        bodies.push(body);
        if (fail-- > 0) throw networkError();
        return { version: body.baseVersion + 1, operation: body.operation, clientId: "me", editId: body.editId };
      },
      list: async () => ({ version: 5, edits: [] }),
      cell: async () => ({ content: "", version: 5 }),
    },
    onState: (s) => states.push(s.state()),
  });
  sync.localChange("a");
  sync.localChange("ab");
  await settle();
  assert.equal(states.at(-1), "reconnecting");
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(bodies.map((b) => [b.editId, b.baseVersion, b.operation]), [
    [bodies[0].editId, 5, ["a"]], [bodies[0].editId, 5, ["a"]], [bodies[0].editId, 5, ["a"]],
    [bodies[3].editId, 6, [1, "b"]],
  ]);
  assert.notEqual(bodies[3].editId, bodies[0].editId);
  assert.equal(sync.version, 7);
  assert.equal(states.at(-1), "saved");
});
