import SQLAnalysis

extension ExtractionCase {
    /// Trino: `catalog.schema.table`, `UNNEST`, `TABLESAMPLE`, `TABLE(…)` functions.
    static let trino: [ExtractionCase] = [
        ExtractionCase(
            "three-part names", .trino,
            "SELECT v.url, u.country FROM hive.web.page_views v JOIN postgresql.public.users u ON u.id = v.user_id", .query,
            reads: ["hive.web.page_views", "postgresql.public.users"]),
        ExtractionCase(
            "quoted three-part name", .trino, #"SELECT * FROM "iceberg"."Sales Data"."orders 2024""#, .query,
            reads: ["iceberg.Sales Data.orders 2024"]),
        ExtractionCase(
            "tablesample", .trino, "SELECT count(*) FROM hive.web.clicks TABLESAMPLE BERNOULLI (10) WHERE ds = '2024-01-01'",
            .query, reads: ["hive.web.clicks"]),
        ExtractionCase(
            "cross join unnest with ordinality", .trino,
            "SELECT o.id, item, n FROM orders o CROSS JOIN UNNEST(o.items) WITH ORDINALITY AS t (item, n)", .query,
            reads: ["orders"]),
        ExtractionCase(
            "comma unnest", .trino, "SELECT s.id, x FROM sessions s, UNNEST(s.events) AS e(x) WHERE x > 0", .query,
            reads: ["sessions"]),
        ExtractionCase(
            "table function", .trino,
            "SELECT * FROM TABLE(system.sequence(start => 1, stop => 10)) AS s JOIN memory.default.lookup l ON l.n = s.sequential_number",
            .query, reads: ["memory.default.lookup"]),
        ExtractionCase(
            "recursive cte with columns", .trino,
            """
            WITH RECURSIVE tree (id, parent, depth) AS (
              SELECT id, parent, 0 FROM hive.org.nodes WHERE parent IS NULL
              UNION ALL
              SELECT n.id, n.parent, t.depth + 1 FROM hive.org.nodes n JOIN tree t ON n.parent = t.id)
            SELECT * FROM tree
            """, .query, reads: ["hive.org.nodes"]),
        ExtractionCase(
            "insert into from select", .trino,
            "INSERT INTO hive.mart.daily SELECT ds, count(*) FROM hive.raw.events WHERE ds = DATE '2024-01-01' GROUP BY ds",
            .insert, reads: ["hive.raw.events"], writes: ["hive.mart.daily"]),
        ExtractionCase(
            "ctas with properties", .trino,
            "CREATE TABLE IF NOT EXISTS hive.mart.users_by_country WITH (format = 'ORC', partitioned_by = ARRAY['ds']) AS SELECT country, count(*) AS n FROM hive.raw.users GROUP BY country",
            .create, reads: ["hive.raw.users"], writes: ["hive.mart.users_by_country"]),
        ExtractionCase(
            "create view", .trino,
            "CREATE OR REPLACE VIEW hive.mart.v_active SECURITY INVOKER AS SELECT * FROM hive.raw.users WHERE active", .create,
            reads: ["hive.raw.users"], writes: ["hive.mart.v_active"]),
        ExtractionCase(
            "merge", .trino,
            """
            MERGE INTO iceberg.s.accounts t USING (SELECT * FROM iceberg.s.changes WHERE op <> 'noop') c
            ON (t.id = c.id)
            WHEN MATCHED AND c.op = 'delete' THEN DELETE
            WHEN MATCHED THEN UPDATE SET balance = c.balance
            WHEN NOT MATCHED THEN INSERT (id, balance) VALUES (c.id, c.balance)
            """, .merge, reads: ["iceberg.s.changes"], writes: ["iceberg.s.accounts"]),
        ExtractionCase(
            "insert overwrite", .trino, "INSERT OVERWRITE TABLE hive.mart.snap SELECT * FROM hive.raw.snap_src", .insert,
            reads: ["hive.raw.snap_src"], writes: ["hive.mart.snap"]),
        ExtractionCase(
            "update and delete", .trino,
            "UPDATE iceberg.s.users SET tier = 'gold' WHERE id IN (SELECT user_id FROM iceberg.s.orders GROUP BY 1 HAVING sum(total) > 1000)",
            .update, reads: ["iceberg.s.orders"], writes: ["iceberg.s.users"]),
        ExtractionCase(
            "explain analyze", .trino, "EXPLAIN ANALYZE VERBOSE SELECT * FROM hive.web.clicks c, hive.web.views v", .query,
            reads: ["hive.web.clicks", "hive.web.views"]),
        ExtractionCase(
            "explain with type", .trino, "EXPLAIN (TYPE DISTRIBUTED) SELECT * FROM tpch.tiny.nation", .explain,
            reads: ["tpch.tiny.nation"]),
        ExtractionCase("show tables from catalog", .trino, "SHOW TABLES FROM hive.web", .other),
        ExtractionCase("describe", .trino, "DESCRIBE hive.web.clicks", .other),
        ExtractionCase(
            "values with lambda and array subscript", .trino,
            "SELECT transform(arr, x -> x + 1)[1], try_cast(v AS bigint) FROM (VALUES (ARRAY[1, 2], '3')) AS t (arr, v)",
            .query),
        ExtractionCase(
            "full outer join using and fetch", .trino,
            "SELECT * FROM a FULL OUTER JOIN b USING (id) LEFT JOIN c ON c.id = a.id ORDER BY id OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY",
            .query, reads: ["a", "b", "c"]),
        ExtractionCase(
            "time travel", .trino, "SELECT * FROM iceberg.s.t FOR VERSION AS OF 8954597067493422955 JOIN iceberg.s.u ON true",
            .query, reads: ["iceberg.s.t", "iceberg.s.u"]),
    ]
}
