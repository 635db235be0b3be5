import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// Incremental ingestion: unchanged tables are not written, changed ones are reconciled by
/// column name (people's descriptions and tags survive), gone ones are deleted; people's
/// edits bump `updatedAt`.
@Suite struct MetastoreIngestionTests {
    struct Hub {
        let store: HubStore
        let clock: ManualClock
        let engine: EngineID
    }

    func withHub(_ body: (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            let engine = try await store.upsertSQLiteEngine(name: "files", path: "/nonexistent.sqlite", description: "")
            // Every write to a metastore table counts a row here, so a test can see "no write at all".
            try await store.write { db in
                try db.execute(sql: "CREATE TABLE writes (what TEXT)")
                for table in ["metaTable", "metaColumn"] {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        try db.execute(
                            sql: """
                                CREATE TRIGGER count_\(table)_\(event) AFTER \(event) ON \(table)
                                BEGIN INSERT INTO writes VALUES ('\(table) \(event)'); END
                                """)
                    }
                }
            }
            try await body(Hub(store: store, clock: clock, engine: engine.id))
        }
    }

    static func orders(amountType: String = "numeric", extra: [EngineColumn] = [], rows: Int64 = 1000) -> EngineTable {
        EngineTable(
            schema: "sales", name: "orders", comment: "Every order", rowCount: rows, sizeBytes: 65536,
            columns: [
                EngineColumn(position: 0, name: "id", type: "bigint"),
                EngineColumn(position: 1, name: "amount", type: amountType, comment: "In euros"),
            ] + extra)
    }

    static let customers = EngineTable(
        schema: "sales", name: "customers", columns: [EngineColumn(position: 0, name: "id", type: "bigint")])
    static let daily = EngineTable(
        schema: "reports", name: "daily", kind: .view, columns: [EngineColumn(position: 0, name: "day", type: "date")])

    func writes(_ store: HubStore) async throws -> [String] {
        try await store.read { db in try String.fetchAll(db, sql: "SELECT what FROM writes") }
    }

    func clearWrites(_ store: HubStore) async throws {
        try await store.write { db in try db.execute(sql: "DELETE FROM writes") }
    }

    func table(_ store: HubStore, _ engine: EngineID, _ name: String) async throws -> TableDetail? {
        let (tables, _) = try await store.tables(TableFilter(engines: [engine], limit: 100))
        guard let id = tables.first(where: { $0.table.name == name })?.table.id else { return nil }
        return try await store.tableDetail(id)
    }

    @Test func aFirstIngestionAddsTablesViewsAndColumns() async throws {
        try await withHub { hub in
            let counts = try await hub.store.ingestTables([Self.orders(), Self.customers, Self.daily], engine: hub.engine)
            #expect(counts == IngestionCounts(added: 3))
            let orders = try #require(try await table(hub.store, hub.engine, "orders"))
            #expect(orders.listing.table.schemaName == "sales")
            #expect(orders.listing.table.comment == "Every order")
            #expect(orders.listing.table.rowCount == 1000 && orders.listing.table.sizeBytes == 65536)
            #expect(orders.listing.columnCount == 2)
            #expect(orders.columns.map(\.column.name) == ["id", "amount"])
            #expect(orders.columns.map(\.column.type) == ["bigint", "numeric"])
            #expect(orders.columns[1].column.comment == "In euros")
            #expect(try await table(hub.store, hub.engine, "daily")?.listing.table.kind == .view)
            let schemas = try await hub.store.tableSchemas(engine: hub.engine)
            #expect(schemas.map(\.name) == ["reports", "sales"])
            #expect(schemas.map(\.tableCount) == [1, 2])
        }
    }

    @Test func anUnchangedTableGetsNoWriteAtAll() async throws {
        try await withHub { hub in
            _ = try await hub.store.ingestTables([Self.orders(), Self.customers], engine: hub.engine)
            let before = try #require(try await table(hub.store, hub.engine, "orders"))
            try await clearWrites(hub.store)
            hub.clock.advance(by: 3600)
            // A row count that drifted by less than the rounding is not a change either.
            let counts = try await hub.store.ingestTables([Self.orders(rows: 1004), Self.customers], engine: hub.engine)
            #expect(counts == IngestionCounts(unchanged: 2))
            #expect(try await writes(hub.store) == [])
            let after = try #require(try await table(hub.store, hub.engine, "orders"))
            #expect(after.listing.table.updatedAt == before.listing.table.updatedAt)
            #expect(after.listing.table.syncedAt == before.listing.table.syncedAt)
            #expect(after.listing.table.signature == before.listing.table.signature)
        }
    }

    @Test func aChangedTableKeepsPeoplesWordsOnColumnsThatStay() async throws {
        try await withHub { hub in
            _ = try await hub.store.ingestTables([Self.orders()], engine: hub.engine)
            let first = try #require(try await table(hub.store, hub.engine, "orders"))
            let amount = first.columns[1].column
            let id = first.columns[0].column
            _ = try await hub.store.updateColumn(amount.id, of: first.listing.table.id, description: "Gross, VAT included", tags: ["money"])
            _ = try await hub.store.updateColumn(id.id, of: first.listing.table.id, description: "The order", tags: nil)
            _ = try await hub.store.updateTable(first.listing.table.id, TableChanges(description: "All orders", tags: ["core"]))
            hub.clock.advance(by: 60)
            // amount changes type, id is renamed to order_id, a column is added.
            let changed = EngineTable(
                schema: "sales", name: "orders", comment: "Every order", rowCount: 1000, sizeBytes: 65536,
                columns: [
                    EngineColumn(position: 0, name: "order_id", type: "bigint"),
                    EngineColumn(position: 1, name: "amount", type: "numeric(12,2)", comment: "In euros"),
                    EngineColumn(position: 2, name: "placed_at", type: "timestamptz"),
                ])
            let counts = try await hub.store.ingestTables([changed], engine: hub.engine)
            #expect(counts == IngestionCounts(updated: 1))
            let after = try #require(try await table(hub.store, hub.engine, "orders"))
            #expect(after.columns.map(\.column.name) == ["order_id", "amount", "placed_at"])
            #expect(after.columns[1].column.id == amount.id)
            #expect(after.columns[1].column.type == "numeric(12,2)")
            #expect(after.columns[1].column.description == "Gross, VAT included")
            #expect(after.columns[1].tags == ["money"])
            #expect(after.columns[0].column.description == "")
            #expect(after.listing.table.description == "All orders")
            #expect(after.listing.tags == ["core"])
            #expect(after.listing.table.updatedAt == hub.clock.now())
            #expect(after.listing.table.syncedAt == hub.clock.now())
        }
    }

    @Test func searchFindsIngestedColumnsAndPeoplesWords() async throws {
        try await withHub { hub in
            let admin = User(id: UserID(rawValue: 0), username: "x", displayName: "x", createdAt: Date(), isAdmin: true)
            func found(_ text: String) async throws -> [Int64] {
                try await hub.store.search(SearchRequest(text: text, types: [.table]), for: admin).hits.map(\.id)
            }
            _ = try await hub.store.ingestTables([Self.orders()], engine: hub.engine)
            let orders = try #require(try await table(hub.store, hub.engine, "orders"))
            #expect(try await found("amount") == [orders.listing.table.id.rawValue])
            var changed = Self.orders(extra: [EngineColumn(position: 2, name: "voucher", type: "text")])
            changed.columns[1].name = "total"
            _ = try await hub.store.ingestTables([changed], engine: hub.engine)
            #expect(try await found("voucher") == [orders.listing.table.id.rawValue])
            #expect(try await found("amount") == [])
            let total = try #require(try await table(hub.store, hub.engine, "orders")?.columns[1].column)
            _ = try await hub.store.updateColumn(total.id, of: orders.listing.table.id, description: "gross turnover", tags: nil)
            #expect(try await found("turnover") == [orders.listing.table.id.rawValue])
        }
    }

    @Test func aTableTheEngineNoLongerHasIsDeletedWithItsColumns() async throws {
        try await withHub { hub in
            _ = try await hub.store.ingestTables([Self.orders(), Self.customers], engine: hub.engine)
            let counts = try await hub.store.ingestTables([Self.orders()], engine: hub.engine)
            #expect(counts == IngestionCounts(removed: 1, unchanged: 1))
            #expect(try await table(hub.store, hub.engine, "customers") == nil)
            let orphans = try await hub.store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM metaColumn WHERE tableID NOT IN (SELECT id FROM metaTable)")
            }
            #expect(orphans == 0)
        }
    }

    @Test func progressIsKeptInTheSyncRowBatchByBatch() async throws {
        try await withHub { hub in
            try await hub.store.ensureMetastoreSyncs()
            let many = (0..<25).map { EngineTable(schema: "s", name: "t\($0)", columns: [EngineColumn(position: 0, name: "x", type: "int")]) }
            _ = try await hub.store.ingestTables(many, engine: hub.engine, batchSize: 10)
            var state = try await hub.store.metastoreSync(hub.engine).state
            #expect(state.tablesTotal == 25 && state.tablesDone == 25 && state.tablesAdded == 25)
            var next = Array(many.dropFirst(5))
            next[0].columns[0].type = "bigint"
            _ = try await hub.store.ingestTables(next, engine: hub.engine, batchSize: 10)
            state = try await hub.store.metastoreSync(hub.engine).state
            #expect(state.tablesTotal == 20 && state.tablesDone == 20)
            #expect(state.tablesAdded == 0 && state.tablesUpdated == 1 && state.tablesRemoved == 5)
        }
    }

    @Test func peoplesEditsBumpUpdatedAtAndViewsDoNot() async throws {
        try await withHub { hub in
            _ = try await hub.store.ingestTables([Self.orders()], engine: hub.engine)
            let first = try #require(try await table(hub.store, hub.engine, "orders"))
            let id = first.listing.table.id
            hub.clock.advance(by: 10)
            try await hub.store.recordTableView(id)
            #expect(try await hub.store.tableDetail(id)?.listing.table.updatedAt == first.listing.table.updatedAt)
            #expect(try await hub.store.tableDetail(id)?.listing.table.viewCount == 1)
            let user = try await hub.store.ensureLocalUser()
            let edited = try await hub.store.updateTable(
                id, TableChanges(warnings: "Late by a day", tags: ["b", "a"], golden: true, owners: [user.id]))
            #expect(edited.listing.table.updatedAt == hub.clock.now())
            #expect(edited.listing.tags == ["a", "b"] && edited.listing.table.golden)
            #expect(edited.owners.map(\.id) == [user.id])
            hub.clock.advance(by: 10)
            _ = try await hub.store.updateColumn(first.columns[0].column.id, of: id, description: nil, tags: ["key"])
            #expect(try await hub.store.tableDetail(id)?.listing.table.updatedAt == hub.clock.now())
            await #expect(throws: StoreError.self) {
                _ = try await hub.store.updateTable(id, TableChanges(owners: [UserID(rawValue: 999)]))
            }
        }
    }

    @Test func listsFilterAndOrderGoldenFirstThenUseThenName() async throws {
        try await withHub { hub in
            _ = try await hub.store.ingestTables([Self.orders(), Self.customers, Self.daily], engine: hub.engine)
            let all = try await hub.store.tables(TableFilter(engines: [hub.engine]))
            #expect(all.tables.map(\.table.name) == ["customers", "daily", "orders"] && all.total == 3)
            let orders = try #require(all.tables.last).table.id
            _ = try await hub.store.updateTable(orders, TableChanges(tags: ["core"], golden: true))
            #expect(try await hub.store.tables(TableFilter(engines: [hub.engine])).tables.first?.table.name == "orders")
            #expect(try await hub.store.tables(TableFilter(engines: [hub.engine], query: "TOM")).tables.map(\.table.name) == ["customers"])
            #expect(try await hub.store.tables(TableFilter(engines: [hub.engine], tag: "core")).total == 1)
            #expect(try await hub.store.tables(TableFilter(engines: [hub.engine], goldenOnly: true)).total == 1)
            #expect(try await hub.store.tables(TableFilter(engines: [hub.engine], schema: "reports")).total == 1)
            let page = try await hub.store.tables(TableFilter(engines: [hub.engine], limit: 1, offset: 1))
            #expect(page.tables.count == 1 && page.total == 3)
            #expect(try await hub.store.tables(TableFilter(engines: [])).total == 0)
        }
    }
}
