import SQLAnalysis

extension ExtractionCase {
    /// ClickHouse: `db.table`, `FINAL`, `ARRAY JOIN`, `FORMAT`, `SETTINGS`, table functions,
    /// `WITH <expr> AS name`, backslash escapes, `#` comments.
    static let clickhouse: [ExtractionCase] = [
        ExtractionCase(
            "final prewhere settings format", .clickhouse,
            "SELECT user_id, count() FROM analytics.events FINAL PREWHERE date = today() GROUP BY user_id SETTINGS max_threads = 4, max_memory_usage = 1e9 FORMAT JSONEachRow",
            .query, reads: ["analytics.events"]),
        ExtractionCase(
            "array join list is not tables", .clickhouse,
            "SELECT s.id, tag, n FROM sessions AS s ARRAY JOIN tags AS tag, counts AS n WHERE n > 0", .query,
            reads: ["sessions"]),
        ExtractionCase(
            "left array join then join", .clickhouse,
            "SELECT * FROM logs LEFT ARRAY JOIN entries AS e INNER JOIN db.users AS u ON u.id = e.user_id", .query,
            reads: ["logs", "db.users"]),
        ExtractionCase(
            "global any left join using", .clickhouse,
            "SELECT * FROM hits_local AS h GLOBAL ANY LEFT JOIN (SELECT id, name FROM dict_users) AS u USING (id)", .query,
            reads: ["hits_local", "dict_users"]),
        ExtractionCase(
            "numbers table function", .clickhouse,
            "SELECT number, t.v FROM numbers(10) AS n LEFT JOIN metrics.t AS t ON t.k = n.number", .query,
            reads: ["metrics.t"]),
        ExtractionCase(
            "remote and s3 functions", .clickhouse,
            "SELECT * FROM remote('host:9000', db.far_table) UNION ALL SELECT * FROM s3('https://b/x.csv', 'CSV')", .query),
        ExtractionCase(
            "with expression aliases and a cte", .clickhouse,
            """
            WITH 10 AS top_n, (SELECT max(ts) FROM events) AS latest, recent AS (SELECT * FROM events WHERE ts > latest - 3600)
            SELECT kind, count() FROM recent GROUP BY kind ORDER BY count() DESC LIMIT top_n
            """, .query, reads: ["events"]),
        ExtractionCase(
            "backslash escapes and hash comment", .clickhouse,
            """
            # SELECT * FROM hidden_a
            SELECT 'it\\'s FROM hidden_b', `weird\\`name` FROM visible
            """, .query, reads: ["visible"]),
        ExtractionCase(
            "insert select", .clickhouse,
            "INSERT INTO stats.daily (day, hits) SELECT toDate(ts), count() FROM raw.hits GROUP BY 1", .insert,
            reads: ["raw.hits"], writes: ["stats.daily"]),
        ExtractionCase(
            "insert format data is not sql", .clickhouse,
            "INSERT INTO db.t FORMAT CSV\n1,\"SELECT * FROM nope\"\n2,'x FROM y'", .insert, writes: ["db.t"]),
        ExtractionCase(
            "insert into table keyword and settings", .clickhouse,
            "INSERT INTO TABLE db.t SETTINGS async_insert = 1 VALUES (1, 'a')", .insert, writes: ["db.t"]),
        ExtractionCase(
            "insert into function", .clickhouse, "INSERT INTO FUNCTION file('out.tsv', 'TSV') SELECT * FROM src", .insert,
            reads: ["src"]),
        ExtractionCase(
            "create table engine as select", .clickhouse,
            "CREATE TABLE IF NOT EXISTS db.top ON CLUSTER main ENGINE = MergeTree ORDER BY id AS SELECT id FROM db.src WHERE x",
            .create, reads: ["db.src"], writes: ["db.top"]),
        ExtractionCase(
            "materialized view to target", .clickhouse,
            "CREATE MATERIALIZED VIEW db.mv TO db.agg AS SELECT toStartOfHour(ts) AS h, count() AS c FROM db.raw GROUP BY h",
            .create, reads: ["db.raw"], writes: ["db.mv", "db.agg"]),
        ExtractionCase(
            "create table with columns and engine", .clickhouse,
            "CREATE TABLE t (id UInt64, d Date DEFAULT today()) ENGINE = ReplacingMergeTree(ver) PARTITION BY toYYYYMM(d) ORDER BY (id)",
            .create, writes: ["t"]),
        ExtractionCase(
            "alter update mutation", .clickhouse,
            "ALTER TABLE db.users UPDATE status = 'gone' WHERE id IN (SELECT id FROM db.deletions)", .alter,
            reads: ["db.deletions"], writes: ["db.users"]),
        ExtractionCase(
            "alter delete mutation", .clickhouse, "ALTER TABLE db.events ON CLUSTER c DELETE WHERE date < '2020-01-01'",
            .alter, writes: ["db.events"]),
        ExtractionCase(
            "lightweight delete", .clickhouse, "DELETE FROM db.events WHERE user_id = 7", .delete, writes: ["db.events"]),
        ExtractionCase(
            "sample and limit by", .clickhouse,
            "SELECT domain, path FROM web.visits SAMPLE 1/10 WHERE x GLOBAL IN (SELECT x FROM web.allowed) LIMIT 3 BY domain",
            .query, reads: ["web.visits", "web.allowed"]),
        ExtractionCase("system tables", .clickhouse, "SELECT * FROM system.parts WHERE active", .query, reads: ["system.parts"]),
        ExtractionCase("show tables from", .clickhouse, "SHOW TABLES FROM analytics LIKE '%event%'", .other),
        ExtractionCase("optimize final", .clickhouse, "OPTIMIZE TABLE db.t FINAL", .other),
        ExtractionCase(
            "explain syntax", .clickhouse, "EXPLAIN SYNTAX SELECT * FROM a JOIN b ON a.x = b.x", .explain, reads: ["a", "b"]),
        ExtractionCase(
            "with totals and lambda", .clickhouse,
            "SELECT arrayMap(x -> x * 2, arr), count() FROM db.t GROUP BY arr WITH TOTALS", .query, reads: ["db.t"]),
        ExtractionCase(
            "query parameters", .clickhouse,
            "SELECT * FROM db.t WHERE id = {id:UInt64} AND name = {name:String}", .query, reads: ["db.t"]),
    ]
}
