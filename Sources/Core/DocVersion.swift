import Foundation

/// One version of a doc: a window of time in which its changes are grouped, by whom, and —
/// once a later version has begun — the doc as it stood at the end of it.
///
/// Versions are numbered 1, 2, 3… per doc. The newest one is open: its content is the live
/// doc and its `snapshot` is `nil`. A version made by restoring an older one names it in
/// `restoredFrom` and is closed by the next change.
public struct DocVersion: Sendable, Hashable {
    public var docID: DocID
    public var number: Int
    public var startedAt: Date
    public var endedAt: Date
    /// Committed changes in the window (a title, a cell insert, move or delete, one text edit…).
    public var changeCount: Int
    /// Who changed the doc in this version, in the order they first did.
    public var authors: [UserID]
    /// The version this one restored, when it is a restore.
    public var restoredFrom: Int?
    /// The doc at the end of this version; `nil` while it is the newest (open) one.
    public var snapshot: DocSnapshot?

    public init(
        docID: DocID, number: Int, startedAt: Date, endedAt: Date, changeCount: Int, authors: [UserID],
        restoredFrom: Int? = nil, snapshot: DocSnapshot? = nil
    ) {
        self.docID = docID
        self.number = number
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.changeCount = changeCount
        self.authors = authors
        self.restoredFrom = restoredFrom
        self.snapshot = snapshot
    }
}

/// A doc's title and ordered cells as they stood at one moment: what a version shows and what
/// restoring it brings back. Stored as JSON.
public struct DocSnapshot: Codable, Sendable, Hashable {
    public var title: String
    public var cells: [Cell]

    public init(title: String, cells: [Cell]) {
        self.title = title
        self.cells = cells
    }

    /// The snapshot of `doc` with `cells` (in order).
    public init(_ doc: Doc, cells: [Core.Cell]) {
        title = doc.title
        self.cells = cells.map(Cell.init)
    }

    /// A cell in a snapshot: what a restore brings back. `id` is the cell's id at the time,
    /// which a restore uses to find the cell if it still exists.
    public struct Cell: Codable, Sendable, Hashable {
        public var id: CellID
        public var kind: CellKind
        public var title: String
        public var content: String
        public var engineID: EngineID?
        public var rowLimit: Int?
        public var collapsed: Bool
        public var position: String

        public init(
            id: CellID, kind: CellKind, title: String, content: String, engineID: EngineID?, rowLimit: Int?,
            collapsed: Bool, position: String
        ) {
            self.id = id
            self.kind = kind
            self.title = title
            self.content = content
            self.engineID = engineID
            self.rowLimit = rowLimit
            self.collapsed = collapsed
            self.position = position
        }

        /// The part of `cell` a snapshot keeps.
        public init(_ cell: Core.Cell) {
            self.init(
                id: cell.id, kind: cell.kind, title: cell.title, content: cell.content, engineID: cell.engineID,
                rowLimit: cell.rowLimit, collapsed: cell.collapsed, position: cell.position)
        }
    }
}
