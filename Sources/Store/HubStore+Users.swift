import Core
import GRDB

extension HubStore {
    /// The local admin every request acts as in local mode; created on first call. Once the
    /// first account has taken it over (``createUser(username:displayName:passwordHash:isAdmin:)``)
    /// that account's user is returned instead, and no new local user is made.
    public func ensureLocalUser() async throws -> User {
        let now = clock.now()
        return try await write { db in
            if let user = try User.filter(Column("username") == User.localUsername).fetchOne(db) { return user }
            if let admin = try User.filter(Column("isAdmin") == true).order(Column("id")).fetchOne(db) { return admin }
            try db.execute(
                sql: "INSERT INTO user (username, displayName, createdAt, isAdmin) VALUES (?, ?, ?, 1)",
                arguments: [User.localUsername, "Local user", now])
            return User(
                id: UserID(db.lastInsertedRowID), username: User.localUsername, displayName: "Local user", createdAt: now,
                isAdmin: true)
        }
    }

    /// The user with `id`, if any.
    public func user(_ id: UserID) async throws -> User? {
        try await read { db in try User.fetchOne(db, key: id.rawValue) }
    }

    /// The users with the given ids that exist, by id.
    public func users(_ ids: some Collection<UserID> & Sendable) async throws -> [UserID: User] {
        guard !ids.isEmpty else { return [:] }
        let keys = Set(ids.map(\.rawValue))
        return try await read { db in
            Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: keys).map { ($0.id, $0) })
        }
    }
}
