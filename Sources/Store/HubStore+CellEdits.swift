import Core
import Foundation
import GRDB

/// What committing an edit gave.
public struct CommittedEdit: Sendable, Hashable {
    /// The edit as applied (transformed against what it missed).
    public var edit: CellEdit
    /// The cell after it.
    public var cell: Cell
    /// `true` when this edit had been committed before (a resend): nothing changed now.
    public var wasDuplicate: Bool
}

extension HubStore {
    /// The most edits a client may be behind; one further back re-reads the cell instead.
    public static let maxEditCatchUp = 1_000

    /// Commits an edit of a cell's text made on version `baseVersion`, in one transaction:
    /// transforms it against every edit committed since, applies it, bumps the version and
    /// keeps it in the log. Resending an edit (same client and edit id) returns the first
    /// commit and changes nothing, so clients may resend freely after a lost answer.
    /// - Throws: ``StoreError/notFound(entity:id:)``; ``StoreError/conflict(_:)`` for a base
    ///   version the server does not have or no longer keeps; ``StoreError/invalid(_:)`` for an
    ///   operation that does not fit the text.
    public func applyCellEdit(
        _ id: CellID, baseVersion: Int, operation: TextOperation, user: UserID, clientID: String, editID: String
    ) async throws -> CommittedEdit {
        let now = clock.now()
        return try await write { db in
            guard var cell = try Cell.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "cell", id: id.rawValue)
            }
            if let earlier = try CellEdit.filter(
                Column("cellID") == id && Column("clientID") == clientID && Column("editID") == editID
            ).fetchOne(db) {
                return CommittedEdit(edit: earlier, cell: cell, wasDuplicate: true)
            }
            guard baseVersion >= 0, baseVersion <= cell.version else {
                throw StoreError.conflict("Cell \(id) has no version \(baseVersion); it is at \(cell.version).")
            }
            guard cell.version - baseVersion <= Self.maxEditCatchUp else {
                throw StoreError.conflict("The edit is too far behind; reload the cell.")
            }
            let missed = try CellEdit.filter(Column("cellID") == id && Column("version") > baseVersion)
                .order(Column("version")).fetchAll(db)
            var transformed = operation
            do {
                for other in missed {
                    transformed = try TextOperation.transform(transformed, other.operation).0
                }
                cell.content = try transformed.apply(to: cell.content)
            } catch let failure as TextOperation.Failure {
                throw StoreError.invalid("The edit does not fit version \(baseVersion) of the cell: \(failure)")
            }
            try self.recordChange(db, doc: cell.docID, user: user, now: now)
            cell.version += 1
            cell.updatedAt = now
            try cell.update(db)
            try Self.touchDoc(db, cell.docID, now: now)
            let edit = CellEdit(
                cellID: id, version: cell.version, operation: transformed, userID: user, clientID: clientID,
                editID: editID, createdAt: now)
            try edit.insert(db)
            return CommittedEdit(edit: edit, cell: cell, wasDuplicate: false)
        }
    }

    /// The edits of a cell after `version`, oldest first, at most ``maxEditCatchUp``.
    public func cellEdits(_ id: CellID, after version: Int) async throws -> [CellEdit] {
        try await read { db in
            try CellEdit.filter(Column("cellID") == id && Column("version") > version)
                .order(Column("version")).limit(Self.maxEditCatchUp).fetchAll(db)
        }
    }
}
