import Core
import Foundation
import GRDB

/// What an admin (or the user themself) may change about an account; `nil` leaves it.
public struct UserChanges: Sendable {
    public var displayName: String?
    public var avatarColor: String?
    public var isAdmin: Bool?
    public var active: Bool?

    public init(displayName: String? = nil, avatarColor: String? = nil, isAdmin: Bool? = nil, active: Bool? = nil) {
        self.displayName = displayName
        self.avatarColor = avatarColor
        self.isAdmin = isAdmin
        self.active = active
    }
}

extension HubStore {
    /// Whether anyone can sign in: some user has a password. Without one the hub may run in
    /// local mode (Docs/configuration.md, "Accounts").
    public func hasAccounts() async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user WHERE passwordHash IS NOT NULL)") ?? false
        }
    }

    /// Creates an account. The first account with a password ends local mode, so it must be an
    /// admin; it takes the local user over (renamed, given the password) and keeps its docs.
    /// - Throws: ``StoreError/conflict(_:)`` when the username is taken, or the first account
    ///   with a password is not an admin.
    public func createUser(username: String, displayName: String, passwordHash: String?, isAdmin: Bool) async throws -> User {
        let now = clock.now()
        return try await write { db in
            if try User.filter(Column("username") == username).fetchOne(db) != nil {
                throw StoreError.conflict("The username “\(username)” is taken.")
            }
            let accounts = try Int.fetchOne(db, sql: "SELECT count(*) FROM user WHERE passwordHash IS NOT NULL") ?? 0
            if accounts == 0, passwordHash != nil {
                guard isAdmin else {
                    throw StoreError.conflict(
                        "The first account with a password turns sign-in on, so it must be an admin: make this one an admin.")
                }
                if let local = try User.filter(Column("username") == User.localUsername).fetchOne(db) {
                    try db.execute(
                        sql: "UPDATE user SET username = ?, displayName = ?, passwordHash = ?, isAdmin = 1, active = 1 WHERE id = ?",
                        arguments: [username, displayName, passwordHash, local.id])
                    return try Self.requireUser(db, local.id)
                }
            }
            try db.execute(
                sql: "INSERT INTO user (username, displayName, createdAt, passwordHash, isAdmin) VALUES (?, ?, ?, ?, ?)",
                arguments: [username, displayName, now, passwordHash, isAdmin])
            return try Self.requireUser(db, UserID(db.lastInsertedRowID))
        }
    }

    /// The active user called `username` and their password hash, for signing in.
    public func passwordHash(username: String) async throws -> (User, String)? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, passwordHash FROM user WHERE username = ? AND active AND passwordHash IS NOT NULL",
                arguments: [username])
            else { return nil }
            return (try Self.requireUser(db, row["id"]), row["passwordHash"])
        }
    }

    /// The password hash of `user`, if they have one.
    public func passwordHash(of user: UserID) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT passwordHash FROM user WHERE id = ?", arguments: [user])
        }
    }

    /// Sets a new password and ends every session of the user but `keepSession` (a password
    /// change keeps the session it was made from). API tokens stay: they are revoked on their own.
    public func setPassword(_ user: UserID, hash: String, keepSession: String? = nil) async throws {
        try await write { db in
            _ = try Self.requireUser(db, user)
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, user])
            try db.execute(
                sql: "DELETE FROM session WHERE userID = ? AND tokenHash IS NOT ?", arguments: [user, keepSession])
        }
    }

    /// Applies `changes`; deactivating ends the user's sessions (tokens stop working because
    /// only active users' tokens resolve).
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    @discardableResult
    public func updateUser(_ id: UserID, _ changes: UserChanges) async throws -> User {
        try await write { db in
            var user = try Self.requireUser(db, id)
            if let name = changes.displayName { user.displayName = name }
            if let color = changes.avatarColor { user.avatarColor = color }
            if let admin = changes.isAdmin { user.isAdmin = admin }
            if let active = changes.active { user.active = active }
            try db.execute(
                sql: "UPDATE user SET displayName = ?, avatarColor = ?, isAdmin = ?, active = ? WHERE id = ?",
                arguments: [user.displayName, user.avatarColor, user.isAdmin, user.active, id])
            if !user.active { try db.execute(sql: "DELETE FROM session WHERE userID = ?", arguments: [id]) }
            return user
        }
    }

    /// Every user, by username; `activeOnly` leaves out deactivated ones.
    public func allUsers(activeOnly: Bool = false) async throws -> [User] {
        try await read { db in
            var request = User.order(Column("username"))
            if activeOnly { request = request.filter(Column("active") == true) }
            return try request.fetchAll(db)
        }
    }

    static func requireUser(_ db: Database, _ id: UserID) throws -> User {
        guard let user = try User.fetchOne(db, key: id.rawValue) else {
            throw StoreError.notFound(entity: "user", id: id.rawValue)
        }
        return user
    }

    // MARK: Sessions

    /// Records a signed-in session: `tokenHash` is the SHA-256 of the cookie's value.
    public func createSession(tokenHash: String, user: UserID, csrfToken: String, expiresAt: Date) async throws {
        let now = clock.now()
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO session (tokenHash, userID, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [tokenHash, user, csrfToken, now, expiresAt])
        }
    }

    /// The active user of an unexpired session, and its CSRF token.
    public func session(tokenHash: String) async throws -> (User, csrfToken: String)? {
        let now = clock.now()
        return try await read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.userID, s.csrfToken FROM session s JOIN user u ON u.id = s.userID
                    WHERE s.tokenHash = ? AND s.expiresAt > ? AND u.active
                    """,
                arguments: [tokenHash, now])
            else { return nil }
            return (try Self.requireUser(db, row["userID"]), row["csrfToken"])
        }
    }

    /// Ends one session (signing out).
    public func deleteSession(tokenHash: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [tokenHash]) }
    }

    // MARK: API tokens

    /// Records a new token of `user`; `tokenHash` is the SHA-256 of the secret.
    public func createToken(user: UserID, name: String, tokenHash: String, prefix: String) async throws -> APIToken {
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO apiToken (userID, name, tokenHash, prefix, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [user, name, tokenHash, prefix, now])
            return APIToken(id: APITokenID(db.lastInsertedRowID), userID: user, name: name, prefix: prefix, createdAt: now)
        }
    }

    /// Tokens that are not revoked, newest first; of one user, or of everyone (admin).
    public func tokens(of user: UserID?) async throws -> [APIToken] {
        try await read { db in
            try APIToken.fetchAll(
                db,
                sql: """
                    SELECT id, userID, name, prefix, createdAt, lastUsedAt, revokedAt FROM apiToken
                    WHERE revokedAt IS NULL AND (? IS NULL OR userID = ?) ORDER BY id DESC
                    """,
                arguments: [user, user])
        }
    }

    /// Revokes a token; `owner` limits it to that user's tokens (a user revoking their own).
    /// - Throws: ``StoreError/notFound(entity:id:)`` for no such live token (of `owner`).
    @discardableResult
    public func revokeToken(_ id: APITokenID, owner: UserID?) async throws -> APIToken {
        let now = clock.now()
        return try await write { db in
            guard var token = try APIToken.fetchOne(
                db,
                sql: """
                    SELECT id, userID, name, prefix, createdAt, lastUsedAt, revokedAt FROM apiToken
                    WHERE id = ? AND revokedAt IS NULL AND (? IS NULL OR userID = ?)
                    """,
                arguments: [id, owner, owner])
            else { throw StoreError.notFound(entity: "token", id: id.rawValue) }
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ?", arguments: [now, id])
            token.revokedAt = now
            return token
        }
    }

    /// The active owner of a live token, noting when it was last used (at most once a minute).
    public func user(forTokenHash hash: String) async throws -> User? {
        let now = clock.now()
        return try await write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT t.id, t.userID, t.lastUsedAt FROM apiToken t JOIN user u ON u.id = t.userID
                    WHERE t.tokenHash = ? AND t.revokedAt IS NULL AND u.active
                    """,
                arguments: [hash])
            else { return nil }
            let last: Date? = row["lastUsedAt"]
            if last.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try db.execute(sql: "UPDATE apiToken SET lastUsedAt = ? WHERE id = ?", arguments: [now, row["id"] as Int64])
            }
            return try Self.requireUser(db, row["userID"])
        }
    }

    // MARK: Audit log

    /// Appends to the audit log. `detail` must never hold a secret.
    public func audit(actor: UserID?, action: String, target: String, detail: [String: String] = [:]) async throws {
        let now = clock.now()
        let json = try JSONCoding.string(detail)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO auditLog (actorID, action, target, detail, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [actor, action, target, json, now])
        }
    }
}

extension APIToken: FetchableRecord {}

extension HubStore {
    /// The user called `username`, active or not.
    public func user(named username: String) async throws -> User? {
        try await read { db in try User.filter(Column("username") == username).fetchOne(db) }
    }
}
