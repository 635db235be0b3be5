import Core
import Engines
import Execution
import Foundation
import Logging
import Store
import Testing
import TestSupport

/// The metastore sync end to end against real engines: a SQLite file, and the PostgreSQL and
/// ClickHouse servers `Tests/Servers` starts (run through `Tests/Servers/with-servers.sh`).
/// Trino's reader is tested against recorded exchanges in EnginesTests (no Trino runs here);
/// its ingestion is this same code.
@Suite(.serialized) struct MetastoreSyncTests {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    struct Hub {
        let store: HubStore
        let clock: ManualClock
        let service: MetastoreSyncService
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    func withHub(_ body: (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            // Whole seconds: the store keeps dates to the millisecond.
            let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded()))
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            let service = MetastoreSyncService(store: store, engines: EngineCache(), queryTimeout: 60, logger: Self.logger)
            try await body(Hub(store: store, clock: clock, service: service))
        }
    }

    /// `QUERYBOOK_TEST_POSTGRES` as engine settings and password.
    static func postgres() throws -> (settings: EngineSettings, password: String?) {
        guard let text = ProcessInfo.processInfo.environment["QUERYBOOK_TEST_POSTGRES"], let url = URLComponents(string: text),
            let host = url.host, let port = url.port
        else { throw Missing(description: "QUERYBOOK_TEST_POSTGRES is not set: run through Tests/Servers/with-servers.sh") }
        return (
            EngineSettings(host: host, port: port, database: String(url.path.dropFirst()), user: url.user, tls: false),
            url.password
        )
    }

    static func clickHouse() throws -> EngineSettings {
        guard let text = ProcessInfo.processInfo.environment["QUERYBOOK_TEST_CLICKHOUSE"], let url = URL(string: text),
            let host = url.host, let port = url.port
        else { throw Missing(description: "QUERYBOOK_TEST_CLICKHOUSE is not set: run through Tests/Servers/with-servers.sh") }
        return EngineSettings(host: host, port: port, user: "default", tls: false)
    }

    /// Runs `sql` on `engine` (setting up and changing the test's tables).
    static func run(_ engine: any QueryEngine, _ sql: String) async throws {
        final class Discard: RowSink {
            func begin(columns: [ResultColumn]) throws {}
            func append(_ row: [Value]) throws {}
        }
        _ = try await engine.execute(
            sql, limits: QueryLimits(timeout: 30, maxRows: 10), cancellation: QueryCancellation(), sink: Discard())
    }

    func tables(_ hub: Hub, _ engine: EngineID, schema: String) async throws -> [String: TableDetail] {
        var found: [String: TableDetail] = [:]
        for listing in try await hub.store.tables(TableFilter(engines: [engine], schema: schema, limit: 200)).tables {
            found[listing.table.name] = try await hub.store.tableDetail(listing.table.id)
        }
        return found
    }

    /// Asks for a sync now and runs it, one second later on the hub's clock.
    func resync(_ hub: Hub, _ engine: EngineID) async throws {
        hub.clock.advance(by: 1)
        _ = try await hub.store.requestMetastoreSync(engine)
        #expect(try await hub.service.runDueSyncs() == 1)
    }

    @Test func postgresTablesAppearAndOnlyChangesAreWritten() async throws {
        let (settings, password) = try Self.postgres()
        let schema = "sync_\(UUID().uuidString.prefix(8).lowercased())"
        let pg = PostgresEngine(
            config: PostgresConfig(
                host: settings.host ?? "", port: settings.port ?? 5432, database: settings.database ?? "",
                user: settings.user ?? "", password: password, poolSize: 1))
        try await Self.run(
            pg,
            """
            DO $$ BEGIN
              EXECUTE 'CREATE SCHEMA \(schema)';
              EXECUTE 'CREATE TABLE \(schema).orders (id bigint, amount numeric(10,2), note text)';
              EXECUTE 'COMMENT ON TABLE \(schema).orders IS ''Every order''';
              EXECUTE 'COMMENT ON COLUMN \(schema).orders.amount IS ''In euros''';
              EXECUTE 'CREATE VIEW \(schema).recent AS SELECT id FROM \(schema).orders';
            END $$
            """)
        defer { Task { try? await Self.run(pg, "DROP SCHEMA \(schema) CASCADE") } }
        try await withHub { hub in
            let engine = try await hub.store.createEngine(
                EngineDraft(name: "warehouse", kind: .postgres, settings: settings, secret: password))
            #expect(try await hub.service.runDueSyncs() == 1)
            let sync = try await hub.store.metastoreSync(engine.id).state
            #expect(sync.status == .done && sync.error == nil)
            #expect(sync.tablesTotal >= 2 && sync.tablesDone == sync.tablesTotal && sync.tablesAdded == sync.tablesTotal)
            var found = try await tables(hub, engine.id, schema: schema)
            #expect(found.keys.sorted() == ["orders", "recent"])
            let orders = try #require(found["orders"])
            #expect(orders.listing.table.comment == "Every order" && orders.listing.table.kind == .table)
            #expect(orders.columns.map(\.column.name) == ["id", "amount", "note"])
            #expect(orders.columns.map(\.column.type) == ["bigint", "numeric(10,2)", "text"])
            #expect(orders.columns[1].column.comment == "In euros")
            #expect(found["recent"]?.listing.table.kind == .view)

            let amount = orders.columns[1].column
            _ = try await hub.store.updateColumn(amount.id, of: orders.listing.table.id, description: "Gross", tags: ["money"])
            let edited = try #require(try await hub.store.tableDetail(orders.listing.table.id)).listing.table

            try await resync(hub, engine.id)
            found = try await tables(hub, engine.id, schema: schema)
            let unchanged = try #require(found["orders"]).listing.table
            #expect(unchanged.updatedAt == edited.updatedAt && unchanged.syncedAt == edited.syncedAt)
            #expect(unchanged.signature == edited.signature)
            #expect(try await hub.store.metastoreSync(engine.id).state.tablesUpdated == 0)

            try await Self.run(pg, "ALTER TABLE \(schema).orders RENAME COLUMN note TO remark")
            try await Self.run(pg, "DROP VIEW \(schema).recent")
            try await resync(hub, engine.id)
            found = try await tables(hub, engine.id, schema: schema)
            #expect(found.keys.sorted() == ["orders"])
            let renamed = try #require(found["orders"])
            #expect(renamed.columns.map(\.column.name) == ["id", "amount", "remark"])
            #expect(renamed.columns[1].column.id == amount.id)
            #expect(renamed.columns[1].column.description == "Gross" && renamed.columns[1].tags == ["money"])
            #expect(renamed.listing.table.updatedAt == hub.clock.now())
            let state = try await hub.store.metastoreSync(engine.id).state
            #expect(state.tablesUpdated >= 1 && state.tablesRemoved >= 1)
        }
        await pg.closeIdleConnections()
    }

    @Test func clickHouseTablesAppearAndDroppedOnesGo() async throws {
        let settings = try Self.clickHouse()
        let database = "sync_\(UUID().uuidString.prefix(8).lowercased())"
        let ch = ClickHouseEngine(config: ClickHouseConfig(host: settings.host ?? "", port: settings.port))
        for sql in [
            "CREATE DATABASE \(database)",
            "CREATE TABLE \(database).hits (day Date, user UInt64 COMMENT 'who') ENGINE = MergeTree() ORDER BY day",
            "INSERT INTO \(database).hits SELECT toDate('2026-11-01'), number FROM system.numbers LIMIT 50",
            "CREATE TABLE \(database).scratch (x Int32) ENGINE = Memory",
        ] {
            try await Self.run(ch, sql)
        }
        defer { Task { try? await Self.run(ch, "DROP DATABASE \(database)") } }
        try await withHub { hub in
            let engine = try await hub.store.createEngine(EngineDraft(name: "events", kind: .clickhouse, settings: settings))
            #expect(try await hub.service.runDueSyncs() == 1)
            var found = try await tables(hub, engine.id, schema: database)
            #expect(found.keys.sorted() == ["hits", "scratch"])
            let hits = try #require(found["hits"])
            #expect(hits.columns.map(\.column.name) == ["day", "user"])
            #expect(hits.columns.map(\.column.type) == ["Date", "UInt64"])
            #expect(hits.columns[1].column.comment == "who")
            #expect(hits.listing.table.rowCount == 50)

            try await resync(hub, engine.id)
            let same = try #require(try await tables(hub, engine.id, schema: database)["hits"])
            #expect(same.listing.table.updatedAt == hits.listing.table.updatedAt)
            #expect(same.listing.table.signature == hits.listing.table.signature)

            _ = try await hub.store.updateColumn(hits.columns[0].column.id, of: hits.listing.table.id, description: "UTC", tags: nil)
            try await Self.run(ch, "DROP TABLE \(database).scratch")
            try await Self.run(ch, "ALTER TABLE \(database).hits ADD COLUMN url String")
            try await resync(hub, engine.id)
            found = try await tables(hub, engine.id, schema: database)
            #expect(found.keys.sorted() == ["hits"])
            #expect(found["hits"]?.columns.map(\.column.name) == ["day", "user", "url"])
            #expect(found["hits"]?.columns[0].column.description == "UTC")
        }
    }

    @Test func aSQLiteFileIsIngestedAndAFailedSyncSaysWhy() async throws {
        try await withHub { hub in
            try await withTemporaryDirectory { dir in
                let path = dir.appending(path: "shop.sqlite").path
                // An empty file is an empty SQLite database; a writable engine fills it.
                #expect(FileManager.default.createFile(atPath: path, contents: Data()))
                let writer = SQLiteEngine(path: path, readOnly: false)
                try await Self.run(writer, "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)")
                try await Self.run(writer, "CREATE VIEW labels AS SELECT label FROM items")
                let file = try await hub.store.upsertSQLiteEngine(name: "shop", path: path, description: "")
                let broken = try await hub.store.createEngine(
                    EngineDraft(
                        name: "nowhere", kind: .postgres,
                        settings: EngineSettings(host: "127.0.0.1", port: 1, database: "x", user: "u", tls: false)))
                #expect(try await hub.service.runDueSyncs() == 2)
                let found = try await tables(hub, file.id, schema: "main")
                #expect(found.keys.sorted() == ["items", "labels"])
                #expect(found["items"]?.columns.map(\.column.type) == ["INTEGER", "TEXT"])
                let failed = try await hub.store.metastoreSync(broken.id).state
                #expect(failed.status == .failed)
                #expect((failed.error ?? "").isEmpty == false)
                #expect(failed.nextRunAt == failed.finishedAt?.addingTimeInterval(24 * 3600))
            }
        }
    }
}
