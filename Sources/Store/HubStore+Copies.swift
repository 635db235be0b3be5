import Core
import Foundation
import GRDB

extension HubStore {
    /// Copies `id` into a new doc titled "Copy of <title>" owned by `owner`, with a copy of
    /// every cell in the same order (kind, title, content, engine, row limit, collapsed), all in
    /// one transaction. A chart cell whose source is a query cell of the original points at that
    /// cell's copy. The copy starts unarchived, with fresh edit logs, no runs, and its history
    /// at version 1, with the original's variables. It stays in the original's environment, and is public only if the
    /// original was: a copy never shows more people what the original hid.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func cloneDoc(_ id: DocID, owner: UserID) async throws -> (Doc, [Cell]) {
        let now = clock.now()
        return try await write { db in
            guard let original = try Doc.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "doc", id: id.rawValue)
            }
            let base = original.title.trimmingCharacters(in: .whitespaces)
            let title = "Copy of \(base.isEmpty ? "Untitled" : original.title)"
            try db.execute(
                sql: """
                    INSERT INTO doc (title, ownerID, archived, createdAt, updatedAt, environmentID, public)
                    VALUES (?, ?, 0, ?, ?, ?, ?)
                    """,
                arguments: [title, owner, now, now, original.environmentID, original.isPublic])
            let doc = Doc(
                id: DocID(db.lastInsertedRowID), title: title, ownerID: owner, createdAt: now, updatedAt: now,
                environmentID: original.environmentID, isPublic: original.isPublic)
            try Self.openVersion(db, doc: doc.id, number: 1, user: owner, now: now, restoredFrom: nil)
            var copies: [Cell] = []
            var newIDs: [CellID: CellID] = [:]
            for cell in try Self.cells(db, doc: id) {
                // Positions are unique per doc only, so the original keys keep the order.
                let copy = try Self.copyCell(db, cell, into: doc.id, position: cell.position, owner: owner, now: now)
                newIDs[cell.id] = copy.id
                copies.append(copy)
            }
            for (index, copy) in copies.enumerated() where copy.kind == .chart {
                guard let source = ChartConfig.source(in: copy.content), let mapped = newIDs[CellID(source)] else { continue }
                let content = ChartConfig.replacingSource(in: copy.content, with: mapped.rawValue)
                try db.execute(sql: "UPDATE cell SET content = ? WHERE id = ?", arguments: [content, copy.id])
                copies[index].content = content
            }
            try Self.copyVariables(db, from: id, to: doc.id)
            return (doc, copies)
        }
    }

    /// Copies the cell (kind, title, content, engine, row limit, collapsed) right after it; a
    /// change in the doc's history.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func duplicateCell(_ id: CellID, owner: UserID) async throws -> Cell {
        let now = clock.now()
        return try await write { db in
            guard let cell = try Cell.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "cell", id: id.rawValue)
            }
            try self.recordChange(db, doc: cell.docID, user: owner, now: now)
            let position = try Self.position(db, doc: cell.docID, placement: .after(id), moving: nil)
            let copy = try Self.copyCell(db, cell, into: cell.docID, position: position, owner: owner, now: now)
            try Self.touchDoc(db, cell.docID, now: now)
            return copy
        }
    }

    static func copyCell(
        _ db: Database, _ cell: Cell, into doc: DocID, position: String, owner: UserID, now: Date
    ) throws -> Cell {
        try insertCell(
            db, doc: doc, kind: cell.kind, position: position, title: cell.title, content: cell.content,
            engine: cell.engineID, rowLimit: cell.rowLimit, collapsed: cell.collapsed, owner: owner, now: now)
    }
}
