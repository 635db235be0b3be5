import Core
import Foundation
import Store

/// A doc as the API shows it; `cells` only on single-doc answers. `favorite` is the asking
/// user's mark, left out of events (which everyone receives); `viewedAt` only in lists.
struct DocBody: Encodable {
    let id: Int64
    let title: String
    let ownerId: Int64
    let archived: Bool
    let createdAt: Date
    let updatedAt: Date
    let cells: [CellBody]?
    let favorite: Bool?
    /// `.some(nil)`: listed, never opened by the asking user.
    let viewedAt: Date??
    let environmentId: Int64
    let isPublic: Bool
    /// The asking user's role; `nil` in events, which every reader receives.
    let role: DocRole?

    init(_ doc: Doc, cells: [CellBody]? = nil, favorite: Bool? = nil, viewedAt: Date?? = nil, role: DocRole? = nil) {
        id = doc.id.rawValue
        title = doc.title
        ownerId = doc.ownerID.rawValue
        archived = doc.archived
        createdAt = doc.createdAt
        updatedAt = doc.updatedAt
        self.cells = cells
        self.favorite = favorite
        self.viewedAt = viewedAt
        environmentId = doc.environmentID.rawValue
        isPublic = doc.isPublic
        self.role = role
    }

    init(_ listing: DocListing) {
        self.init(listing.doc, favorite: listing.favorite, viewedAt: .some(listing.viewedAt))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(archived, forKey: .archived)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(cells, forKey: .cells)
        try c.encodeIfPresent(favorite, forKey: .favorite)
        if let viewedAt { try c.encode(viewedAt, forKey: .viewedAt) }
        try c.encode(environmentId, forKey: .environmentId)
        try c.encode(isPublic, forKey: .isPublic)
        try c.encodeIfPresent(role, forKey: .role)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, ownerId, archived, createdAt, updatedAt, cells, favorite, viewedAt, environmentId, role
        case isPublic = "public"
    }
}

/// A cell as the API shows it.
struct CellBody: Encodable {
    let id: Int64
    let docId: Int64
    let kind: CellKind
    let position: String
    let title: String
    let content: String
    let engineId: Int64?
    let rowLimit: Int?
    let collapsed: Bool
    let version: Int
    let ownerId: Int64
    let createdAt: Date
    let updatedAt: Date
    let latestExecutionId: Int64?

    init(_ cell: Cell, latestExecution: ExecutionID? = nil) {
        id = cell.id.rawValue
        docId = cell.docID.rawValue
        kind = cell.kind
        position = cell.position
        title = cell.title
        content = cell.content
        engineId = cell.engineID?.rawValue
        rowLimit = cell.rowLimit
        collapsed = cell.collapsed
        version = cell.version
        ownerId = cell.ownerID.rawValue
        createdAt = cell.createdAt
        updatedAt = cell.updatedAt
        latestExecutionId = latestExecution?.rawValue
    }

    // `null` fields are written out, so clients see every key.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(docId, forKey: .docId)
        try c.encode(kind, forKey: .kind)
        try c.encode(position, forKey: .position)
        try c.encode(title, forKey: .title)
        try c.encode(content, forKey: .content)
        try c.encode(engineId, forKey: .engineId)
        try c.encode(rowLimit, forKey: .rowLimit)
        try c.encode(collapsed, forKey: .collapsed)
        try c.encode(version, forKey: .version)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(latestExecutionId, forKey: .latestExecutionId)
    }

    enum CodingKeys: String, CodingKey {
        case id, docId, kind, position, title, content, engineId, rowLimit, collapsed, version, ownerId, createdAt, updatedAt
        case latestExecutionId
    }
}

/// A field of a PATCH body: absent (leave it), `null` (clear it) or a value.
enum Patch<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    /// `nil` when absent, `.some(nil)` when null: the shape `CellChanges` takes.
    var change: Value?? {
        switch self {
        case .absent: nil
        case .null: .some(nil)
        case .value(let value): .some(value)
        }
    }
}

extension KeyedDecodingContainer {
    func decodePatch<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
