import Core
import Foundation
import GRDB

/// Who may do what: the one place doc roles and engine visibility are worked out, in SQL, so
/// routes, lists and event topics agree. Admins are treated as owners of every doc.
extension HubStore {
    /// `user`'s role on `doc`, or `nil` for no access.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the doc does not exist.
    public func docRole(_ doc: DocID, for user: User) async throws -> DocRole? {
        try await read { db in try Self.docRole(db, doc: doc, user: user) }
    }

    static func docRole(_ db: Database, doc id: DocID, user: User) throws -> DocRole? {
        let doc = try requireDoc(db, id)
        if user.isAdmin || doc.ownerID == user.id { return .owner }
        let granted = try String.fetchAll(
            db,
            sql: """
                SELECT role FROM docGrant WHERE docID = ? AND (userID = ?
                    OR groupID IN (SELECT groupID FROM groupMember WHERE userID = ?))
                """,
            arguments: [id, user.id, user.id]
        ).compactMap(DocRole.init(rawValue:)).max()
        if let granted { return granted }
        if doc.isPublic, try inEnvironment(db, doc.environmentID, user: user.id) { return .viewer }
        return nil
    }

    /// Whether `user` belongs to the environment (it is public, or they are a member).
    static func inEnvironment(_ db: Database, _ environment: EnvironmentID, user: UserID) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM environment e WHERE e.id = ? AND (e.public
                    OR EXISTS (SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = ?)))
                """,
            arguments: [environment, user]) ?? false
    }

    /// SQL that is true when the doc aliased `d` is readable by the user bound as `:user`
    /// (`:admin` true for an admin): the same rule as ``docRole(_:for:)``, for lists and search.
    public static let readableDocSQL = """
        (:admin OR d.ownerID = :user
         OR EXISTS (SELECT 1 FROM docGrant g WHERE g.docID = d.id AND (g.userID = :user
             OR g.groupID IN (SELECT groupID FROM groupMember WHERE userID = :user)))
         OR (d.public AND EXISTS (SELECT 1 FROM environment e WHERE e.id = d.environmentID AND (e.public
             OR EXISTS (SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = :user)))))
        """

    /// The environments `user` belongs to (all of them for an admin), by name.
    public func environmentIDs(of user: User) async throws -> [EnvironmentID] {
        try await read { db in
            try EnvironmentID.fetchAll(
                db,
                sql: """
                    SELECT id FROM environment e WHERE ? OR e.public
                        OR EXISTS (SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = ?)
                    ORDER BY name
                    """,
                arguments: [user.isAdmin, user.id])
        }
    }

    /// The engines `user` may see and run on: those in an environment they belong to (every
    /// engine for an admin).
    public func visibleEngineIDs(for user: User) async throws -> Set<EngineID> {
        try await read { db in
            if user.isAdmin { return Set(try EngineID.fetchAll(db, sql: "SELECT id FROM engine")) }
            return Set(
                try EngineID.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT ee.engineID FROM environmentEngine ee JOIN environment e ON e.id = ee.environmentID
                        WHERE e.public OR EXISTS (
                            SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = ?)
                        """,
                    arguments: [user.id]))
        }
    }
}
