// Background saving: edits are applied locally at once and PATCHed later, debounced and in
// order per object, so typing never waits for the network. One Saver per doc page feeds
// its "saving… / saved / error" indicator.

const DEFAULT_DELAY_MS = 500;

/**
 * `send(key, changes)` performs the save for one object (returns a promise).
 * `onState({state, error, pending})` hears "idle" | "saving" | "saved" | "error".
 */
export class Saver {
  constructor(send, onState = () => {}, delayMs = DEFAULT_DELAY_MS) {
    this.send = send;
    this.onState = onState;
    this.delayMs = delayMs;
    this.queued = new Map(); // key → merged changes not yet sent
    this.timers = new Map(); // key → debounce timer
    this.inFlight = new Map(); // key → promise of the request being sent
    this.ops = new Set(); // other requests shown on the indicator (moves, inserts, deletes)
    this.failures = new Map(); // key → consecutive failed sends, for the retry backoff
    this.lastError = null;
    this.state = "idle";
  }

  /** Retries a failed save with a growing delay (1 s, 2 s, 4 s … at most 30 s). */
  retryLater(key) {
    const failures = (this.failures.get(key) || 0) + 1;
    this.failures.set(key, failures);
    if (this.timers.has(key)) return;
    const delay = Math.min(30000, 1000 * 2 ** (failures - 1));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.flushKey(key).catch(() => {});
    }, delay));
  }

  /** Queues `changes` (merged with earlier unsent ones) for `key`; sends after the delay. */
  queue(key, changes, { immediate = false } = {}) {
    this.queued.set(key, { ...(this.queued.get(key) || {}), ...changes });
    clearTimeout(this.timers.get(key));
    if (immediate) {
      this.timers.delete(key);
      return this.flushKey(key);
    }
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.flushKey(key).catch(() => {});
    }, this.delayMs));
    this.report();
    return undefined;
  }

  /** Sends whatever is queued for `key` now; resolves once it (and earlier sends) landed. */
  async flushKey(key) {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    // Saves of one object go in order: wait for the one on the wire first.
    while (this.inFlight.has(key)) {
      try {
        await this.inFlight.get(key);
      } catch {
        // Its error is reported; the newer changes below may still succeed.
      }
    }
    const changes = this.queued.get(key);
    if (!changes) return;
    this.queued.delete(key);
    const promise = Promise.resolve().then(() => this.send(key, changes));
    this.inFlight.set(key, promise);
    this.report();
    try {
      await promise;
      this.lastError = null;
      this.failures.delete(key);
    } catch (error) {
      // Keep the edit: put it back under any newer changes and let the user retry.
      this.queued.set(key, { ...changes, ...(this.queued.get(key) || {}) });
      this.lastError = error;
      // Network trouble and server faults pass; a refused change (4xx) would fail again.
      if (!error.status || error.status >= 500) this.retryLater(key);
      throw error;
    } finally {
      this.inFlight.delete(key);
      this.report();
    }
  }

  /** Sends everything queued now (Ctrl/Cmd-S, before a run, before leaving). */
  async flushAll() {
    const keys = new Set([...this.queued.keys(), ...this.inFlight.keys()]);
    const results = await Promise.allSettled([...keys].map((key) => this.flushKey(key)));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Forgets anything queued for `key` (the object was deleted). */
  drop(key) {
    this.failures.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.queued.delete(key);
    this.report();
  }

  /** Shows a one-off request (a move, an insert) on the indicator; returns its promise. */
  track(promise) {
    this.ops.add(promise);
    this.report();
    const done = () => {
      this.ops.delete(promise);
      this.report();
    };
    promise.then(done, (error) => {
      this.opError = error;
      done();
      this.opError = null;
    });
    return promise;
  }

  /** `true` while some edit has not reached the server. */
  hasPending() {
    return this.queued.size > 0 || this.inFlight.size > 0 || this.ops.size > 0;
  }

  report() {
    let state;
    if (this.opError) state = "error";
    else if (this.inFlight.size > 0 || this.ops.size > 0) state = "saving";
    else if (this.lastError && this.queued.size > 0) state = "error";
    else if (this.queued.size > 0) state = "saving";
    else state = "saved";
    this.state = state;
    this.onState({ state, error: state === "error" ? this.opError || this.lastError : null, pending: this.hasPending() });
  }
}
