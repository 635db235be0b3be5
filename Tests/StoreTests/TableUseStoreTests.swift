import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Query analytics in the store (schema v10): the job a successful run enqueues, and recording
/// its tables once however often the job runs.
@Suite struct TableUseStoreTests {
    struct Hub {
        let store: HubStore
        let user: User
        let engine: EngineInfo
        let clock: ManualClock
        /// A second connection to the file, for seeding metastore rows and reading raw rows.
        let database: DatabaseQueue
        let tables: [String: TableID]
    }

    func withHub(
        engine kind: EngineKind = .sqlite, settings: EngineSettings? = nil, tables names: [String] = ["a", "b", "c"],
        _ body: (Hub) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let clock = ManualClock()
            let store = try HubStore(url: url, clock: clock)
            let user = try await store.ensureLocalUser()
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let database = try DatabaseQueue(path: url.path, configuration: configuration)
            let tables = try await database.write { db in
                var tables: [String: TableID] = [:]
                if kind != .sqlite || settings != nil {
                    let json = String(decoding: try JSONEncoder().encode(settings ?? EngineSettings()), as: UTF8.self)
                    try db.execute(
                        sql: "UPDATE engine SET kind = ?, settings = ? WHERE id = ?", arguments: [kind.rawValue, json, engine.id])
                }
                for name in names {
                    let parts = name.split(separator: "/").map(String.init)
                    let (schema, table) = parts.count == 2 ? (parts[0], parts[1]) : ("main", name)
                    try db.execute(
                        sql: """
                            INSERT INTO metaTable (engineID, schemaName, name, syncedAt, createdAt, updatedAt)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [engine.id, schema, table, Date(), Date(), Date()])
                    tables[name] = TableID(db.lastInsertedRowID)
                }
                return tables
            }
            try await body(Hub(store: store, user: user, engine: engine, clock: clock, database: database, tables: tables))
        }
    }

    /// A run of `query` (one statement) that ended `status`.
    func run(_ hub: Hub, _ query: String, status: RunStatus = .done) async throws -> ExecutionID {
        let execution = try await hub.store.createExecution(
            engine: hub.engine.id, cell: nil, owner: hub.user.id, query: query,
            statements: [PlannedStatement(text: query, startLine: 1)])
        _ = try await hub.store.startExecution(execution.id)
        try await hub.store.finishStatement(
            execution.id, index: 0, status: status, rowCount: 0, columns: [], truncatedBy: nil,
            error: status == .failed ? RunError(message: "no") : nil)
        try await hub.store.finishExecution(execution.id, status: status, error: nil)
        return execution.id
    }

    func queryCount(_ hub: Hub, _ name: String) async throws -> Int {
        try await hub.database.read { db in
            try Int.fetchOne(db, sql: "SELECT queryCount FROM metaTable WHERE id = ?", arguments: [hub.tables[name]]) ?? -1
        }
    }

    func uses(_ hub: Hub, _ id: ExecutionID) async throws -> [String] {
        try await hub.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM tableUse WHERE executionID = ? ORDER BY name, schemaName", arguments: [id]
            ).map { row in
                let role = [(row["reads"] as Bool) ? "r" : "", (row["writes"] as Bool) ? "w" : ""].joined()
                let linked = (row["tableID"] as Int64?) != nil ? "" : "?"
                return "\(row["schemaName"] as String).\(row["name"] as String):\(role)\(linked)"
            }
        }
    }

    static let insertSelect = StatementTableUse(
        index: 0, reads: [NamedTable(name: "b"), NamedTable(name: "c")], writes: [NamedTable(name: "a")],
        lineage: [(NamedTable(name: "b"), NamedTable(name: "a")), (NamedTable(name: "c"), NamedTable(name: "a"))])

    @Test func aSuccessfulRunEnqueuesItsAnalyticsJobAndOthersDoNot() async throws {
        try await withHub { hub in
            let done = try await run(hub, "SELECT 1")
            _ = try await run(hub, "SELECT 2", status: .failed)
            _ = try await run(hub, "SELECT 3", status: .cancelled)
            let job = try #require(
                try await hub.store.claimNextJob(kinds: [HubStore.analyticsJobKind], owner: "t", lease: 60))
            #expect(job.payload == String(done.rawValue))
            #expect(try await hub.store.claimNextJob(kinds: [HubStore.analyticsJobKind], owner: "t", lease: 60) == nil)
        }
    }

    @Test func insertSelectRecordsReadsWritesLineageAndCountsOnceWhenTheJobRunsTwice() async throws {
        try await withHub { hub in
            let id = try await run(hub, "INSERT INTO a SELECT * FROM b JOIN c ON b.id = c.id")
            let job = try #require(
                try await hub.store.claimNextJob(kinds: [HubStore.analyticsJobKind], owner: "w1", lease: 60))
            // The first worker stalls past its lease; a second claims the job again.
            hub.clock.advance(by: 61)
            let again = try #require(
                try await hub.store.claimNextJob(kinds: [HubStore.analyticsJobKind], owner: "w2", lease: 60))
            #expect(again.id == job.id)
            #expect(try await hub.store.recordTableUse(execution: id, statements: [Self.insertSelect], completing: again.id, owner: "w2"))
            #expect(!(try await hub.store.recordTableUse(execution: id, statements: [Self.insertSelect], completing: job.id, owner: "w1")))
            #expect(try await hub.store.job(job.id)?.status == .done)

            #expect(try await uses(hub, id) == ["main.a:w", "main.b:r", "main.c:r"])
            for name in ["a", "b", "c"] { #expect(try await queryCount(hub, name) == 1, "\(name)") }
            let lastQueried = try await hub.database.read { db in
                try Date.fetchOne(db, sql: "SELECT lastQueriedAt FROM metaTable WHERE id = ?", arguments: [hub.tables["a"]])
            }
            #expect(lastQueried != nil)

            let a = try #require(try await hub.store.tableLink(hub.tables["a"]!))
            let b = try #require(try await hub.store.tableLink(hub.tables["b"]!))
            let c = try #require(try await hub.store.tableLink(hub.tables["c"]!))
            let intoA = try await hub.store.tableLineage(a, limit: 10)
            #expect(Set(intoA.upstream.map(\.name)) == ["b", "c"])
            #expect(intoA.downstream.isEmpty)
            #expect(try await hub.store.tableLineage(b, limit: 10).downstream.map(\.name) == ["a"])
            #expect(try await hub.store.tableLineage(c, limit: 10).upstream.isEmpty)

            // Queried together: each of the three with the other two, in one run.
            let related = try await hub.store.relatedTables(b, limit: 10)
            #expect(Set(related.map(\.table.name)) == ["a", "c"])
            #expect(related.allSatisfy { $0.count == 1 })
            #expect(try await hub.store.tableUsers(a, limit: 10).map { "\($0.user.username):\($0.count)" } == ["local:1"])
        }
    }

    @Test func countsAreOnePerStatementAndRunsThatFailedRecordNothing() async throws {
        try await withHub { hub in
            let id = try await run(hub, "SELECT * FROM a; SELECT * FROM a JOIN b ON true")
            let statements = [
                StatementTableUse(index: 0, reads: [NamedTable(name: "a")], writes: []),
                StatementTableUse(index: 1, reads: [NamedTable(name: "A"), NamedTable(schema: "main", name: "b")], writes: []),
            ]
            #expect(try await hub.store.recordTableUse(execution: id, statements: statements))
            #expect(try await queryCount(hub, "a") == 2)
            #expect(try await queryCount(hub, "b") == 1)
            #expect(try await queryCount(hub, "c") == 0)
            // `A` took the metastore's spelling.
            #expect(try await hub.database.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM tableUse WHERE executionID = ? ORDER BY statementIndex, name", arguments: [id])
            } == ["a", "a", "b"])

            let failed = try await run(hub, "SELECT * FROM c", status: .failed)
            #expect(!(try await hub.store.recordTableUse(
                execution: failed, statements: [StatementTableUse(index: 0, reads: [NamedTable(name: "c")], writes: [])])))
            #expect(try await queryCount(hub, "c") == 0)
            #expect(try await uses(hub, failed).isEmpty)
        }
    }

    @Test func namesResolveToTheOneMatchingTableElseTheDefaultSchema() async throws {
        try await withHub(engine: .postgres, tables: ["sales/orders", "public/users", "staging/users"]) { hub in
            let id = try await run(hub, "…")
            let statement = StatementTableUse(
                index: 0,
                reads: [
                    NamedTable(name: "ORDERS"), NamedTable(name: "users"), NamedTable(catalog: "db", schema: "staging", name: "users"),
                    NamedTable(name: "unknown"),
                ],
                writes: [NamedTable(schema: "other", name: "t")])
            try await hub.store.recordTableUse(execution: id, statements: [statement])
            #expect(
                try await uses(hub, id) == ["sales.orders:r", "other.t:w?", "public.unknown:r?", "public.users:r", "staging.users:r"])
        }
    }

    @Test func trinoAndClickHouseUseTheirConfiguredDefaults() async throws {
        try await withHub(engine: .trino, settings: EngineSettings(catalog: "hive", schema: "web"), tables: ["hive.web/clicks"]) { hub in
            let id = try await run(hub, "…")
            let statement = StatementTableUse(
                index: 0,
                reads: [NamedTable(name: "clicks"), NamedTable(name: "views"), NamedTable(schema: "raw", name: "logs")],
                writes: [NamedTable(catalog: "iceberg", schema: "mart", name: "daily")])
            try await hub.store.recordTableUse(execution: id, statements: [statement])
            #expect(try await uses(hub, id) == ["hive.web.clicks:r", "iceberg.mart.daily:w?", "hive.raw.logs:r?", "hive.web.views:r?"])
        }
        try await withHub(engine: .clickhouse, settings: EngineSettings(database: "analytics"), tables: []) { hub in
            let id = try await run(hub, "…")
            try await hub.store.recordTableUse(
                execution: id,
                statements: [StatementTableUse(index: 0, reads: [NamedTable(name: "hits"), NamedTable(schema: "db", name: "x")], writes: [])])
            #expect(try await uses(hub, id) == ["analytics.hits:r?", "db.x:r?"])
        }
    }
}
