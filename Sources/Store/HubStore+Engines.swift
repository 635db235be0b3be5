import Core
import Foundation
import GRDB

extension HubStore {
    /// Registers a SQLite file as an engine named `name`, or points the existing SQLite engine
    /// of that name at `path` (its other settings, such as `readOnly`, and its limits stay).
    /// - Throws: `StoreError.conflict` when an engine of another kind has that name.
    public func upsertSQLiteEngine(name: String, path: String, description: String) async throws -> EngineInfo {
        let now = clock.now()
        let settings = try Self.json(EngineSettings(path: path, readOnly: true))
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO engine (name, kind, description, settings, createdAt, updatedAt)
                    VALUES (?, 'sqlite', ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET
                        settings = json_set(settings, '$.path', json_extract(excluded.settings, '$.path')),
                        description = excluded.description, updatedAt = excluded.updatedAt
                    WHERE kind = 'sqlite'
                    """,
                arguments: [name, description, settings, now, now])
            guard let engine = try EngineInfo.filter(Column("name") == name).fetchOne(db) else {
                throw StoreError.notFound(entity: "engine", id: 0)
            }
            try Self.joinDefaultEnvironment(db, engine.id)
            guard engine.kind == .sqlite else {
                throw StoreError.conflict("The engine \(name) is a \(engine.kind.displayName) engine, not a SQLite file.")
            }
            return engine
        }
    }

    /// Adds an engine, in one transaction. The draft is stored as given: validate it first.
    /// - Throws: `StoreError.conflict` when an engine already has that name (ignoring case).
    public func createEngine(_ draft: EngineDraft) async throws -> EngineInfo {
        let now = clock.now()
        let settings = try Self.json(draft.settings)
        return try await write { db in
            try Self.requireFreeName(db, draft.name, except: nil)
            let secret = draft.secret.flatMap { $0.isEmpty ? nil : $0 }
            try db.execute(
                sql: """
                    INSERT INTO engine (name, kind, description, settings, secret, timeLimit, rowCap, concurrency,
                        disabled, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    draft.name, draft.kind, draft.description, settings, secret, draft.limits.timeLimit,
                    draft.limits.rowCap, draft.limits.concurrency, draft.disabled, now, now,
                ])
            let id = EngineID(db.lastInsertedRowID)
            try Self.joinDefaultEnvironment(db, id)
            return try Self.requireEngineInfo(db, id)
        }
    }

    /// A new engine joins the `default` environment (while it exists), so it can be used at
    /// once; admins move it elsewhere from the Admin page.
    static func joinDefaultEnvironment(_ db: Database, _ engine: EngineID) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO environmentEngine (environmentID, engineID)
                SELECT id, ? FROM environment WHERE id = ?
                """,
            arguments: [engine, Environment.defaultID])
    }

    /// Applies `changes` to the engine, in one transaction. A `secret` of `nil` keeps the
    /// stored one; an empty one clears it.
    /// - Throws: `StoreError.notFound`, `StoreError.conflict` for a name another engine has.
    public func updateEngine(_ id: EngineID, _ changes: EngineChanges) async throws -> EngineInfo {
        let now = clock.now()
        let settings = try changes.settings.map(Self.json)
        return try await write { db in
            let current = try Self.requireEngineInfo(db, id)
            if let name = changes.name { try Self.requireFreeName(db, name, except: id) }
            let next = changes.applied(to: current)
            try db.execute(
                sql: """
                    UPDATE engine SET name = ?, kind = ?, description = ?, settings = coalesce(?, settings),
                        timeLimit = ?, rowCap = ?, concurrency = ?, disabled = ?, updatedAt = ?
                    WHERE id = ?
                    """,
                arguments: [
                    next.name, next.kind, next.description, settings, next.limits.timeLimit, next.limits.rowCap,
                    next.limits.concurrency, next.disabled, now, id,
                ])
            if let secret = changes.secret {
                try db.execute(
                    sql: "UPDATE engine SET secret = ? WHERE id = ?", arguments: [secret.isEmpty ? nil : secret, id])
            }
            return try Self.requireEngineInfo(db, id)
        }
    }

    /// Disables (no new runs, gone from pickers) or enables the engine.
    /// - Throws: `StoreError.notFound`.
    public func setEngineDisabled(_ id: EngineID, _ disabled: Bool) async throws -> EngineInfo {
        try await updateEngine(id, EngineChanges(disabled: disabled))
    }

    /// The engine's password or token, if one is set. Only the path that builds engines reads
    /// it; it is never part of ``EngineInfo`` or any API answer.
    public func engineSecret(_ id: EngineID) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT secret FROM engine WHERE id = ?", arguments: [id])
        }
    }

    /// The engines, by id; the disabled ones too unless `includeDisabled` is `false`.
    public func engines(includeDisabled: Bool = true) async throws -> [EngineInfo] {
        try await read { db in
            var request = EngineInfo.order(Column("id"))
            if !includeDisabled { request = request.filter(Column("disabled") == false) }
            return try request.fetchAll(db)
        }
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

    private static func requireEngineInfo(_ db: Database, _ id: EngineID) throws -> EngineInfo {
        guard let engine = try EngineInfo.fetchOne(db, key: id.rawValue) else {
            throw StoreError.notFound(entity: "engine", id: id.rawValue)
        }
        return engine
    }

    private static func requireFreeName(_ db: Database, _ name: String, except id: EngineID?) throws {
        let taken = try String.fetchOne(
            db, sql: "SELECT name FROM engine WHERE lower(name) = lower(?) AND id IS NOT ?", arguments: [name, id])
        if let taken { throw StoreError.conflict("An engine named \(taken) already exists. Choose another name.") }
    }

    private static func json(_ settings: EngineSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}
