// What the SQL editor should complete at the cursor: a small tokenizer (strings, quoted names,
// comments), the statement around the cursor, the tables it names with their aliases
// (`FROM events e`, `JOIN users AS u`), and the context — tables (and schemas) after
// FROM/JOIN/INTO/UPDATE, a schema's tables after `schema.`, a table's columns after `alias.`
// or `table.`, else the statement's columns plus keywords. Pure: unit-tested in
// Tests/Browser/js/sqlContext.test.mjs.

/** Keywords offered outside table positions (and never taken for an alias). */
export const KEYWORDS = [
  "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "BETWEEN",
  "EXISTS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "USING", "AS",
  "GROUP", "BY", "ORDER", "ASC", "DESC", "HAVING", "LIMIT", "OFFSET", "UNION", "ALL", "EXCEPT",
  "INTERSECT", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "WITH", "INSERT", "INTO",
  "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "TABLE", "VIEW", "DROP", "ALTER", "COUNT",
  "SUM", "AVG", "MIN", "MAX", "CAST", "COALESCE", "TRUE", "FALSE", "OVER", "PARTITION",
  "WINDOW", "NATURAL", "LATERAL", "RETURNING", "DATE", "INTERVAL",
];

// Words that are never an alias: they end a table reference.
const NOT_ALIAS = new Set([...KEYWORDS, "PREWHERE", "FINAL", "SAMPLE", "FORMAT", "SETTINGS",
  "QUALIFY", "FETCH", "TABLESAMPLE", "ARRAY", "GLOBAL", "ANY", "SEMI", "ANTI", "ASOF", "OVERWRITE"]);
// After these a table name comes.
const TABLE_WORDS = new Set(["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "DESCRIBE"]);
// Keywords that start a clause; a comma inside FROM's clause lists another table.
const CLAUSE_WORDS = new Set(["SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT",
  "ON", "USING", "SET", "VALUES", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "RETURNING", "JOIN",
  "PREWHERE", "QUALIFY", "OFFSET", "INTO", "UPDATE"]);

const WORD_CHAR = /[A-Za-z0-9_$]/;

/**
 * Splits `text` into tokens `{type, text, value, start, end, open?}`: type "word", "quoted"
 * (a `"…"`, `` `…` `` or `[…]` name; value without quotes), "string", "number", "comment",
 * "punct". `open` marks a string, name or block comment that runs to the end of the text.
 */
export function tokenize(text) {
  const tokens = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "-" && text[i + 1] === "-") {
      while (i < n && text[i] !== "\n") i++;
      tokens.push({ type: "comment", text: text.slice(start, i), start, end: i, open: i >= n });
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      tokens.push({ type: "comment", text: text.slice(start, i), start, end: i, open: close < 0 });
      continue;
    }
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const closer = c === "[" ? "]" : c;
      i++;
      let value = "";
      let open = true;
      while (i < n) {
        if (text[i] === closer) {
          if (closer !== "]" && text[i + 1] === closer) { value += closer; i += 2; continue; }
          i++;
          open = false;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: c === "'" ? "string" : "quoted", text: text.slice(start, i), value, start, end: i, open });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9.eE_]/.test(text[i])) i++;
      tokens.push({ type: "number", text: text.slice(start, i), value: text.slice(start, i), start, end: i });
      continue;
    }
    if (WORD_CHAR.test(c) || c.charCodeAt(0) > 127) {
      while (i < n && (WORD_CHAR.test(text[i]) || text.charCodeAt(i) > 127)) i++;
      tokens.push({ type: "word", text: text.slice(start, i), value: text.slice(start, i), start, end: i });
      continue;
    }
    i++;
    tokens.push({ type: "punct", text: c, value: c, start, end: i });
  }
  return tokens;
}

const isName = (t) => t && (t.type === "word" || t.type === "quoted");
const upper = (t) => (t && t.type === "word" ? t.value.toUpperCase() : "");
const isPunct = (t, p) => t && t.type === "punct" && t.value === p;

/** The tokens of the statement holding `cursor` (statements end at `;`), and where it starts. */
export function statementAt(tokens, cursor) {
  let from = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (isPunct(tokens[k], ";")) {
      if (tokens[k].end <= cursor) from = k + 1;
      else return tokens.slice(from, k);
    }
  }
  return tokens.slice(from);
}

/**
 * The tables a statement's tokens name: `[{schema, name, alias, qualified, start, end}]`
 * (`schema` null when unqualified; `qualified` as written, e.g. `main.events`; start/end:
 * where the name is written). Subqueries are skipped, their own FROMs read.
 */
export function tablesOf(tokens) {
  const refs = [];
  const clauses = [null]; // the current clause keyword, per parenthesis depth
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === "comment") continue;
    if (isPunct(t, "(")) { clauses.push(null); continue; }
    if (isPunct(t, ")")) { if (clauses.length > 1) clauses.pop(); continue; }
    const word = upper(t);
    const startsRef = TABLE_WORDS.has(word) || (isPunct(t, ",") && clauses[clauses.length - 1] === "FROM");
    if (CLAUSE_WORDS.has(word)) clauses[clauses.length - 1] = word === "JOIN" ? "FROM" : word;
    if (!startsRef) continue;
    const ref = readRef(tokens, k + 1);
    if (ref) {
      refs.push(ref.ref);
      k = ref.next - 1;
    }
  }
  return refs;
}

// A table reference from token `k`: name(.name)* [AS] [alias].
function readRef(tokens, k) {
  const skip = (j) => { while (tokens[j] && tokens[j].type === "comment") j++; return j; };
  k = skip(k);
  if (!isName(tokens[k]) || NOT_ALIAS.has(upper(tokens[k]))) return null;
  const parts = [tokens[k]];
  let j = k + 1;
  while (isPunct(tokens[j], ".") && isName(tokens[j + 1]) && tokens[j].start === parts[parts.length - 1].end) {
    parts.push(tokens[j + 1]);
    j += 2;
  }
  const names = parts.map((p) => p.value);
  j = skip(j);
  let alias = null;
  if (upper(tokens[j]) === "AS") j = skip(j + 1);
  if (isName(tokens[j]) && !(tokens[j].type === "word" && NOT_ALIAS.has(upper(tokens[j])))) {
    alias = tokens[j].value;
    j++;
  }
  const name = names[names.length - 1];
  const schema = names.length > 1 ? names.slice(0, -1).join(".") : null;
  return {
    ref: { schema, name, alias, qualified: names.join("."), start: parts[0].start, end: parts[parts.length - 1].end },
    next: j,
  };
}

/**
 * What to complete at `cursor` in `text`:
 * `{context, prefix, from, quoted, schema?, table?, maybeSchema?, tables}` where context is
 * "none" (in a string or comment), "table" (tables and schemas, or `schema`'s tables),
 * "column" (`table`'s columns; `maybeSchema`: the qualifier is no known table or alias, so it
 * may be a schema too) or "any" (the statement's columns and keywords). `prefix` is the word
 * typed so far, starting at index `from`; `tables` the statement's tables.
 */
export function completionContext(text, cursor) {
  const tokens = tokenize(text);
  const inside = tokens.find((t) => t.start < cursor && (cursor < t.end || (t.open && cursor === t.end)));
  if (inside && (inside.type === "string" || inside.type === "comment")) {
    return { context: "none", prefix: "", from: cursor, quoted: false, tables: [] };
  }
  let from = cursor;
  let quoted = false;
  if (inside && inside.type === "quoted") {
    from = inside.start + 1;
    quoted = true;
  } else {
    while (from > 0 && (WORD_CHAR.test(text[from - 1]) || text.charCodeAt(from - 1) > 127)) from--;
  }
  const prefix = text.slice(from, cursor);
  const wordStart = quoted ? from - 1 : from;
  const before = tokens.filter((t) => t.end <= wordStart && t.type !== "comment");
  // A qualifier chain right before the word: `a.b.` …
  const chain = [];
  let k = before.length - 1;
  let edge = wordStart;
  while (isPunct(before[k], ".") && before[k].end === edge && isName(before[k - 1]) && before[k - 1].end === before[k].start) {
    chain.unshift(before[k - 1]);
    edge = before[k - 1].start;
    k -= 2;
  }
  const previous = before[k];
  const statement = statementAt(tokens, cursor);
  const tables = tablesOf(statement);
  const base = { prefix, from, quoted, tables };
  const tablePosition = TABLE_WORDS.has(upper(previous)) || (isPunct(previous, ",") && clauseBefore(statement, previous) === "FROM");
  if (chain.length) {
    const qualifier = chain.map((t) => t.value).join(".");
    if (tablePosition) return { ...base, context: "table", schema: qualifier };
    if (chain.length === 1) {
      const q = qualifier.toLowerCase();
      const ref = tables.find((t) => t.alias && t.alias.toLowerCase() === q) || tables.find((t) => t.name.toLowerCase() === q);
      if (ref) return { ...base, context: "column", table: ref.qualified };
      return { ...base, context: "column", table: qualifier, maybeSchema: true };
    }
    return { ...base, context: "column", table: qualifier };
  }
  if (tablePosition) return { ...base, context: "table" };
  return { ...base, context: "any" };
}

// The clause keyword in force at token `at` (same parenthesis depth), scanning back.
function clauseBefore(statement, at) {
  let depth = 0;
  for (let k = statement.indexOf(at) - 1; k >= 0; k--) {
    const t = statement[k];
    if (isPunct(t, ")")) depth++;
    else if (isPunct(t, "(")) {
      if (depth === 0) return null;
      depth--;
    } else if (depth === 0 && CLAUSE_WORDS.has(upper(t))) return upper(t) === "JOIN" ? "FROM" : upper(t);
  }
  return null;
}

/**
 * Whether typing `typed` (one character, just inserted before `cursor`) should open the
 * completion list on its own: after a `.` that qualifies a name, or at the first letter of a
 * word where a table name goes.
 */
export function shouldAutoComplete(text, cursor, typed) {
  if (typed === ".") {
    if (!WORD_CHAR.test(text[cursor - 2] || "") && !/["`\]]/.test(text[cursor - 2] || "")) return false;
    const ctx = completionContext(text, cursor);
    return ctx.context === "column" || (ctx.context === "table" && ctx.schema !== undefined);
  }
  if (!/^[A-Za-z_]$/.test(typed)) return false;
  const ctx = completionContext(text, cursor);
  return ctx.context === "table" && ctx.schema === undefined && ctx.prefix.length === 1;
}

/** The keywords starting with `prefix` (any case), in the case the prefix is typed in. */
export function matchingKeywords(prefix) {
  const p = prefix.toUpperCase();
  const lower = prefix !== "" && prefix === prefix.toLowerCase();
  return KEYWORDS.filter((k) => k.startsWith(p) && k !== p).map((k) => (lower ? k.toLowerCase() : k));
}

/** `name` as SQL: bare when it is a plain identifier, else double-quoted. */
export function sqlName(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${String(name).replace(/"/g, '""')}"`;
}

/**
 * The table named at `index` in `text` (hovering a name): `{qualified, start, end}` when the
 * word there is part of a table reference of its statement, else null.
 */
export function tableAt(text, index) {
  const tokens = tokenize(text);
  const statement = statementAt(tokens, index);
  return tablesOf(statement).find((t) => t.start <= index && index < t.end) || null;
}
