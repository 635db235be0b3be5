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

extension HubStore {
    /// Registers a SQLite file as an engine named `name`, or points the existing one at `path`.
    public func upsertSQLiteEngine(name: String, path: String, description: String) async throws -> EngineInfo {
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO engine (name, kind, description, path, createdAt) VALUES (?, 'sqlite', ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET path = excluded.path, description = excluded.description
                    """,
                arguments: [name, description, path, now])
            guard let engine = try EngineInfo.filter(Column("name") == name).fetchOne(db) else {
                throw StoreError.notFound(entity: "engine", id: 0)
            }
            return engine
        }
    }

    /// Every engine, by id.
    public func engines() async throws -> [EngineInfo] {
        try await read { db in try EngineInfo.order(Column("id")).fetchAll(db) }
    }

    /// The engine with `id`, if any.
    public func engine(_ id: EngineID) async throws -> EngineInfo? {
        try await read { db in try EngineInfo.fetchOne(db, key: id.rawValue) }
    }

    /// The engine named by `reference`: its id in decimal, or its name.
    public func engine(reference: String) async throws -> EngineInfo? {
        try await read { db in
            if let id = Int64(reference), let engine = try EngineInfo.fetchOne(db, key: id) { return engine }
            return try EngineInfo.filter(Column("name") == reference).fetchOne(db)
        }
    }
}
