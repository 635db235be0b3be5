import assert from "node:assert/strict";
import { test } from "node:test";
import {
  completionContext, matchingKeywords, shouldAutoComplete, sqlName, statementAt, tableAt, tablesOf, tokenize,
} from "../../../Assets/js/sqlContext.js";

// `|` marks the cursor.
function at(sql) {
  const cursor = sql.indexOf("|");
  return completionContext(sql.replace("|", ""), cursor);
}

test("after FROM, JOIN, INTO and UPDATE: tables and schemas", () => {
  for (const sql of ["SELECT * FROM |", "SELECT * FROM ev|", "select * from events e join us|",
    "INSERT INTO |", "update |", "SELECT 1 FROM a, |", "SELECT * FROM a x, b y, c|"]) {
    const ctx = at(sql);
    assert.equal(ctx.context, "table", sql);
    assert.equal(ctx.schema, undefined, sql);
  }
  assert.equal(at("SELECT * FROM ev|").prefix, "ev");
  assert.equal(at("SELECT * FROM ev|").from, 14);
});

test("after schema. in a table position: that schema's tables", () => {
  assert.deepEqual(pick(at("SELECT * FROM main.|"), "context", "schema", "prefix"), { context: "table", schema: "main", prefix: "" });
  assert.deepEqual(pick(at("SELECT * FROM main.ev|"), "context", "schema", "prefix"), { context: "table", schema: "main", prefix: "ev" });
  // Trino: catalog.schema is the schema.
  assert.equal(at("SELECT * FROM hive.web.|").schema, "hive.web");
  assert.equal(at('SELECT * FROM "my schema".|').schema, "my schema");
});

test("after alias. or table.: the aliased table's columns", () => {
  assert.deepEqual(pick(at("SELECT e.| FROM events e"), "context", "table"), { context: "column", table: "events" });
  assert.deepEqual(pick(at("SELECT u.na| FROM events e JOIN users AS u ON u.id = e.user_id"), "context", "table", "prefix"),
    { context: "column", table: "users", prefix: "na" });
  assert.equal(at("SELECT events.| FROM events").table, "events");
  assert.equal(at("SELECT x.| FROM main.events x").table, "main.events");
  assert.equal(at("SELECT E.| FROM events e").table, "events", "aliases are case-insensitive");
  assert.equal(at("SELECT * FROM events e WHERE e.|").table, "events");
  // Only the current statement's aliases count.
  const other = at("SELECT * FROM users e;\nSELECT e.| FROM events e");
  assert.equal(other.table, "events");
  const unknown = at("SELECT q.| FROM events e");
  assert.deepEqual(pick(unknown, "context", "table", "maybeSchema"), { context: "column", table: "q", maybeSchema: true });
  assert.equal(at("SELECT main.events.| FROM main.events").table, "main.events");
});

test("elsewhere: the statement's columns and keywords", () => {
  const ctx = at("SELECT na| FROM events e JOIN users u ON 1");
  assert.equal(ctx.context, "any");
  assert.equal(ctx.prefix, "na");
  assert.deepEqual(ctx.tables.map((t) => [t.qualified, t.alias]), [["events", "e"], ["users", "u"]]);
  assert.equal(at("SELECT * FROM events WHERE |").context, "any");
  assert.equal(at("SELECT a, |").context, "any", "a comma in SELECT lists columns");
  assert.equal(at("SELECT * FROM events e |").context, "any");
});

test("no completion inside strings and comments", () => {
  assert.equal(at("SELECT 'FROM |'").context, "none");
  assert.equal(at("SELECT 1 -- FROM |").context, "none");
  assert.equal(at("SELECT /* FROM | */ 1").context, "none");
  assert.equal(at("SELECT 'it''s |").context, "none");
  assert.equal(at("SELECT 'done' FROM |").context, "table");
});

test("quoted names: the prefix is inside the quotes", () => {
  const ctx = at('SELECT * FROM "ev|');
  assert.equal(ctx.context, "table");
  assert.equal(ctx.prefix, "ev");
  assert.equal(ctx.quoted, true);
});

test("tables of a statement: aliases, AS, schemas, subqueries, commas", () => {
  const refs = tablesOf(tokenize("SELECT * FROM main.events AS e, pins p LEFT JOIN (SELECT id FROM boards) b ON 1 JOIN \"odd name\" WHERE x"));
  assert.deepEqual(refs.map((r) => [r.schema, r.name, r.alias]), [
    ["main", "events", "e"], [null, "pins", "p"], [null, "boards", null], [null, "odd name", null],
  ]);
  assert.deepEqual(tablesOf(tokenize("SELECT * FROM events WHERE 1")).map((r) => r.alias), [null]);
  assert.deepEqual(tablesOf(tokenize("INSERT INTO t2 SELECT * FROM t1")).map((r) => r.name), ["t2", "t1"]);
  assert.deepEqual(tablesOf(tokenize("UPDATE users SET x = 1")).map((r) => [r.name, r.alias]), [["users", null]]);
});

test("statements are cut at semicolons outside strings", () => {
  const tokens = tokenize("SELECT ';' FROM a; SELECT 1 FROM b");
  assert.deepEqual(statementAt(tokens, 3).filter((t) => t.type === "word").map((t) => t.value), ["SELECT", "FROM", "a"]);
  assert.deepEqual(statementAt(tokens, 30).filter((t) => t.type === "word").map((t) => t.value), ["SELECT", "FROM", "b"]);
});

test("the list opens on its own after a dot or a first letter in a table position", () => {
  const auto = (sql) => {
    const cursor = sql.indexOf("|");
    const text = sql.replace("|", "");
    return shouldAutoComplete(text, cursor, text[cursor - 1]);
  };
  assert.equal(auto("SELECT * FROM e|"), true);
  assert.equal(auto("SELECT * FROM ev|"), false, "already open from the first letter");
  assert.equal(auto("SELECT e.| FROM events e"), true);
  assert.equal(auto("SELECT * FROM main.|"), true);
  assert.equal(auto("SELECT 1.|"), false, "a decimal point");
  assert.equal(auto("SELECT a|"), false, "not in a column position");
  assert.equal(auto("SELECT '.|'"), false);
  assert.equal(auto("SELECT * FROM 1|"), false);
});

test("keywords follow the case typed", () => {
  assert.deepEqual(matchingKeywords("gro"), ["group"]);
  assert.deepEqual(matchingKeywords("GRO"), ["GROUP"]);
  assert.ok(matchingKeywords("").includes("SELECT"));
  assert.ok(!matchingKeywords("from").includes("from"), "a finished keyword is not offered again");
});

test("names are quoted only when needed", () => {
  assert.equal(sqlName("events"), "events");
  assert.equal(sqlName("odd name"), '"odd name"');
  assert.equal(sqlName('say "hi"'), '"say ""hi"""');
  assert.equal(sqlName("1st"), '"1st"');
});

test("hovering a table name finds it, other words not", () => {
  const sql = "SELECT e.kind FROM main.events e JOIN users u ON u.id = e.user_id";
  assert.equal(tableAt(sql, sql.indexOf("events") + 2).qualified, "main.events");
  assert.equal(tableAt(sql, sql.indexOf("main") + 1).qualified, "main.events");
  assert.equal(tableAt(sql, sql.indexOf("users")).qualified, "users");
  assert.equal(tableAt(sql, sql.indexOf("kind")), null);
  assert.equal(tableAt(sql, sql.indexOf(" e ") + 1), null, "an alias is not a table name");
});

function pick(object, ...keys) {
  return Object.fromEntries(keys.map((k) => [k, object[k]]));
}
