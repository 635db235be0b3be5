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

    /// The cell with `id` and `user`'s role on its doc.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func cellRole(_ id: CellID, for user: User) async throws -> (Cell, DocRole?) {
        try await read { db in
            guard let cell = try Cell.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "cell", id: id.rawValue)
            }
            return (cell, try Self.docRole(db, doc: cell.docID, user: user))
        }
    }

    /// `user`'s role on a run: their role on its cell's doc; whoever started it (and admins)
    /// are its owners, also after the cell was deleted.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func executionRole(_ id: ExecutionID, for user: User) async throws -> DocRole? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT cellID, ownerID FROM execution WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound(entity: "execution", id: id.rawValue) }
            let owner: UserID = row["ownerID"]
            if user.isAdmin || owner == user.id { return .owner }
            guard let cell: CellID = row["cellID"], let docID = try DocID.fetchOne(
                db, sql: "SELECT docID FROM cell WHERE id = ?", arguments: [cell])
            else { return nil }
            return try Self.docRole(db, doc: docID, user: user)
        }
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

    /// SQL that is true when the doc aliased `d` is readable by `user`, with its arguments:
    /// the same rule as ``docRole(_:for:)``, for lists and search.
    public static func readableDocCondition(_ user: User) -> (sql: String, arguments: StatementArguments) {
        if user.isAdmin { return ("1", []) }
        let sql = """
            (d.ownerID = ?
             OR EXISTS (SELECT 1 FROM docGrant g WHERE g.docID = d.id AND (g.userID = ?
                 OR g.groupID IN (SELECT groupID FROM groupMember WHERE userID = ?)))
             OR (d.public AND EXISTS (SELECT 1 FROM environment e WHERE e.id = d.environmentID AND (e.public
                 OR EXISTS (SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = ?)))))
            """
        return (sql, [user.id, user.id, user.id, user.id])
    }

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

    /// The engines of one environment.
    public func engineIDs(in environment: EnvironmentID) async throws -> Set<EngineID> {
        try await read { db in
            Set(try EngineID.fetchAll(
                db, sql: "SELECT engineID FROM environmentEngine WHERE environmentID = ?", arguments: [environment]))
        }
    }

    /// The engines `user` may see and run on: those in an environment they belong to (every
    /// engine for an admin).
    public func visibleEngineIDs(for user: User) async throws -> Set<EngineID> {
        try await read { db in
            if user.isAdmin { return Set(try EngineID.fetchAll(db, sql: "SELECT id FROM engine")) }
            return Set(try EngineID.fetchAll(db, sql: Self.visibleEnginesSQL, arguments: [user.id]))
        }
    }

    /// The ids of the engines a non-admin user (the one argument) may see.
    static let visibleEnginesSQL = """
        SELECT DISTINCT ee.engineID FROM environmentEngine ee JOIN environment e ON e.id = ee.environmentID
        WHERE e.public OR EXISTS (SELECT 1 FROM environmentMember m WHERE m.environmentID = e.id AND m.userID = ?)
        """

    /// SQL that is true when the engine in `column` is visible to `user`, with its arguments.
    public static func visibleEngineCondition(_ user: User, column: String) -> (sql: String, arguments: StatementArguments) {
        user.isAdmin ? ("1", []) : ("\(column) IN (\(visibleEnginesSQL))", [user.id])
    }
}
