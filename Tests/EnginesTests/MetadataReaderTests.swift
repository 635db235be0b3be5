import Core
import Engines
import Foundation
import Testing

/// The metadata readers against real engines: a SQLite file, the PostgreSQL and ClickHouse
/// servers `Tests/Servers` starts, and Trino through recorded exchanges (no Trino runs here).
@Suite struct MetadataReaderTests {
    static func table(_ tables: [EngineTable], _ schema: String, _ name: String) -> EngineTable? {
        tables.first { $0.schema == schema && $0.name == name }
    }

    @Test func sqliteTablesViewsAndColumnsWithStatisticsWhenPresent() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("meta.sqlite")
        try SQLiteFixture.create(
            at: path,
            sql: """
                CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born DATE,
                    upper_name TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL);
                CREATE TABLE [odd "name"] (x);
                CREATE INDEX people_name ON people(name);
                CREATE VIEW adults AS SELECT id, name FROM people;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                INSERT INTO people (id, name) SELECT i, 'p' || i FROM n;
                """)
        let reader = MetadataReader(engine: SQLiteEngine(path: path), kind: .sqlite, timeout: 10)
        let before = try await reader.tables()
        #expect(before.map(\.name) == ["adults", "odd \"name\"", "people"])
        let people = try #require(Self.table(before, "main", "people"))
        #expect(people.kind == .table)
        #expect(people.columns.map(\.name) == ["id", "name", "born", "upper_name"])
        #expect(people.columns.map(\.type) == ["INTEGER", "TEXT", "DATE", "TEXT"])
        #expect(people.columns.map(\.position) == [0, 1, 2, 3])
        // No sqlite_stat1 yet: no row count; dbstat counts the table and its index.
        #expect(people.rowCount == nil)
        #expect((people.sizeBytes ?? 0) >= 2 * 4096)
        let adults = try #require(Self.table(before, "main", "adults"))
        #expect(adults.kind == .view)
        #expect(adults.columns.map(\.name) == ["id", "name"])
        #expect(adults.rowCount == nil && adults.sizeBytes == nil)

        try SQLiteFixture.create(at: path, sql: "ANALYZE")
        let after = try await reader.tables()
        #expect(Self.table(after, "main", "people")?.rowCount == 500)
        #expect(!after.contains { $0.name.hasPrefix("sqlite_") })
    }

    @Test func aBrokenSQLiteViewStillListsTheRest() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("broken.sqlite")
        try SQLiteFixture.create(
            at: path,
            sql: "CREATE TABLE a (x INT, y TEXT); CREATE TABLE b (z); CREATE VIEW v AS SELECT z FROM b; DROP TABLE b;")
        let tables = try await MetadataReader(engine: SQLiteEngine(path: path), kind: .sqlite, timeout: 10).tables()
        #expect(tables.map(\.name) == ["a", "v"])
        #expect(Self.table(tables, "main", "a")?.columns.map(\.name) == ["x", "y"])
        #expect(Self.table(tables, "main", "v")?.columns == [])
    }

    @Test func postgresTablesViewsCommentsAndStatistics() async throws {
        let engine = try PostgresTestServer.engine()
        let schema = "meta_\(UUID().uuidString.prefix(8).lowercased())"
        try await PostgresTestServer.run(
            engine,
            """
            DO $$ BEGIN
              EXECUTE 'CREATE SCHEMA \(schema)';
              EXECUTE 'CREATE TABLE \(schema).orders (id bigint PRIMARY KEY, amount numeric(10,2), note varchar(20), "Mixed Case" text)';
              EXECUTE 'COMMENT ON TABLE \(schema).orders IS ''Every order''';
              EXECUTE 'COMMENT ON COLUMN \(schema).orders.amount IS ''In euros''';
              EXECUTE 'INSERT INTO \(schema).orders SELECT g, g, ''n'', ''m'' FROM generate_series(1, 1000) g';
              EXECUTE 'ANALYZE \(schema).orders';
              EXECUTE 'ALTER TABLE \(schema).orders DROP COLUMN note';
              EXECUTE 'CREATE VIEW \(schema).big_orders AS SELECT id FROM \(schema).orders WHERE amount > 10';
              EXECUTE 'CREATE TABLE \(schema).parted (d date, v int) PARTITION BY RANGE (d)';
              EXECUTE 'CREATE TABLE \(schema).parted_2026 PARTITION OF \(schema).parted FOR VALUES FROM (''2026-01-01'') TO (''2027-01-01'')';
            END $$
            """)
        defer { Task { _ = try? await PostgresTestServer.run(engine, "DROP SCHEMA \(schema) CASCADE") } }
        let tables = try await MetadataReader(engine: engine, kind: .postgres, timeout: 30).tables()
        let mine = tables.filter { $0.schema == schema }
        #expect(mine.map(\.name) == ["big_orders", "orders", "parted"])
        let orders = try #require(Self.table(tables, schema, "orders"))
        #expect(orders.kind == .table)
        #expect(orders.comment == "Every order")
        #expect(orders.columns.map(\.name) == ["id", "amount", "Mixed Case"])
        #expect(orders.columns.map(\.type) == ["bigint", "numeric(10,2)", "text"])
        #expect(orders.columns.map(\.position) == [0, 1, 2])
        #expect(orders.columns[1].comment == "In euros")
        #expect(orders.rowCount == 1000)
        #expect((orders.sizeBytes ?? 0) > 8192)
        let view = try #require(Self.table(tables, schema, "big_orders"))
        #expect(view.kind == .view && view.rowCount == nil && view.sizeBytes == nil)
        #expect(!tables.contains { $0.schema == "pg_catalog" || $0.schema == "information_schema" })
    }

    @Test func clickHouseTablesAndColumnsOnAnOldServer() async throws {
        let engine = ClickHouseEngine(config: try ClickHouseTestServer.config())
        let database = "meta_\(UUID().uuidString.prefix(8).lowercased())"
        for sql in [
            "CREATE DATABASE \(database)",
            "CREATE TABLE \(database).hits (day Date, user UInt64 COMMENT 'who', url Nullable(String)) ENGINE = MergeTree() ORDER BY (day, user)",
            "INSERT INTO \(database).hits SELECT toDate('2026-11-01'), number, 'u' FROM system.numbers LIMIT 300",
            "CREATE TABLE \(database).empty (x Int32) ENGINE = MergeTree() ORDER BY x",
            "CREATE TABLE \(database).memo (x Int32) ENGINE = Memory",
            "CREATE VIEW \(database).daily AS SELECT day, count() AS n FROM \(database).hits GROUP BY day",
        ] {
            _ = try await ClickHouseTestServer.rows(sql)
        }
        defer { Task { _ = try? await ClickHouseTestServer.rows("DROP DATABASE \(database)") } }
        let tables = try await MetadataReader(engine: engine, kind: .clickhouse, timeout: 30).tables()
        #expect(tables.filter { $0.schema == database }.map(\.name) == ["daily", "empty", "hits", "memo"])
        #expect(!tables.contains { $0.schema == "system" })
        let hits = try #require(Self.table(tables, database, "hits"))
        #expect(hits.columns.map(\.name) == ["day", "user", "url"])
        #expect(hits.columns.map(\.type) == ["Date", "UInt64", "Nullable(String)"])
        #expect(hits.columns[1].comment == "who")
        // 18.16 has no total_rows: the active parts say.
        #expect(hits.rowCount == 300)
        #expect((hits.sizeBytes ?? 0) > 0)
        #expect(Self.table(tables, database, "empty")?.rowCount == 0)
        #expect(Self.table(tables, database, "memo")?.rowCount == nil)
        let daily = try #require(Self.table(tables, database, "daily"))
        #expect(daily.kind == .view && daily.rowCount == nil)
        #expect(daily.columns.map(\.name) == ["day", "n"])
    }

    @Test func trinoCatalogsSchemasAndCommentsFromRecordedExchanges() async throws {
        let coordinator = TrinoMetadataStandIn(answers: TrinoMetadataExchanges.answers)
        try await coordinator.serve { base in
            let url = try #require(URL(string: base))
            let engine = TrinoEngine(config: TrinoConfig(host: url.host ?? "", port: url.port, user: "meta"))
            let tables = try await MetadataReader(engine: engine, kind: .trino, timeout: 10).tables()
            #expect(tables.map { "\($0.schema).\($0.name)" } == ["hive.web.page_views", "hive.web.top_pages", "tpch.tiny.nation"])
            let views = try #require(Self.table(tables, "hive.web", "page_views"))
            #expect(views.kind == .table)
            #expect(views.comment == "One row per page view")
            #expect(views.columns.map(\.name) == ["view_time", "user_id", "page_url"])
            #expect(views.columns.map(\.type) == ["timestamp(3)", "bigint", "varchar"])
            #expect(views.columns[1].comment == "Who viewed")
            #expect(views.rowCount == nil && views.sizeBytes == nil)
            #expect(Self.table(tables, "hive.web", "top_pages")?.kind == .view)
            // The older cluster has no `comment` column in information_schema.columns.
            #expect(Self.table(tables, "tpch.tiny", "nation")?.columns.map(\.name) == ["nationkey", "name"])
            // `system` is never read.
            #expect(!coordinator.statements.contains { $0.contains("\"system\".information_schema") })
        }
    }

    @Test func trinoWithACatalogReadsOnlyThatOne() async throws {
        let coordinator = TrinoMetadataStandIn(answers: TrinoMetadataExchanges.answers)
        try await coordinator.serve { base in
            let url = try #require(URL(string: base))
            let engine = TrinoEngine(config: TrinoConfig(host: url.host ?? "", port: url.port, user: "meta", catalog: "tpch"))
            let tables = try await MetadataReader(engine: engine, kind: .trino, catalog: "tpch", timeout: 10).tables()
            #expect(tables.map(\.schema) == ["tpch.tiny"])
            #expect(!coordinator.statements.contains { $0.hasPrefix("SHOW CATALOGS") })
        }
    }
}
