// Where the editor's completion items come from: GET /api/engines/{id}/completions, cached per
// engine and request, and debounced while typing. An answer with fewer items than the server's
// cap holds every match, so a longer prefix is filtered from it without asking again. Pure (the
// fetcher is passed in): unit-tested in Tests/Browser/js/completionSource.test.mjs.

/** The server's cap on items per answer. */
export const MAX_ITEMS = 50;

/**
 * `fetcher(engineId, {kind, prefix, schema?, table?})` → a promise of items
 * `[{text, kind, detail, description}]`. Returns `{lookup, cached, forget}`:
 * `lookup(engineId, requests)` → a promise of one item list per request, or `null` when a
 * later lookup replaced it during the debounce.
 */
export function createCompletionSource(fetcher, { debounceMs = 120, maxItems = MAX_ITEMS } = {}) {
  const entries = new Map(); // key → {promise, items?}
  let waiting = null; // {timer, resolve} of the lookup in its debounce

  const keyOf = (engineId, r, prefix = r.prefix || "") =>
    JSON.stringify([String(engineId), r.kind, r.schema || "", r.table || "", prefix.toLowerCase()]);

  /** The items for `request` known without asking, or undefined. */
  function cached(engineId, request) {
    const prefix = request.prefix || "";
    for (let n = prefix.length; n >= 0; n--) {
      const entry = entries.get(keyOf(engineId, request, prefix.slice(0, n)));
      if (!entry || !entry.items) continue;
      if (n === prefix.length) return entry.items;
      if (entry.items.length < maxItems) {
        const p = prefix.toLowerCase();
        return entry.items.filter((item) => String(item.text).toLowerCase().startsWith(p));
      }
    }
    return undefined;
  }

  function load(engineId, request) {
    const known = cached(engineId, request);
    if (known) return Promise.resolve(known);
    const key = keyOf(engineId, request);
    let entry = entries.get(key);
    if (!entry) {
      entry = { promise: null, items: null };
      entry.promise = Promise.resolve(fetcher(engineId, request)).then((items) => {
        entry.items = items || [];
        return entry.items;
      }, (error) => {
        entries.delete(key); // ask again next time
        throw error;
      });
      entries.set(key, entry);
    }
    return entry.promise;
  }

  function lookup(engineId, requests) {
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(null);
      waiting = null;
    }
    const known = requests.map((r) => cached(engineId, r));
    if (known.every((items) => items !== undefined)) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting = null;
        Promise.all(requests.map((r) => load(engineId, r).catch(() => []))).then(resolve);
      }, debounceMs);
      waiting = { timer, resolve };
    });
  }

  return {
    lookup,
    cached,
    /** Drops what is cached for `engineId` (every engine when omitted). */
    forget(engineId) {
      for (const key of [...entries.keys()]) {
        if (engineId === undefined || JSON.parse(key)[0] === String(engineId)) entries.delete(key);
      }
    },
  };
}

/**
 * The requests for a completion context (sqlContext.js): tables and schemas in a table
 * position, a schema's tables, a table's columns (and, for an unknown qualifier, that
 * schema's tables too), or the columns of every table of the statement.
 */
export function requestsFor(ctx) {
  const prefix = ctx.prefix;
  switch (ctx.context) {
    case "table":
      return ctx.schema !== undefined
        ? [{ kind: "table", prefix, schema: ctx.schema }]
        : [{ kind: "table", prefix }, { kind: "schema", prefix }];
    case "column":
      return ctx.maybeSchema
        ? [{ kind: "column", prefix, table: ctx.table }, { kind: "table", prefix, schema: ctx.table }]
        : [{ kind: "column", prefix, table: ctx.table }];
    case "any": {
      const seen = new Set();
      return ctx.tables.filter((t) => !seen.has(t.qualified.toLowerCase()) && seen.add(t.qualified.toLowerCase()))
        .slice(0, 6).map((t) => ({ kind: "column", prefix, table: t.qualified }));
    }
    default:
      return [];
  }
}
