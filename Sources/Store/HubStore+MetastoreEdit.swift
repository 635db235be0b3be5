import Core
import Foundation
import GRDB

/// What people write on the metastore: descriptions, warnings, tags, golden marks, owners,
/// and page views. Every change to a table or one of its columns also sets the table's
/// `updatedAt` in the same transaction, which the search index follows. Ingestion never
/// touches these fields.
extension HubStore {
    /// Applies `changes` to the table in one transaction; returns the table's page.
    /// - Throws: ``StoreError/notFound(entity:id:)``; ``StoreError/invalid(_:)`` for an owner
    ///   who is not a user.
    public func updateTable(_ id: TableID, _ changes: TableChanges) async throws -> TableDetail {
        let now = clock.now()
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM metaTable WHERE id = ?)", arguments: [id]) == true
            else { throw StoreError.notFound(entity: "table", id: id.rawValue) }
            guard !changes.isEmpty else { return }
            if let description = changes.description {
                try db.execute(sql: "UPDATE metaTable SET description = ? WHERE id = ?", arguments: [description, id])
            }
            if let warnings = changes.warnings {
                try db.execute(sql: "UPDATE metaTable SET warnings = ? WHERE id = ?", arguments: [warnings, id])
            }
            if let golden = changes.golden {
                try db.execute(sql: "UPDATE metaTable SET golden = ? WHERE id = ?", arguments: [golden, id])
            }
            if let tags = changes.tags {
                try db.execute(sql: "DELETE FROM tableTag WHERE tableID = ?", arguments: [id])
                for tag in Set(tags) {
                    try db.execute(sql: "INSERT INTO tableTag (tableID, tag) VALUES (?, ?)", arguments: [id, tag])
                }
            }
            if let owners = changes.owners {
                let unique = Set(owners)
                let ids = try JSONCoding.string(unique.map(\.rawValue))
                let known = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM user WHERE id IN (SELECT value FROM json_each(?))", arguments: [ids]) ?? 0
                guard known == unique.count else { throw StoreError.invalid("`owners`: every owner must be a user.") }
                try db.execute(sql: "DELETE FROM tableOwner WHERE tableID = ?", arguments: [id])
                for owner in unique {
                    try db.execute(sql: "INSERT INTO tableOwner (tableID, userID) VALUES (?, ?)", arguments: [id, owner])
                }
            }
            try db.execute(sql: "UPDATE metaTable SET updatedAt = ? WHERE id = ?", arguments: [now, id])
        }
        guard let detail = try await tableDetail(id) else { throw StoreError.notFound(entity: "table", id: id.rawValue) }
        return detail
    }

    /// Sets a column's description and/or tags (the whole new set), and the table's
    /// `updatedAt`, in one transaction.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the table has no such column.
    public func updateColumn(_ column: ColumnID, of table: TableID, description: String?, tags: [String]?) async throws
        -> ColumnListing
    {
        let now = clock.now()
        return try await write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM metaColumn WHERE id = ? AND tableID = ?)",
                    arguments: [column, table]) == true
            else { throw StoreError.notFound(entity: "column", id: column.rawValue) }
            if description != nil || tags != nil {
                if let description {
                    try db.execute(sql: "UPDATE metaColumn SET description = ? WHERE id = ?", arguments: [description, column])
                }
                if let tags {
                    try db.execute(sql: "DELETE FROM columnTag WHERE columnID = ?", arguments: [column])
                    for tag in Set(tags) {
                        try db.execute(sql: "INSERT INTO columnTag (columnID, tag) VALUES (?, ?)", arguments: [column, tag])
                    }
                }
                try db.execute(sql: "UPDATE metaTable SET updatedAt = ? WHERE id = ?", arguments: [now, table])
            }
            guard let listing = try Self.columnListing(column, of: table, db) else {
                throw StoreError.notFound(entity: "column", id: column.rawValue)
            }
            return listing
        }
    }

    /// Counts one opening of the table's page. Not a change of the table: `updatedAt` stays.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func recordTableView(_ id: TableID) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE metaTable SET viewCount = viewCount + 1 WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError.notFound(entity: "table", id: id.rawValue) }
        }
    }
}
