import Core
import Foundation
import GRDB

/// A doc's sharing as its share dialog shows it.
public struct DocSharing: Sendable {
    public var doc: Doc
    public var grants: [DocGrant]
    /// Names of the granted groups, by id.
    public var groupNames: [GroupID: String]
    public var requests: [AccessRequest]
}

extension HubStore {
    /// The doc's public flag, grants (users first, then groups, by id) and pending requests.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func sharing(_ id: DocID) async throws -> DocSharing {
        try await read { db in try Self.sharing(db, id) }
    }

    static func sharing(_ db: Database, _ id: DocID) throws -> DocSharing {
        let doc = try requireDoc(db, id)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT g.userID, g.groupID, g.role, ug.name AS groupName FROM docGrant g
                LEFT JOIN userGroup ug ON ug.id = g.groupID
                WHERE g.docID = ? ORDER BY g.groupID IS NOT NULL, coalesce(g.userID, g.groupID)
                """,
            arguments: [id])
        var grants: [DocGrant] = []
        var names: [GroupID: String] = [:]
        for row in rows {
            guard let role = DocRole(rawValue: row["role"]) else { continue }
            if let user: UserID = row["userID"] {
                grants.append(DocGrant(.user(user), role: role))
            } else if let group: GroupID = row["groupID"] {
                grants.append(DocGrant(.group(group), role: role))
                names[group] = row["groupName"]
            }
        }
        let requests = try Row.fetchAll(
            db, sql: "SELECT id, docID, userID, createdAt FROM accessRequest WHERE docID = ? ORDER BY id", arguments: [id]
        ).map { AccessRequest(id: $0["id"], docID: $0["docID"], userID: $0["userID"], createdAt: $0["createdAt"]) }
        return DocSharing(doc: doc, grants: grants, groupNames: names, requests: requests)
    }

    /// Replaces the doc's public flag and grants in one transaction. A grant to the owner is
    /// dropped (they own it); a pending request of someone now granted is removed.
    /// - Throws: ``StoreError/invalid(_:)`` for a user or group that does not exist, or a role
    ///   other than viewer or editor.
    public func setSharing(_ id: DocID, isPublic: Bool, grants: [DocGrant]) async throws -> DocSharing {
        let now = clock.now()
        return try await write { db in
            let doc = try Self.requireDoc(db, id)
            try db.execute(sql: "UPDATE doc SET public = ?, updatedAt = ? WHERE id = ?", arguments: [isPublic, now, id])
            try db.execute(sql: "DELETE FROM docGrant WHERE docID = ?", arguments: [id])
            for grant in grants {
                guard grant.role != .owner else { throw StoreError.invalid("A grant's role is viewer or editor.") }
                switch grant.grantee {
                case .user(let user):
                    guard try User.fetchOne(db, key: user.rawValue) != nil else {
                        throw StoreError.invalid("No user with id \(user).")
                    }
                    if user == doc.ownerID { continue }
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO docGrant (docID, userID, role) VALUES (?, ?, ?)",
                        arguments: [id, user, grant.role.rawValue])
                    try db.execute(sql: "DELETE FROM accessRequest WHERE docID = ? AND userID = ?", arguments: [id, user])
                case .group(let group):
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM userGroup WHERE id = ?)", arguments: [group])
                        ?? false
                    else { throw StoreError.invalid("No group with id \(group).") }
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO docGrant (docID, groupID, role) VALUES (?, ?, ?)",
                        arguments: [id, group, grant.role.rawValue])
                }
            }
            return try Self.sharing(db, id)
        }
    }

    /// Records that `user` asks for access (once: asking again returns the pending request).
    public func requestAccess(_ id: DocID, user: UserID) async throws -> AccessRequest {
        let now = clock.now()
        return try await write { db in
            _ = try Self.requireDoc(db, id)
            try db.execute(
                sql: "INSERT OR IGNORE INTO accessRequest (docID, userID, createdAt) VALUES (?, ?, ?)",
                arguments: [id, user, now])
            let row = try Row.fetchOne(
                db, sql: "SELECT id, createdAt FROM accessRequest WHERE docID = ? AND userID = ?", arguments: [id, user])
            return AccessRequest(id: row?["id"] ?? AccessRequestID(0), docID: id, userID: user, createdAt: row?["createdAt"] ?? now)
        }
    }

    /// Answers a request: grants `role` (or denies it, for `nil`) and removes the request.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for no such pending request on the doc.
    @discardableResult
    public func answerAccessRequest(_ request: AccessRequestID, doc: DocID, role: DocRole?) async throws -> AccessRequest {
        try await write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, docID, userID, createdAt FROM accessRequest WHERE id = ? AND docID = ?",
                arguments: [request, doc])
            else { throw StoreError.notFound(entity: "access request", id: request.rawValue) }
            let found = AccessRequest(id: row["id"], docID: row["docID"], userID: row["userID"], createdAt: row["createdAt"])
            if let role {
                guard role != .owner else { throw StoreError.invalid("A grant's role is viewer or editor.") }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO docGrant (docID, userID, role) VALUES (?, ?, ?)",
                    arguments: [doc, found.userID, role.rawValue])
            }
            try db.execute(sql: "DELETE FROM accessRequest WHERE id = ?", arguments: [request])
            return found
        }
    }
}
