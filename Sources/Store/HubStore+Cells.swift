import Core
import Foundation
import GRDB

/// Where a cell goes among its siblings.
public enum CellPlacement: Sendable, Equatable {
    /// First in the doc.
    case first
    /// Last in the doc.
    case last
    /// Right after the sibling cell.
    case after(CellID)
    /// Right before the sibling cell.
    case before(CellID)
}

/// The fields of a cell a change may set; `nil` leaves a field as it is.
public struct CellChanges: Sendable {
    public var title: String?
    public var content: String?
    /// `.some(nil)` clears the engine.
    public var engineID: EngineID??
    /// `.some(nil)` clears the row limit.
    public var rowLimit: Int??
    public var collapsed: Bool?
    public var placement: CellPlacement?

    public init(
        title: String? = nil, content: String? = nil, engineID: EngineID?? = nil, rowLimit: Int?? = nil,
        collapsed: Bool? = nil, placement: CellPlacement? = nil
    ) {
        self.title = title
        self.content = content
        self.engineID = engineID
        self.rowLimit = rowLimit
        self.collapsed = collapsed
        self.placement = placement
    }
}

extension HubStore {
    /// Adds a cell to `doc` at `placement`; no other cell's position changes. A chart cell's
    /// content must be chart settings (see ``ChartConfig``); empty gives ``ChartConfig/empty``.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc, ``StoreError/invalid(_:)`` when
    ///   the sibling is not in this doc, the engine does not exist or chart settings are bad.
    public func insertCell(
        doc: DocID, kind: CellKind, title: String = "", content: String = "", engine: EngineID? = nil,
        rowLimit: Int? = nil, collapsed: Bool = false, placement: CellPlacement = .last, owner: UserID
    ) async throws -> Cell {
        let now = clock.now()
        var content = content
        if kind == .chart {
            if content.isEmpty { content = ChartConfig.empty }
            if let problem = ChartConfig.problem(in: content) { throw StoreError.invalid(problem) }
        }
        return try await write { [content] db in
            guard try Doc.fetchOne(db, key: doc.rawValue) != nil else {
                throw StoreError.notFound(entity: "doc", id: doc.rawValue)
            }
            // Before the change, so a version closed by it keeps the doc as it was.
            try self.recordChange(db, doc: doc, user: owner, now: now)
            let position = try Self.position(db, doc: doc, placement: placement, moving: nil)
            let cell = try Self.insertCell(
                db, doc: doc, kind: kind, position: position, title: title, content: content, engine: engine,
                rowLimit: rowLimit, collapsed: collapsed, owner: owner, now: now)
            try Self.touchDoc(db, doc, now: now)
            return cell
        }
    }

    /// Applies `changes` to the cell; a placement moves only this cell. A new `content` is
    /// recorded as one replacing edit in the cell's edit log (by `user`), so clients that edit
    /// by operations stay in step.
    /// - Throws: ``StoreError/notFound(entity:id:)``, ``StoreError/invalid(_:)``.
    public func updateCell(_ id: CellID, _ changes: CellChanges, user: UserID) async throws -> Cell {
        let now = clock.now()
        return try await write { db in
            guard var cell = try Cell.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "cell", id: id.rawValue)
            }
            try self.recordChange(db, doc: cell.docID, user: user, now: now)
            if let title = changes.title { cell.title = title }
            if cell.kind == .chart, let content = changes.content, let problem = ChartConfig.problem(in: content) {
                throw StoreError.invalid(problem)
            }
            if let content = changes.content, content != cell.content {
                let operation = TextOperation.replacing(cell.content, with: content)
                cell.content = content
                cell.version += 1
                try CellEdit(
                    cellID: id, version: cell.version, operation: operation, userID: user, clientID: "patch",
                    editID: UUID().uuidString, createdAt: now
                ).insert(db)
            }
            if let engineID = changes.engineID {
                if let engineID { try Self.requireEngine(db, engineID) }
                cell.engineID = engineID
            }
            if let rowLimit = changes.rowLimit {
                if let rowLimit, rowLimit <= 0 { throw StoreError.invalid("rowLimit must be a positive number.") }
                cell.rowLimit = rowLimit
            }
            if let collapsed = changes.collapsed { cell.collapsed = collapsed }
            if let placement = changes.placement {
                cell.position = try Self.position(db, doc: cell.docID, placement: placement, moving: id)
            }
            cell.updatedAt = now
            try cell.update(db)
            try Self.touchDoc(db, cell.docID, now: now)
            return cell
        }
    }

    /// Deletes the cell (a change in the doc's history by `user`) and returns it as it was.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func deleteCell(_ id: CellID, user: UserID) async throws -> Cell {
        let now = clock.now()
        return try await write { db in
            guard let cell = try Cell.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "cell", id: id.rawValue)
            }
            // The version being closed keeps the doc with this cell still in it.
            try self.recordChange(db, doc: cell.docID, user: user, now: now)
            try db.execute(sql: "DELETE FROM cell WHERE id = ?", arguments: [id])
            try Self.touchDoc(db, cell.docID, now: now)
            return cell
        }
    }

    /// The cell with `id`, if any.
    public func cell(_ id: CellID) async throws -> Cell? {
        try await read { db in try Cell.fetchOne(db, key: id.rawValue) }
    }

    /// For each given cell that has runs, its newest execution.
    public func latestExecutions(cells: [CellID]) async throws -> [CellID: ExecutionID] {
        guard !cells.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT cellID, max(id) AS id FROM execution
                    WHERE cellID IN (SELECT value FROM json_each(?)) GROUP BY cellID
                    """,
                arguments: [String(describing: cells.map(\.rawValue))])
            var result: [CellID: ExecutionID] = [:]
            for row in rows { result[CellID(row["cellID"] as Int64)] = ExecutionID(row["id"] as Int64) }
            return result
        }
    }

    static func cells(_ db: Database, doc: DocID) throws -> [Cell] {
        try Cell.filter(Column("docID") == doc).order(Column("position")).fetchAll(db)
    }

    static func insertCell(
        _ db: Database, doc: DocID, kind: CellKind, position: String, title: String, content: String,
        engine: EngineID?, rowLimit: Int?, collapsed: Bool = false, owner: UserID, now: Date
    ) throws -> Cell {
        if let engine { try requireEngine(db, engine) }
        if let rowLimit, rowLimit <= 0 { throw StoreError.invalid("rowLimit must be a positive number.") }
        try db.execute(
            sql: """
                INSERT INTO cell (docID, kind, position, title, content, engineID, rowLimit, collapsed, ownerID,
                                  createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [doc, kind, position, title, content, engine, rowLimit, collapsed, owner, now, now])
        return Cell(
            id: CellID(db.lastInsertedRowID), docID: doc, kind: kind, position: position, title: title,
            content: content, engineID: engine, rowLimit: rowLimit, collapsed: collapsed, ownerID: owner,
            createdAt: now, updatedAt: now)
    }

    static func requireEngine(_ db: Database, _ id: EngineID) throws {
        guard try EngineInfo.fetchOne(db, key: id.rawValue) != nil else {
            throw StoreError.invalid("No engine with id \(id).")
        }
    }

    /// A position key for `placement` among the doc's cells, ignoring the cell being moved.
    static func position(_ db: Database, doc: DocID, placement: CellPlacement, moving: CellID?) throws -> String {
        let siblings = try cells(db, doc: doc).filter { $0.id != moving }
        func index(of id: CellID) throws -> Int {
            guard let index = siblings.firstIndex(where: { $0.id == id }) else {
                throw StoreError.invalid("Cell \(id) is not another cell of doc \(doc).")
            }
            return index
        }
        switch placement {
        case .first:
            return PositionKey.between(nil, siblings.first?.position)
        case .last:
            return PositionKey.between(siblings.last?.position, nil)
        case .after(let id):
            let i = try index(of: id)
            return PositionKey.between(siblings[i].position, i + 1 < siblings.count ? siblings[i + 1].position : nil)
        case .before(let id):
            let i = try index(of: id)
            return PositionKey.between(i > 0 ? siblings[i - 1].position : nil, siblings[i].position)
        }
    }
}
