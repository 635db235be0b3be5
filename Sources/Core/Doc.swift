import Foundation

/// A DataDoc: a titled, ordered list of cells.
public struct Doc: Codable, Sendable, Hashable {
    public var id: DocID
    public var title: String
    public var ownerID: UserID
    public var archived: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// The environment the doc belongs to: who may see it when public, and which engines it offers.
    public var environmentID: EnvironmentID
    /// Public docs may be read by everyone in their environment; private ones only by the
    /// owner, admins and those granted access (``DocGrant``).
    public var isPublic: Bool

    public init(
        id: DocID, title: String, ownerID: UserID, archived: Bool = false, createdAt: Date, updatedAt: Date,
        environmentID: EnvironmentID = Environment.defaultID, isPublic: Bool = true
    ) {
        self.id = id
        self.title = title
        self.ownerID = ownerID
        self.archived = archived
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.environmentID = environmentID
        self.isPublic = isPublic
    }

    enum CodingKeys: String, CodingKey {
        case id, title, ownerID, archived, createdAt, updatedAt, environmentID
        case isPublic = "public"
    }
}

/// What a cell holds.
public enum CellKind: String, Codable, Sendable, CaseIterable {
    case text, query, chart
}

/// One cell of a doc. Cells are ordered by `position`, a fractional key (see ``PositionKey``),
/// so inserting or moving one cell never renumbers the others.
public struct Cell: Codable, Sendable, Hashable {
    public var id: CellID
    public var docID: DocID
    public var kind: CellKind
    public var position: String
    public var title: String
    /// Markdown for text cells, SQL for query cells, JSON settings for chart cells.
    public var content: String
    /// The engine a query cell runs on.
    public var engineID: EngineID?
    /// Rows kept per statement for runs of this cell; `nil` means the server's cap.
    public var rowLimit: Int?
    public var collapsed: Bool
    /// How many edits of `content` have been committed; see ``CellEdit``.
    public var version: Int
    public var ownerID: UserID
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: CellID, docID: DocID, kind: CellKind, position: String, title: String = "", content: String = "",
        engineID: EngineID? = nil, rowLimit: Int? = nil, collapsed: Bool = false, version: Int = 0, ownerID: UserID,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.docID = docID
        self.kind = kind
        self.position = position
        self.title = title
        self.content = content
        self.engineID = engineID
        self.rowLimit = rowLimit
        self.collapsed = collapsed
        self.version = version
        self.ownerID = ownerID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One committed edit of a cell's text: the operation as applied, after transformation
/// against the edits it had not seen.
public struct CellEdit: Codable, Sendable, Hashable {
    public var cellID: CellID
    /// The cell's version after this edit (1 for the first).
    public var version: Int
    public var operation: TextOperation
    public var userID: UserID
    /// The editing client's id and its id for the edit: a resent edit is recognised by them.
    public var clientID: String
    public var editID: String
    public var createdAt: Date

    public init(
        cellID: CellID, version: Int, operation: TextOperation, userID: UserID, clientID: String, editID: String,
        createdAt: Date
    ) {
        self.cellID = cellID
        self.version = version
        self.operation = operation
        self.userID = userID
        self.clientID = clientID
        self.editID = editID
        self.createdAt = createdAt
    }
}
