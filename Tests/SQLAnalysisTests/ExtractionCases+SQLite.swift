import SQLAnalysis

extension ExtractionCase {
    /// SQLite: attached databases, `INSERT OR REPLACE`, brackets, table-valued functions.
    static let sqlite: [ExtractionCase] = [
        ExtractionCase(
            "insert select from a join", .sqlite, "INSERT INTO a SELECT * FROM b JOIN c ON b.id = c.id", .insert,
            reads: ["b", "c"], writes: ["a"]),
        ExtractionCase(
            "demo events by kind", .sqlite, "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC",
            .query, reads: ["events"]),
        ExtractionCase(
            "attached database prefix", .sqlite,
            "SELECT o.id, i.sku FROM main.orders o JOIN aux.items AS i ON i.order_id = o.id", .query,
            reads: ["main.orders", "aux.items"]),
        ExtractionCase(
            "insert or replace with columns", .sqlite, "INSERT OR REPLACE INTO main.kv (k, v) VALUES (?, ?)", .insert,
            writes: ["main.kv"]),
        ExtractionCase(
            "replace into", .sqlite, "REPLACE INTO settings(name, value) SELECT name, value FROM defaults", .insert,
            reads: ["defaults"], writes: ["settings"]),
        ExtractionCase(
            "bracket and backtick identifiers", .sqlite,
            "SELECT [Order ID], `unit price` FROM [order details] JOIN `products` USING (product_id)", .query,
            reads: ["order details", "products"]),
        ExtractionCase(
            "recursive cte is not a table", .sqlite,
            """
            WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10)
            SELECT x, e.kind FROM cnt LEFT JOIN events e ON e.id = cnt.x
            """, .query, reads: ["events"]),
        ExtractionCase(
            "json_each is a table function", .sqlite,
            "SELECT e.id, j.value FROM events e, json_each(e.payload) j WHERE j.key = 'from'", .query,
            reads: ["events"]),
        ExtractionCase(
            "words in strings and comments", .sqlite,
            """
            -- SELECT * FROM commented_out
            SELECT 'DELETE FROM fake' AS s, /* JOIN nope */ x.from_date FROM real_table x
            """, .query, reads: ["real_table"]),
        ExtractionCase(
            "update from", .sqlite,
            "UPDATE inventory SET qty = qty - d.n FROM (SELECT sku, count(*) AS n FROM sales GROUP BY sku) AS d WHERE d.sku = inventory.sku",
            .update, reads: ["sales"], writes: ["inventory"]),
        ExtractionCase(
            "update or ignore", .sqlite, "UPDATE OR IGNORE users SET email = lower(email) WHERE id IN (SELECT user_id FROM bounces)",
            .update, reads: ["bounces"], writes: ["users"]),
        ExtractionCase(
            "delete with subquery", .sqlite, "DELETE FROM sessions WHERE user_id NOT IN (SELECT id FROM users)", .delete,
            reads: ["users"], writes: ["sessions"]),
        ExtractionCase(
            "create table with references", .sqlite,
            "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, user_id INT REFERENCES users(id), total REAL)",
            .create, writes: ["orders"]),
        ExtractionCase(
            "create temp view as", .sqlite,
            "CREATE TEMP VIEW recent AS SELECT * FROM events WHERE ts > datetime('now', '-1 day')", .create,
            reads: ["events"], writes: ["recent"]),
        ExtractionCase(
            "create table as select", .sqlite,
            "CREATE TABLE aux.daily AS SELECT date(ts) AS day, count(*) FROM main.events GROUP BY 1", .create,
            reads: ["main.events"], writes: ["aux.daily"]),
        ExtractionCase(
            "explain query plan", .sqlite, "EXPLAIN QUERY PLAN SELECT * FROM events WHERE kind = 'click'", .explain,
            reads: ["events"]),
        ExtractionCase("pragma", .sqlite, "PRAGMA table_info(events)", .other),
        ExtractionCase(
            "pragma table-valued function", .sqlite, "SELECT name FROM pragma_table_info('events') ORDER BY cid", .query),
        ExtractionCase(
            "union of three", .sqlite,
            "SELECT id FROM a UNION SELECT id FROM b UNION ALL SELECT id FROM c ORDER BY 1 LIMIT 10, 5", .query,
            reads: ["a", "b", "c"]),
        ExtractionCase(
            "insert on conflict do update", .sqlite,
            "INSERT INTO counters (name, n) VALUES ('x', 1) ON CONFLICT (name) DO UPDATE SET n = counters.n + excluded.n",
            .insert, writes: ["counters"]),
        ExtractionCase(
            "window and case", .sqlite,
            """
            SELECT user_id, CASE WHEN amount > 10 THEN 'big' ELSE 'small' END,
                   sum(amount) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
            FROM payments WHERE status IS NOT DISTINCT FROM 'ok'
            """, .query, reads: ["payments"]),
        ExtractionCase("drop table names nothing", .sqlite, "DROP TABLE IF EXISTS old_events", .other),
        ExtractionCase(
            "virtual table", .sqlite, "CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs')", .create,
            writes: ["docs_fts"]),
        ExtractionCase(
            "keyword-named column after dot", .sqlite, "SELECT t.from, t.join, t.\"select\" FROM t WHERE t.order > 1", .query,
            reads: ["t"]),
    ]
}
