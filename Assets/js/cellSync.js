// Co-editing one cell's text by operations (ot.js's client; see Docs/API.md, "POST
// /api/cells/{id}/edits"). Local edits apply to the editor at once; at most one edit is on
// the wire, later ones are composed into a buffer. Committed edits — from the doc's event
// stream, a POST's answer, or a catch-up read of the edit log — are taken strictly in version
// order and transformed against what is still pending, so every tab ends with the same text
// and no keystroke is lost.

import { TextOperation } from "./ot.js";

function randomId() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** This tab's id for the server's de-duplication of resent edits. */
export const TAB_CLIENT_ID = `tab-${randomId()}`;

// Edit ids are unique in the tab (not per sync): a doc opened twice in one tab must not reuse
// an id the server has already committed, or it would answer with the old edit.
let lastEditId = 0;
const nextEditId = () => String(++lastEditId);

const MAX_RETRY_MS = 30000;

/**
 * The client state machine of one cell.
 * `transport`: `{post(cellId, body) → edit, list(cellId, after) → {version, edits},
 * cell(cellId) → {content, version}}` (promises; failures carry `status`, 0 for network).
 * `onRemote(op)` applies a transformed remote operation to the editor (which then shows
 * `text`); `onState(sync)` hears every change of `state()`.
 */
export class CellSync {
  constructor({ cellId, version, text, transport, onRemote = () => {}, onState = () => {}, clientId = TAB_CLIENT_ID, retryBaseMs = 500 }) {
    this.cellId = cellId;
    this.version = version;
    this.text = text; // what the editor shows
    this.transport = transport;
    this.onRemote = onRemote;
    this.onState = onState;
    this.clientId = clientId;
    this.retryBaseMs = retryBaseMs;
    this.outstanding = null; // {op, editId}: sent, not yet acknowledged
    this.buffer = null; // local edits made since, composed
    this.early = new Map(); // version → edit that arrived before the ones ahead of it
    this.failures = 0; // consecutive failed POSTs
    this.postError = null;
    this.listError = null;
    this.retryTimer = null;
    this.catchingUp = false;
    this.catchUpAgain = false;
    this.stopped = false;
  }

  /** A local change of the editor: the `changes` of one CodeMirror event (or none) and the new text. */
  localChange(value, changes) {
    let op = null;
    if (changes && changes.length) {
      try {
        op = TextOperation.fromCodeMirrorChanges(changes, this.text);
        if (op.apply(this.text) !== value) op = null;
      } catch {
        op = null;
      }
    }
    // The editor is the truth: whatever it shows now is what we send.
    if (!op) op = TextOperation.replacing(this.text, value);
    this.localEdit(op);
  }

  /** Records a local operation on `text` and sends it when nothing is on the wire. */
  localEdit(op) {
    if (op.isNoop()) return;
    this.text = op.apply(this.text);
    this.buffer = this.buffer ? this.buffer.compose(op) : op;
    this.flush();
    this.report();
  }

  /** Sends the buffer when nothing is outstanding. */
  flush() {
    if (this.stopped || this.outstanding || !this.buffer) return;
    this.outstanding = { op: this.buffer, editId: nextEditId() };
    this.buffer = null;
    this.send();
  }

  /** Retries a failed send now (Ctrl/Cmd-S), instead of after the backoff. */
  retryNow() {
    if (this.retryTimer && this.outstanding) this.send();
    if (this.listError) this.catchUp();
  }

  send() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const outstanding = this.outstanding;
    if (!outstanding || this.stopped) return;
    const body = {
      baseVersion: this.version,
      operation: outstanding.op.toJSON(),
      clientId: this.clientId,
      editId: outstanding.editId,
    };
    this.transport.post(this.cellId, body).then((edit) => {
      this.failures = 0;
      this.postError = null;
      this.receive(edit);
      this.report();
    }, (error) => {
      // Acknowledged meanwhile (the outstanding object is replaced when transformed: compare ids).
      if (this.stopped || !this.outstanding || this.outstanding.editId !== outstanding.editId) return;
      const status = error && error.status;
      if (status === 404) {
        this.stop();
      } else if (!status || status >= 500 || status === 429) {
        // Resend the very same edit (same editId: the server commits it once) after a while.
        this.failures += 1;
        this.postError = error;
        const delay = Math.min(MAX_RETRY_MS, this.retryBaseMs * 2 ** (this.failures - 1));
        this.retryTimer = setTimeout(() => this.send(), delay);
      } else {
        this.recover();
      }
      this.report();
    });
  }

  /** A committed edit `{version, operation, clientId, editId}`, from any source, in any order. */
  receive(edit) {
    if (this.stopped || !edit || typeof edit.version !== "number") return;
    if (edit.version <= this.version) return; // seen already
    if (edit.version > this.version + 1) {
      // Some edits before it have not reached us yet: read them from the log first.
      this.early.set(edit.version, edit);
      this.catchUp();
      return;
    }
    try {
      this.apply(edit);
      while (this.early.has(this.version + 1)) {
        const next = this.early.get(this.version + 1);
        this.early.delete(this.version + 1);
        this.apply(next);
      }
    } catch {
      // An edit that does not fit what we hold: our state is off, start again from the server's.
      this.recover();
      return;
    }
    for (const version of this.early.keys()) if (version <= this.version) this.early.delete(version);
    this.report();
  }

  /** Takes the edit right after `version`. */
  apply(edit) {
    if (this.outstanding && edit.clientId === this.clientId && edit.editId === this.outstanding.editId) {
      this.outstanding = null;
      this.version = edit.version;
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.failures = 0;
      this.postError = null;
      this.flush();
      return;
    }
    let remote = TextOperation.fromJSON(edit.operation);
    let outstanding = this.outstanding;
    let buffer = this.buffer;
    if (outstanding) {
      const [mine, theirs] = TextOperation.transform(outstanding.op, remote);
      outstanding = { ...outstanding, op: mine };
      remote = theirs;
    }
    if (buffer) [buffer, remote] = TextOperation.transform(buffer, remote);
    const text = remote.apply(this.text);
    this.outstanding = outstanding;
    this.buffer = buffer;
    this.text = text;
    this.version = edit.version;
    if (!remote.isNoop()) this.onRemote(remote);
  }

  /** Reads the edits after `version` from the log (after a gap, a reconnect, a `resync`). */
  async catchUp() {
    if (this.stopped) return;
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = true;
    try {
      for (let round = 0; round < 50; round += 1) {
        this.catchUpAgain = false;
        const log = await this.transport.list(this.cellId, this.version);
        if (this.stopped) return;
        for (const edit of log.edits || []) this.receive(edit);
        // The log answers at most 1,000 edits at a time.
        if (!(log.version > this.version) && !this.catchUpAgain) break;
      }
      this.listError = null;
    } catch (error) {
      const status = error && error.status;
      if (status === 404) this.stop();
      else if (status === 409) this.recover();
      else {
        this.listError = error;
        clearTimeout(this.listTimer);
        this.listTimer = setTimeout(() => this.catchUp(), Math.min(MAX_RETRY_MS, this.retryBaseMs * 4));
      }
    } finally {
      this.catchingUp = false;
      this.report();
    }
  }

  /**
   * Starts again from the server's text after a refused edit. Unacknowledged local typing is
   * kept: it is sent again as one replacement of the server's text by what the editor shows.
   */
  async recover() {
    if (this.stopped || this.recovering) return;
    this.recovering = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.report();
    try {
      const cell = await this.transport.cell(this.cellId);
      if (this.stopped) return;
      const local = this.text;
      const pending = this.outstanding || this.buffer;
      this.outstanding = null;
      this.buffer = null;
      this.early.clear();
      this.version = cell.version;
      this.text = cell.content || "";
      this.postError = null;
      this.failures = 0;
      if (pending) {
        this.text = local;
        const op = TextOperation.replacing(cell.content || "", local);
        if (!op.isNoop()) this.buffer = op;
      } else if (local !== this.text) {
        this.onRemote(TextOperation.replacing(local, this.text));
      }
      this.recovering = false;
      this.flush();
    } catch (error) {
      this.recovering = false;
      if (error && error.status === 404) this.stop();
      else {
        this.postError = error;
        this.retryTimer = setTimeout(() => this.recover(), Math.min(MAX_RETRY_MS, this.retryBaseMs * 4));
      }
    } finally {
      this.report();
    }
  }

  /** Stops syncing (the cell was deleted or the page left). */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.listTimer);
    this.report();
  }

  /** `true` while some local edit is not acknowledged. */
  hasPending() {
    return !this.stopped && (this.outstanding !== null || this.buffer !== null);
  }

  /** "saved" | "saving" | "reconnecting" (sends or reads failing, retried). */
  state() {
    if (this.stopped) return "saved";
    if (this.postError || this.listError) return "reconnecting";
    if (this.hasPending() || this.recovering) return "saving";
    return "saved";
  }

  report() {
    this.onState(this);
  }
}
