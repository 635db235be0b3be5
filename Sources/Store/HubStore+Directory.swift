import Core
import Foundation
import GRDB

/// A group with its members, as the directory and the admin pages list it.
public struct GroupDetail: Sendable, Hashable {
    public var group: UserGroup
    /// Member ids, ascending.
    public var members: [UserID]

    public init(group: UserGroup, members: [UserID]) {
        self.group = group
        self.members = members
    }
}

/// An environment with its engines and members.
public struct EnvironmentDetail: Sendable, Hashable {
    public var environment: Environment
    /// Engine ids, ascending.
    public var engines: [EngineID]
    /// Member ids, ascending. A public environment has every user as a member whatever this says.
    public var members: [UserID]

    public init(environment: Environment, engines: [EngineID], members: [UserID]) {
        self.environment = environment
        self.engines = engines
        self.members = members
    }
}

/// What an admin changes about a group or an environment; `nil` leaves it. Member and engine
/// lists replace the old ones whole.
public struct DirectoryChanges: Sendable {
    public var name: String?
    public var description: String?
    public var isPublic: Bool?
    public var engines: [EngineID]?
    public var members: [UserID]?

    public init(
        name: String? = nil, description: String? = nil, isPublic: Bool? = nil, engines: [EngineID]? = nil,
        members: [UserID]? = nil
    ) {
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.engines = engines
        self.members = members
    }
}

/// The people directory (user search for the share dialog), groups and environments. Every
/// write is one transaction; names are unique ignoring case, member and engine ids must exist.
extension HubStore {
    /// Active users whose username or display name contains `query` (ignoring case), by
    /// username, at most `limit`. An empty query lists the first `limit` active users.
    public func searchUsers(_ query: String, limit: Int = 20) async throws -> [User] {
        let pattern = "%" + Self.likeEscaped(query) + "%"
        return try await read { db in
            try User.fetchAll(
                db,
                sql: """
                    SELECT * FROM user WHERE active
                        AND (username LIKE ? ESCAPE '\\' OR displayName LIKE ? ESCAPE '\\')
                    ORDER BY username LIMIT ?
                    """,
                arguments: [pattern, pattern, limit])
        }
    }

    /// `text` with LIKE's wildcards taken literally.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    // MARK: Groups

    /// Every group with its members, by name.
    public func groups() async throws -> [GroupDetail] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id FROM userGroup ORDER BY name COLLATE NOCASE")
                .map { try Self.requireGroup(db, $0["id"]) }
        }
    }

    /// Creates a group.
    /// - Throws: ``StoreError/conflict(_:)`` when the name is taken, ``StoreError/invalid(_:)``
    ///   for a member that does not exist.
    public func createGroup(name: String, description: String, members: [UserID]) async throws -> GroupDetail {
        let now = clock.now()
        return try await write { db in
            try Self.requireFreeDirectoryName(db, table: "userGroup", kind: "group", name, except: nil)
            try db.execute(
                sql: "INSERT INTO userGroup (name, description, createdAt) VALUES (?, ?, ?)",
                arguments: [name, description, now])
            let id = GroupID(db.lastInsertedRowID)
            try Self.replaceMembers(db, table: "groupMember", key: "groupID", id.rawValue, members)
            return try Self.requireGroup(db, id)
        }
    }

    /// Renames, redescribes or re-members a group (`isPublic` and `engines` do not apply).
    /// - Throws: ``StoreError/notFound(entity:id:)``, ``StoreError/conflict(_:)``, ``StoreError/invalid(_:)``.
    public func updateGroup(_ id: GroupID, _ changes: DirectoryChanges) async throws -> GroupDetail {
        try await write { db in
            let old = try Self.requireGroup(db, id).group
            if let name = changes.name { try Self.requireFreeDirectoryName(db, table: "userGroup", kind: "group", name, except: id.rawValue) }
            try db.execute(
                sql: "UPDATE userGroup SET name = ?, description = ? WHERE id = ?",
                arguments: [changes.name ?? old.name, changes.description ?? old.description, id])
            if let members = changes.members {
                try Self.replaceMembers(db, table: "groupMember", key: "groupID", id.rawValue, members)
            }
            return try Self.requireGroup(db, id)
        }
    }

    /// Deletes a group; its members and doc grants go with it.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    @discardableResult
    public func deleteGroup(_ id: GroupID) async throws -> UserGroup {
        try await write { db in
            let group = try Self.requireGroup(db, id).group
            try db.execute(sql: "DELETE FROM userGroup WHERE id = ?", arguments: [id])
            return group
        }
    }

    static func requireGroup(_ db: Database, _ id: GroupID) throws -> GroupDetail {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM userGroup WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "group", id: id.rawValue)
        }
        let group = UserGroup(id: row["id"], name: row["name"], description: row["description"], createdAt: row["createdAt"])
        let members = try UserID.fetchAll(db, sql: "SELECT userID FROM groupMember WHERE groupID = ? ORDER BY userID", arguments: [id])
        return GroupDetail(group: group, members: members)
    }

    // MARK: Environments

    /// Every environment with its engines and members, by name; `ids` narrows to those.
    public func environments(_ ids: [EnvironmentID]? = nil) async throws -> [EnvironmentDetail] {
        try await read { db in
            let all = try EnvironmentID.fetchAll(db, sql: "SELECT id FROM environment ORDER BY name COLLATE NOCASE")
            let wanted = ids.map(Set.init)
            return try all.filter { wanted?.contains($0) ?? true }.map { try Self.requireEnvironment(db, $0) }
        }
    }

    /// Creates an environment.
    /// - Throws: ``StoreError/conflict(_:)`` when the name is taken, ``StoreError/invalid(_:)``
    ///   for an engine or member that does not exist.
    public func createEnvironment(
        name: String, description: String, isPublic: Bool, engines: [EngineID], members: [UserID]
    ) async throws -> EnvironmentDetail {
        let now = clock.now()
        return try await write { db in
            try Self.requireFreeDirectoryName(db, table: "environment", kind: "environment", name, except: nil)
            try db.execute(
                sql: "INSERT INTO environment (name, description, public, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [name, description, isPublic, now])
            let id = EnvironmentID(db.lastInsertedRowID)
            try Self.replaceEngines(db, id, engines)
            try Self.replaceMembers(db, table: "environmentMember", key: "environmentID", id.rawValue, members)
            return try Self.requireEnvironment(db, id)
        }
    }

    /// Changes an environment; engine and member lists replace the old ones.
    /// - Throws: ``StoreError/notFound(entity:id:)``, ``StoreError/conflict(_:)``, ``StoreError/invalid(_:)``.
    public func updateEnvironment(_ id: EnvironmentID, _ changes: DirectoryChanges) async throws -> EnvironmentDetail {
        try await write { db in
            let old = try Self.requireEnvironment(db, id).environment
            if let name = changes.name {
                try Self.requireFreeDirectoryName(db, table: "environment", kind: "environment", name, except: id.rawValue)
            }
            try db.execute(
                sql: "UPDATE environment SET name = ?, description = ?, public = ? WHERE id = ?",
                arguments: [
                    changes.name ?? old.name, changes.description ?? old.description, changes.isPublic ?? old.isPublic, id,
                ])
            if let engines = changes.engines { try Self.replaceEngines(db, id, engines) }
            if let members = changes.members {
                try Self.replaceMembers(db, table: "environmentMember", key: "environmentID", id.rawValue, members)
            }
            return try Self.requireEnvironment(db, id)
        }
    }

    /// Deletes an environment that holds no docs.
    /// - Throws: ``StoreError/notFound(entity:id:)``; ``StoreError/conflict(_:)`` for the
    ///   default environment, or while docs (archived ones too) belong to it.
    @discardableResult
    public func deleteEnvironment(_ id: EnvironmentID) async throws -> Environment {
        try await write { db in
            let environment = try Self.requireEnvironment(db, id).environment
            if id == Environment.defaultID {
                throw StoreError.conflict("The default environment cannot be deleted.")
            }
            let docs = try Int.fetchOne(db, sql: "SELECT count(*) FROM doc WHERE environmentID = ?", arguments: [id]) ?? 0
            if docs > 0 {
                throw StoreError.conflict(
                    "\(docs) doc\(docs == 1 ? "" : "s") belong\(docs == 1 ? "s" : "") to the environment “\(environment.name)”: move or delete \(docs == 1 ? "it" : "them") first.")
            }
            try db.execute(sql: "DELETE FROM environment WHERE id = ?", arguments: [id])
            return environment
        }
    }

    static func requireEnvironment(_ db: Database, _ id: EnvironmentID) throws -> EnvironmentDetail {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM environment WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "environment", id: id.rawValue)
        }
        let environment = Environment(
            id: row["id"], name: row["name"], description: row["description"], isPublic: row["public"],
            createdAt: row["createdAt"])
        let engines = try EngineID.fetchAll(
            db, sql: "SELECT engineID FROM environmentEngine WHERE environmentID = ? ORDER BY engineID", arguments: [id])
        let members = try UserID.fetchAll(
            db, sql: "SELECT userID FROM environmentMember WHERE environmentID = ? ORDER BY userID", arguments: [id])
        return EnvironmentDetail(environment: environment, engines: engines, members: members)
    }

    // MARK: Shared

    private static func requireFreeDirectoryName(_ db: Database, table: String, kind: String, _ name: String, except: Int64?) throws {
        let taken = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE name = ? COLLATE NOCASE AND id IS NOT ?)",
            arguments: [name, except]) ?? false
        if taken { throw StoreError.conflict("A \(kind) named “\(name)” already exists.") }
    }

    private static func replaceMembers(_ db: Database, table: String, key: String, _ id: Int64, _ members: [UserID]) throws {
        let unique = Array(Set(members)).sorted { $0.rawValue < $1.rawValue }
        for user in unique {
            guard try exists(db, "user", user.rawValue) else {
                throw StoreError.invalid("`members`: no user with id \(user.rawValue).")
            }
        }
        try db.execute(sql: "DELETE FROM \(table) WHERE \(key) = ?", arguments: [id])
        for user in unique {
            try db.execute(sql: "INSERT INTO \(table) (\(key), userID) VALUES (?, ?)", arguments: [id, user])
        }
    }

    private static func exists(_ db: Database, _ table: String, _ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }

    private static func replaceEngines(_ db: Database, _ id: EnvironmentID, _ engines: [EngineID]) throws {
        let unique = Array(Set(engines)).sorted { $0.rawValue < $1.rawValue }
        for engine in unique {
            guard try exists(db, "engine", engine.rawValue) else {
                throw StoreError.invalid("`engines`: no engine with id \(engine.rawValue).")
            }
        }
        try db.execute(sql: "DELETE FROM environmentEngine WHERE environmentID = ?", arguments: [id])
        for engine in unique {
            try db.execute(sql: "INSERT INTO environmentEngine (environmentID, engineID) VALUES (?, ?)", arguments: [id, engine])
        }
    }
}
