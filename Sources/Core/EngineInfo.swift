import Foundation

/// The kinds of query engine the hub can talk to.
public enum EngineKind: String, Codable, Sendable, CaseIterable {
    case sqlite
}

/// A configured query engine as the hub records it.
public struct EngineInfo: Codable, Sendable, Hashable {
    public var id: EngineID
    public var name: String
    public var kind: EngineKind
    public var description: String
    /// For `sqlite`: the database file.
    public var path: String?
    public var createdAt: Date

    public init(id: EngineID, name: String, kind: EngineKind, description: String, path: String?, createdAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.description = description
        self.path = path
        self.createdAt = createdAt
    }
}
