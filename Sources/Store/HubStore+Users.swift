import Core
import GRDB

extension HubStore {
    /// The single local user every request acts as until accounts exist; created on first call.
    public func ensureLocalUser() async throws -> User {
        let now = clock.now()
        return try await write { db in
            if let user = try User.filter(Column("username") == "local").fetchOne(db) { return user }
            try db.execute(
                sql: "INSERT INTO user (username, displayName, createdAt) VALUES (?, ?, ?)",
                arguments: ["local", "Local user", now])
            return User(id: UserID(db.lastInsertedRowID), username: "local", displayName: "Local user", createdAt: now)
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
