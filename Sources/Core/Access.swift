import Foundation

public typealias GroupID = ID<UserGroup>
public typealias EnvironmentID = ID<Environment>
public typealias APITokenID = ID<APIToken>
public typealias AnnouncementID = ID<Announcement>
public typealias AccessRequestID = ID<AccessRequest>

/// What a person may do with one doc, weakest first; comparable, so `role >= .editor` reads
/// as "may edit".
public enum DocRole: String, Codable, Sendable, Comparable, CaseIterable {
    case viewer, editor, owner

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .editor: 1
        case .owner: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A named set of users, granted access to docs together.
public struct UserGroup: Codable, Sendable, Hashable {
    public var id: GroupID
    public var name: String
    public var description: String
    public var createdAt: Date

    public init(id: GroupID, name: String, description: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = createdAt
    }
}

/// A named set of engines and members. A doc belongs to one; a user sees only the engines of
/// the environments they belong to. A `public` environment has every user as a member.
public struct Environment: Codable, Sendable, Hashable {
    public var id: EnvironmentID
    public var name: String
    public var description: String
    public var isPublic: Bool
    public var createdAt: Date

    public init(id: EnvironmentID, name: String, description: String, isPublic: Bool, createdAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.createdAt = createdAt
    }

    /// The environment every hub starts with: public, holding every engine.
    public static let defaultID = EnvironmentID(1)

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case isPublic = "public"
        case createdAt
    }
}

/// One share of a doc: a user or a group, as viewer or editor.
public struct DocGrant: Codable, Sendable, Hashable {
    public enum Grantee: Codable, Sendable, Hashable {
        case user(UserID)
        case group(GroupID)
    }

    public var grantee: Grantee
    /// `.viewer` or `.editor`; ownership is the doc's `ownerID`, never a grant.
    public var role: DocRole

    public init(_ grantee: Grantee, role: DocRole) {
        self.grantee = grantee
        self.role = role
    }
}

/// A user asking a doc's owner for access.
public struct AccessRequest: Codable, Sendable, Hashable {
    public var id: AccessRequestID
    public var docID: DocID
    public var userID: UserID
    public var createdAt: Date

    public init(id: AccessRequestID, docID: DocID, userID: UserID, createdAt: Date) {
        self.id = id
        self.docID = docID
        self.userID = userID
        self.createdAt = createdAt
    }
}

/// A personal API token. The secret is shown once at creation; only its SHA-256 is kept.
public struct APIToken: Codable, Sendable, Hashable {
    public var id: APITokenID
    public var userID: UserID
    public var name: String
    /// The first characters of the secret, to tell tokens apart in lists.
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: APITokenID, userID: UserID, name: String, prefix: String, createdAt: Date, lastUsedAt: Date? = nil,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A message admins show every signed-in user as a banner, until it expires.
public struct Announcement: Codable, Sendable, Hashable {
    public enum Level: String, Codable, Sendable, CaseIterable {
        case info, warning
    }

    public var id: AnnouncementID
    public var message: String
    public var level: Level
    public var createdAt: Date
    public var expiresAt: Date?

    public init(id: AnnouncementID, message: String, level: Level, createdAt: Date, expiresAt: Date?) {
        self.id = id
        self.message = message
        self.level = level
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One line of the audit log: who did what to which thing.
public struct AuditEntry: Codable, Sendable, Hashable {
    public var id: Int64
    /// `nil` when the actor was since deleted, or for the command line.
    public var actorID: UserID?
    /// Dotted, stable: `user.create`, `doc.share`, `token.revoke`, … (Docs/API.md lists them).
    public var action: String
    /// `kind:id`, for example `user:5` or `doc:12`.
    public var target: String
    /// A JSON object with what changed; never a secret.
    public var detail: String
    public var createdAt: Date

    public init(id: Int64, actorID: UserID?, action: String, target: String, detail: String, createdAt: Date) {
        self.id = id
        self.actorID = actorID
        self.action = action
        self.target = target
        self.detail = detail
        self.createdAt = createdAt
    }
}
