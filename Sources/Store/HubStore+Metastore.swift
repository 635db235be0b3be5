import Core
import Foundation
import GRDB

/// Ingestion: bringing an engine's metastore tables in line with what the engine reports.
///
/// Incremental by signature (``EngineTable/signature``): a table whose signature did not
/// change gets no write at all; a changed one has its row updated and its columns reconciled
/// by name (a column that keeps its name keeps its id, so people's descriptions and tags on
/// it survive); a table the engine no longer has is deleted with its columns, tags and
/// owners. Every write bumps `metaTable.updatedAt`, which the search index follows.
extension HubStore {
    /// Tables written per transaction, so a large catalog never holds the writer for long
    /// and progress shows as it goes.
    public static let ingestionBatchSize = 100

    /// Ingests `definitions` (the engine's whole catalog) for `engine`, in short
    /// transactions of at most `batchSize` tables, updating the engine's `metastoreSync`
    /// progress (`tablesTotal`, `tablesDone`, `tablesAdded`, `tablesUpdated`,
    /// `tablesRemoved`) in the same transactions. Duplicate names keep the first.
    ///
    /// Cancellation is checked between batches: what was written stays (each batch is whole)
    /// and the next ingestion carries on from there.
    public func ingestTables(
        _ definitions: [EngineTable], engine: EngineID, batchSize: Int = HubStore.ingestionBatchSize
    ) async throws -> IngestionCounts {
        var seen = Set<[String]>()
        let definitions = definitions.filter { seen.insert([$0.schema, $0.name]).inserted }
        let known = try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, schemaName, name, signature FROM metaTable WHERE engineID = ?", arguments: [engine]
            ).map { row in
                let key: [String] = [row["schemaName"], row["name"]]
                return (id: TableID(rawValue: row["id"]), key: key, signature: row["signature"] as String)
            }
        }
        let signatures = Dictionary(known.map { ($0.key, $0.signature) }, uniquingKeysWith: { first, _ in first })
        var pending: [EngineTable] = []
        var counts = IngestionCounts()
        for definition in definitions {
            if signatures[[definition.schema, definition.name]] == definition.signature {
                counts.unchanged += 1
            } else {
                pending.append(definition)
            }
        }
        let unchanged = counts.unchanged
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE metastoreSync SET tablesTotal = ?, tablesDone = ?, tablesAdded = 0, tablesUpdated = 0,
                        tablesRemoved = 0 WHERE engineID = ?
                    """,
                arguments: [definitions.count, unchanged, engine])
        }
        let size = max(1, batchSize)
        for start in stride(from: 0, to: pending.count, by: size) {
            try Task.checkCancellation()
            let batch = Array(pending[start..<min(start + size, pending.count)])
            let now = clock.now()
            let written = try await write { db in
                var written = IngestionCounts()
                for definition in batch {
                    switch try Self.ingest(definition, engine: engine, now: now, db) {
                    case .added: written.added += 1
                    case .updated: written.updated += 1
                    case .unchanged: written.unchanged += 1
                    }
                }
                try db.execute(
                    sql: """
                        UPDATE metastoreSync SET tablesDone = tablesDone + ?, tablesAdded = tablesAdded + ?,
                            tablesUpdated = tablesUpdated + ? WHERE engineID = ?
                        """,
                    arguments: [batch.count, written.added, written.updated, engine])
                return written
            }
            counts.added += written.added
            counts.updated += written.updated
            counts.unchanged += written.unchanged
        }
        let current = Set(definitions.map { [$0.schema, $0.name] })
        let gone = known.filter { !current.contains($0.key) }.map(\.id)
        for start in stride(from: 0, to: gone.count, by: size) {
            try Task.checkCancellation()
            let batch = Array(gone[start..<min(start + size, gone.count)])
            let removed = try await write { db in
                let ids = try JSONCoding.string(batch.map(\.rawValue))
                try db.execute(
                    sql: "DELETE FROM metaTable WHERE engineID = ? AND id IN (SELECT value FROM json_each(?))",
                    arguments: [engine, ids])
                let removed = db.changesCount
                try db.execute(
                    sql: "UPDATE metastoreSync SET tablesRemoved = tablesRemoved + ? WHERE engineID = ?",
                    arguments: [removed, engine])
                return removed
            }
            counts.removed += removed
        }
        return counts
    }

    private enum IngestOutcome { case added, updated, unchanged }

    /// Writes one table inside the batch's transaction, looking its row up afresh (a person's
    /// edit may have committed since the batch was planned; their fields are never touched).
    private static func ingest(_ definition: EngineTable, engine: EngineID, now: Date, _ db: Database) throws
        -> IngestOutcome
    {
        let signature = definition.signature
        let existing = try Row.fetchOne(
            db, sql: "SELECT id, signature FROM metaTable WHERE engineID = ? AND schemaName = ? AND name = ?",
            arguments: [engine, definition.schema, definition.name])
        guard let existing else {
            try db.execute(
                sql: """
                    INSERT INTO metaTable (engineID, schemaName, name, kind, comment, rowCount, sizeBytes, signature,
                        syncedAt, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    engine, definition.schema, definition.name, definition.kind, definition.comment, definition.rowCount,
                    definition.sizeBytes, signature, now, now, now,
                ])
            let id = TableID(rawValue: db.lastInsertedRowID)
            for column in definition.columns { try insert(column, table: id, db) }
            // The search index took the row at INSERT, before its columns: let it look again.
            try db.execute(sql: "UPDATE metaTable SET updatedAt = ? WHERE id = ?", arguments: [now, id])
            return .added
        }
        guard (existing["signature"] as String) != signature else { return .unchanged }
        let id = TableID(rawValue: existing["id"])
        // Columns first: the search index re-reads them when the row's updatedAt changes.
        try reconcileColumns(definition.columns, table: id, db)
        try db.execute(
            sql: """
                UPDATE metaTable SET kind = ?, comment = ?, rowCount = ?, sizeBytes = ?, signature = ?, syncedAt = ?,
                    updatedAt = ?
                WHERE id = ?
                """,
            arguments: [
                definition.kind, definition.comment, definition.rowCount, definition.sizeBytes, signature, now, now, id,
            ])
        return .updated
    }

    /// Makes the table's columns match `columns` by name: gone names are deleted (with their
    /// tags), kept names updated in place when their position, type or comment changed, new
    /// names inserted.
    private static func reconcileColumns(_ columns: [EngineColumn], table: TableID, _ db: Database) throws {
        let stored = try MetaColumn.filter(Column("tableID") == table).fetchAll(db)
        let wanted = Dictionary(columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for column in stored where wanted[column.name] == nil {
            try db.execute(sql: "DELETE FROM metaColumn WHERE id = ?", arguments: [column.id])
        }
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var inserted = Set<String>()
        for column in columns {
            if let old = byName[column.name] {
                guard old.position != column.position || old.type != column.type || old.comment != column.comment else {
                    continue
                }
                try db.execute(
                    sql: "UPDATE metaColumn SET position = ?, type = ?, comment = ? WHERE id = ?",
                    arguments: [column.position, column.type, column.comment, old.id])
            } else if inserted.insert(column.name).inserted {
                try insert(column, table: table, db)
            }
        }
    }

    private static func insert(_ column: EngineColumn, table: TableID, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO metaColumn (tableID, position, name, type, comment) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tableID, name) DO NOTHING
                """,
            arguments: [table, column.position, column.name, column.type, column.comment])
    }
}
