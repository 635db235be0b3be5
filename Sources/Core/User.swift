import Foundation

/// A person who owns docs, cells and executions.
///
/// The password hash is never part of this value: only the sign-in path reads it
/// (``HubStore/passwordHash(username:)``), so no answer can carry it by mistake.
public struct User: Codable, Sendable, Hashable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var createdAt: Date
    /// Admins configure the hub and may read and edit every doc.
    public var isAdmin: Bool
    /// A deactivated user cannot sign in, and their sessions and tokens stop working.
    public var active: Bool
    /// `#rrggbb`: the avatar's and the presence caret's colour.
    public var avatarColor: String

    public init(
        id: UserID, username: String, displayName: String, createdAt: Date, isAdmin: Bool = false, active: Bool = true,
        avatarColor: String = User.defaultAvatarColor
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.createdAt = createdAt
        self.isAdmin = isAdmin
        self.active = active
        self.avatarColor = avatarColor
    }

    public static let defaultAvatarColor = "#4c6ef5"
    /// The user every request acts as in local mode (see Docs/configuration.md, "Accounts").
    public static let localUsername = "local"
}
