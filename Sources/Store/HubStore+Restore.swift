import Core
import Foundation
import GRDB

/// What restoring a version changed, so the caller can tell open tabs after the commit.
public struct DocRestore: Sendable {
    /// The doc after the restore.
    public var doc: Doc
    /// Its cells after the restore, in order.
    public var cells: [Cell]
    /// The new version the restore opened (`restoredFrom` set).
    public var version: DocVersion
    /// The replacing edits of the text of cells that were kept, in the cell edit log.
    public var edits: [CellEdit]
    /// Cells of the snapshot that no longer existed, made again (with new ids).
    public var created: [Cell]
    /// Kept cells whose text, title, settings or position changed.
    public var updated: [Cell]
    /// Cells that were not in the snapshot, deleted.
    public var deleted: [CellID]
    /// Whether the title changed.
    public var titleChanged: Bool
}

extension HubStore {
    /// Makes the doc equal to version `number`'s snapshot, in one transaction, and records it as
    /// a new version restored from `number` by `user` (so a restore can itself be undone by
    /// restoring the version before it).
    ///
    /// Cells still present keep their ids; their text is replaced through the cell edit log
    /// (one replacing edit, like a `PATCH` of content), so co-editing clients stay in step.
    /// Cells not in the snapshot are deleted; snapshot cells that no longer exist are created
    /// again with new ids. Positions are the snapshot's.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc or version;
    ///   ``StoreError/conflict(_:)`` when `number` is the current version.
    public func restoreDocVersion(_ id: DocID, number: Int, user: UserID) async throws -> DocRestore {
        let now = clock.now()
        return try await write { db in
            var doc = try Self.requireDoc(db, id)
            let target = try Self.requireVersion(db, id, number: number)
            guard let latest = try Self.latestVersion(db, id), latest.number != number else {
                throw StoreError.conflict("Version \(number) is the current version of doc \(id): there is nothing to restore.")
            }
            // Every version but the newest was closed with a snapshot; one without is damaged.
            guard let snapshot = target.snapshot else {
                throw StoreError.conflict("Version \(number) of doc \(id) has no saved content to restore.")
            }
            try Self.closeVersion(db, latest)
            let version = try Self.openVersion(
                db, doc: id, number: latest.number + 1, user: user, now: now, restoredFrom: number)

            let titleChanged = doc.title != snapshot.title
            doc.title = snapshot.title
            doc.updatedAt = now
            try db.execute(sql: "UPDATE doc SET title = ?, updatedAt = ? WHERE id = ?", arguments: [doc.title, now, id])

            // A cell is kept when it has the snapshot cell's id and kind: SQLite may have given a
            // deleted cell's id to a newer cell, which must not turn into another kind in place.
            var wanted = Dictionary(snapshot.cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let current = try Self.cells(db, doc: id)
            for cell in current where wanted[cell.id].map({ $0.kind != cell.kind }) == true {
                wanted[cell.id] = nil
            }
            var deleted: [CellID] = []
            for cell in current where wanted[cell.id] == nil {
                try db.execute(sql: "DELETE FROM cell WHERE id = ?", arguments: [cell.id])
                deleted.append(cell.id)
            }
            var kept = current.filter { wanted[$0.id] != nil }
            // Positions are unique per doc and checked per statement: park the moving cells on
            // keys no cell uses before giving them their snapshot keys.
            for cell in kept where cell.position != wanted[cell.id]?.position {
                try db.execute(
                    sql: "UPDATE cell SET position = ? WHERE id = ?", arguments: ["~restoring-\(cell.id)", cell.id])
            }
            var edits: [CellEdit] = []
            var updated: [Cell] = []
            for index in kept.indices {
                let before = kept[index]
                guard let goal = wanted[before.id] else { continue }
                var cell = before
                if goal.content != cell.content {
                    cell.version += 1
                    let edit = CellEdit(
                        cellID: cell.id, version: cell.version, operation: .replacing(cell.content, with: goal.content),
                        userID: user, clientID: "restore", editID: UUID().uuidString, createdAt: now)
                    try edit.insert(db)
                    edits.append(edit)
                    cell.content = goal.content
                }
                cell.title = goal.title
                cell.engineID = try Self.existingEngine(db, goal.engineID)
                cell.rowLimit = goal.rowLimit
                cell.collapsed = goal.collapsed
                cell.position = goal.position
                if cell != before {
                    cell.updatedAt = now
                    updated.append(cell)
                }
                try cell.update(db)
                kept[index] = cell
            }
            var created: [Cell] = []
            for goal in snapshot.cells where !kept.contains(where: { $0.id == goal.id }) {
                var cell = try Self.insertCell(
                    db, doc: id, kind: goal.kind, position: goal.position, title: goal.title, content: goal.content,
                    engine: try Self.existingEngine(db, goal.engineID), rowLimit: goal.rowLimit, owner: user, now: now)
                if goal.collapsed {
                    cell.collapsed = true
                    try cell.update(db)
                }
                created.append(cell)
            }
            return DocRestore(
                doc: doc, cells: try Self.cells(db, doc: id), version: version, edits: edits, created: created,
                updated: updated, deleted: deleted, titleChanged: titleChanged)
        }
    }

    /// `engine` if it still exists (an engine removed since the snapshot leaves the cell without one).
    private static func existingEngine(_ db: Database, _ engine: EngineID?) throws -> EngineID? {
        guard let engine, try EngineInfo.fetchOne(db, key: engine.rawValue) != nil else { return nil }
        return engine
    }
}
