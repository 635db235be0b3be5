import Foundation

/// A person who owns docs, cells and executions.
public struct User: Codable, Sendable, Hashable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var createdAt: Date

    public init(id: UserID, username: String, displayName: String, createdAt: Date) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.createdAt = createdAt
    }
}
