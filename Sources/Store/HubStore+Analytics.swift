import Core
import Foundation
import GRDB

/// A table as a statement named it, quotes removed: up to `catalog.schema.name`.
public struct NamedTable: Sendable, Hashable {
    public var catalog: String?
    public var schema: String?
    public var name: String

    public init(catalog: String? = nil, schema: String? = nil, name: String) {
        self.catalog = catalog
        self.schema = schema
        self.name = name
    }
}

/// The tables one statement of a run read and wrote, and where data flowed between them.
public struct StatementTableUse: Sendable {
    /// The statement's 0-based index in its run.
    public var index: Int
    public var reads: [NamedTable]
    public var writes: [NamedTable]
    public var lineage: [(source: NamedTable, target: NamedTable)]

    public init(
        index: Int, reads: [NamedTable], writes: [NamedTable], lineage: [(source: NamedTable, target: NamedTable)] = []
    ) {
        self.index = index
        self.reads = reads
        self.writes = writes
        self.lineage = lineage
    }
}

extension HubStore {
    /// The job kind that records which tables a successful run used; its payload is the run's id.
    /// Enqueued by ``finishExecution(_:status:error:)`` in the transaction that marks the run done.
    public static let analyticsJobKind = "analytics.execution"

    /// Records the tables a successful run's statements used, once: rows in `tableUse` and
    /// `tableLineage`, and each linked metastore table's `queryCount` (one per statement that
    /// used it) and `lastQueriedAt`. With `job`, completes it (if `owner` still holds it) in the
    /// same transaction, so a crash leaves either all of it or none, and a retried job finds
    /// the run already analysed and only completes. Returns `false` when nothing was recorded:
    /// the run was analysed before, no longer exists or did not succeed.
    @discardableResult
    public func recordTableUse(
        execution id: ExecutionID, statements: [StatementTableUse], completing job: JobID? = nil, owner: String = ""
    ) async throws -> Bool {
        let now = clock.now()
        return try await write { db in
            if let job { _ = try Self.completeJob(job, owner: owner, db) }
            let analysed = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM executionAnalysis WHERE executionID = ?)", arguments: [id]) ?? false
            guard !analysed, let execution = try Execution.fetchOne(db, key: id.rawValue), execution.status == .done,
                let engine = try EngineInfo.fetchOne(db, key: execution.engineID.rawValue)
            else { return false }
            var resolver = TableResolver(engine: engine)
            let usedAt = execution.finishedAt ?? now
            var statementsPerTable: [TableID: Int] = [:]
            var tables: Set<ResolvedTable.Key> = []
            for statement in statements {
                var uses: [ResolvedTable.Key: (table: ResolvedTable, reads: Bool, writes: Bool)] = [:]
                for (named, writes) in statement.reads.map({ ($0, false) }) + statement.writes.map({ ($0, true) }) {
                    let table = try resolver.resolve(named, db)
                    var use = uses[table.key] ?? (table, false, false)
                    if writes { use.writes = true } else { use.reads = true }
                    uses[table.key] = use
                }
                for use in uses.values {
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO tableUse
                                (executionID, statementIndex, engineID, schemaName, name, tableID, reads, writes, usedAt)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, statement.index, engine.id, use.table.schemaName, use.table.name, use.table.tableID, use.reads,
                            use.writes, usedAt,
                        ])
                    if let tableID = use.table.tableID { statementsPerTable[tableID, default: 0] += 1 }
                    tables.insert(use.table.key)
                }
                for (source, target) in statement.lineage {
                    let from = try resolver.resolve(source, db)
                    let to = try resolver.resolve(target, db)
                    guard from.key != to.key else { continue }
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO tableLineage (executionID, statementIndex, engineID, sourceSchema, sourceName,
                                targetSchema, targetName, createdAt)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [id, statement.index, engine.id, from.schemaName, from.name, to.schemaName, to.name, usedAt])
                }
            }
            for (tableID, count) in statementsPerTable {
                // Fires the search index's trigger on metaTable, which is fine: counts rank hits.
                try db.execute(
                    sql: """
                        UPDATE metaTable SET queryCount = queryCount + ?,
                            lastQueriedAt = CASE WHEN lastQueriedAt IS NULL OR lastQueriedAt < ? THEN ? ELSE lastQueriedAt END
                        WHERE id = ?
                        """,
                    arguments: [count, usedAt, usedAt, tableID])
            }
            try db.execute(
                sql: "INSERT INTO executionAnalysis (executionID, statementCount, tableCount, analyzedAt) VALUES (?, ?, ?, ?)",
                arguments: [id, statements.count, tables.count, now])
            return true
        }
    }

    /// Whether a job of one of `kinds` is ready to be claimed (a read: no write lock taken).
    public func hasReadyJob(kinds: [String]) async throws -> Bool {
        let now = clock.now()
        let kindsJSON = String(decoding: try JSONEncoder().encode(kinds), as: UTF8.self)
        return try await read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM job WHERE kind IN (SELECT value FROM json_each(?)) AND attempts < maxAttempts
                        AND ((status = 'queued' AND runAfter <= ?) OR (status = 'running' AND leaseExpiresAt < ?)))
                    """,
                arguments: [kindsJSON, now, now]) ?? false
        }
    }
}

/// A table named in a statement, as the metastore names it.
struct ResolvedTable {
    var schemaName: String
    var name: String
    /// The metastore's row for it, when it has one.
    var tableID: TableID?

    /// Identity without case, as the routes match tables.
    struct Key: Hashable {
        let schemaName: String
        let name: String
    }

    var key: Key { Key(schemaName: schemaName.lowercased(), name: name.lowercased()) }
}

/// Names tables of one engine the way its metastore rows do, remembering what it looked up.
///
/// A qualified name keeps its schema (Trino: `catalog.schema`, the engine's catalog when only a
/// schema is given). An unqualified name is the metastore table of that name when exactly
/// one exists in the engine, else the engine's default schema: SQLite `main`, PostgreSQL
/// `public`, ClickHouse the configured database or `default`, Trino the configured
/// `catalog.schema`. Linked tables take the metastore's spelling.
struct TableResolver {
    let engine: EngineInfo
    private var cache: [NamedTable: ResolvedTable] = [:]

    init(engine: EngineInfo) {
        self.engine = engine
    }

    mutating func resolve(_ table: NamedTable, _ db: Database) throws -> ResolvedTable {
        if let known = cache[table] { return known }
        let schema = try schemaName(of: table, db)
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT id, schemaName, name FROM metaTable
                WHERE engineID = ? AND name = ? COLLATE NOCASE AND schemaName = ? COLLATE NOCASE
                ORDER BY (name = ?) DESC, (schemaName = ?) DESC, id LIMIT 1
                """,
            arguments: [engine.id, table.name, schema, table.name, schema])
        let resolved =
            row.map { ResolvedTable(schemaName: $0["schemaName"], name: $0["name"], tableID: $0["id"]) }
            ?? ResolvedTable(schemaName: schema, name: table.name, tableID: nil)
        cache[table] = resolved
        return resolved
    }

    private func schemaName(of table: NamedTable, _ db: Database) throws -> String {
        let settings = engine.settings
        if engine.kind == .trino {
            if let catalog = table.catalog, let schema = table.schema { return "\(catalog).\(schema)" }
            if let schema = table.schema {
                if let catalog = settings.catalog, !catalog.isEmpty { return "\(catalog).\(schema)" }
                // No default catalog: the one metastore schema of that name in any catalog.
                let matches = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT schemaName FROM metaTable
                        WHERE engineID = ? AND name = ? COLLATE NOCASE AND schemaName LIKE ? ESCAPE '\\'
                        """,
                    arguments: [engine.id, table.name, "%." + Self.escapeLike(schema)])
                return matches.count == 1 ? matches[0] : schema
            }
        } else if let schema = table.schema {
            return schema
        }
        let schemas = try String.fetchAll(
            db, sql: "SELECT schemaName FROM metaTable WHERE engineID = ? AND name = ? COLLATE NOCASE LIMIT 2",
            arguments: [engine.id, table.name])
        if schemas.count == 1 { return schemas[0] }
        switch engine.kind {
        case .sqlite: return "main"
        case .postgres: return "public"
        case .clickhouse: return settings.database.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        case .trino:
            let parts = [settings.catalog, settings.schema].compactMap { $0 }.filter { !$0.isEmpty }
            return parts.isEmpty ? "default" : parts.joined(separator: ".")
        }
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
