import Core
import Foundation
import GRDB

extension HubStore {
    /// Creates a doc owned by `owner`, with one empty query cell on `engine` when given, and
    /// opens its version 1.
    public func createDoc(
        title: String, owner: UserID, firstQueryEngine engine: EngineID?, environment: EnvironmentID = Environment.defaultID,
        isPublic: Bool = true
    ) async throws -> (Doc, [Cell]) {
        let now = clock.now()
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM environment WHERE id = ?)", arguments: [environment])
                ?? false
            else { throw StoreError.invalid("No environment with id \(environment).") }
            try db.execute(
                sql: """
                    INSERT INTO doc (title, ownerID, archived, createdAt, updatedAt, environmentID, public)
                    VALUES (?, ?, 0, ?, ?, ?, ?)
                    """,
                arguments: [title, owner, now, now, environment, isPublic])
            let doc = Doc(
                id: DocID(db.lastInsertedRowID), title: title, ownerID: owner, createdAt: now, updatedAt: now,
                environmentID: environment, isPublic: isPublic)
            try Self.openVersion(db, doc: doc.id, number: 1, user: owner, now: now, restoredFrom: nil)
            var cells: [Cell] = []
            if let engine {
                cells.append(
                    try Self.insertCell(
                        db, doc: doc.id, kind: .query, position: PositionKey.between(nil, nil), title: "",
                        content: "", engine: engine, rowLimit: nil, owner: owner, now: now))
            }
            return (doc, cells)
        }
    }

    /// Docs, most recently changed first.
    public func docs(archived: Bool) async throws -> [Doc] {
        try await read { db in
            try Doc.filter(Column("archived") == archived).order(Column("updatedAt").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// The doc with `id`, if any.
    public func doc(_ id: DocID) async throws -> Doc? {
        try await read { db in try Doc.fetchOne(db, key: id.rawValue) }
    }

    /// The doc with `id` and its cells in order.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func docWithCells(_ id: DocID) async throws -> (Doc, [Cell]) {
        try await read { db in
            guard let doc = try Doc.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "doc", id: id.rawValue)
            }
            return (doc, try Self.cells(db, doc: id))
        }
    }

    /// Changes the title and/or archived flag. A new title is a change in the doc's history by
    /// `user`; archiving is not (it does not change what the doc says).
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func updateDoc(_ id: DocID, title: String?, archived: Bool?, user: UserID) async throws -> Doc {
        let now = clock.now()
        return try await write { db in
            guard var doc = try Doc.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "doc", id: id.rawValue)
            }
            if let title, title != doc.title {
                try self.recordChange(db, doc: id, user: user, now: now)
                doc.title = title
            }
            if let archived { doc.archived = archived }
            doc.updatedAt = now
            try db.execute(
                sql: "UPDATE doc SET title = ?, archived = ?, updatedAt = ? WHERE id = ?",
                arguments: [doc.title, doc.archived, now, id])
            return doc
        }
    }

    /// Deletes the doc and its cells; its executions stay, unlinked from the cells.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func deleteDoc(_ id: DocID) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM doc WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError.notFound(entity: "doc", id: id.rawValue) }
        }
    }

    static func touchDoc(_ db: Database, _ id: DocID, now: Date) throws {
        try db.execute(sql: "UPDATE doc SET updatedAt = ? WHERE id = ?", arguments: [now, id])
    }
}
