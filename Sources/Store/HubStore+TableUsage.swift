import Core
import Foundation
import GRDB

/// A metastore table with its engine's name, as the table page's lists show it.
public struct TableLink: Sendable, Hashable {
    public var id: TableID
    public var engineID: EngineID
    public var engineName: String
    public var schemaName: String
    public var name: String
    public var kind: TableKind
}

/// A successful run that used a table, for the table page's example queries.
public struct TableQuery: Sendable {
    public var executionID: ExecutionID
    public var query: String
    public var owner: User
    public var finishedAt: Date?
    public var docID: DocID?
    public var docTitle: String?
    public var cellID: CellID?
}

/// A doc with a query cell whose runs used a table.
public struct TableDoc: Sendable {
    public var id: DocID
    public var title: String
    public var updatedAt: Date
    public var owner: User
}

/// What the query analytics know about one metastore table, read for the table page's tabs.
///
/// A table's history is matched by engine and name without case (`tableUse` rows keep the
/// names the metastore had, or the statement's when it had none yet). Each method is one read.
extension HubStore {
    /// The metastore table with `id` and its engine's name, if any (visibility is the caller's check).
    public func tableLink(_ id: TableID) async throws -> TableLink? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT t.id, t.engineID, g.name AS engineName, t.schemaName, t.name, t.kind
                    FROM metaTable t JOIN engine g ON g.id = t.engineID WHERE t.id = ?
                    """,
                arguments: [id]
            ).map(Self.tableLink)
        }
    }

    /// The newest successful runs that used `table` and that `user` may read (runs in docs they
    /// may read, their own runs outside docs; admins all), at most `limit`.
    public func tableQueries(_ table: TableLink, for user: User, limit: Int) async throws -> [TableQuery] {
        let readable = Self.readableDocCondition(user)
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.query, e.ownerID, e.finishedAt, e.cellID, d.id AS docID, d.title AS docTitle
                    FROM execution e
                    LEFT JOIN cell c ON c.id = e.cellID
                    LEFT JOIN doc d ON d.id = c.docID
                    WHERE e.id IN (SELECT u.executionID FROM tableUse u WHERE \(Self.usesTable("u")))
                      AND ((d.id IS NOT NULL AND \(readable.sql)) OR (d.id IS NULL AND (e.ownerID = ? OR ?)))
                    ORDER BY e.finishedAt DESC, e.id DESC LIMIT ?
                    """,
                arguments: Self.tableArguments(table) + readable.arguments + [user.id, user.isAdmin, limit])
            let owners = try Self.users(db, rows.map { $0["ownerID"] as Int64 })
            return rows.compactMap { row in
                owners[row["ownerID"] as Int64].map { owner in
                    TableQuery(
                        executionID: row["id"], query: row["query"], owner: owner, finishedAt: row["finishedAt"],
                        docID: row["docID"], docTitle: row["docTitle"], cellID: row["cellID"])
                }
            }
        }
    }

    /// The people whose successful statements used `table` most, with how many, at most `limit`.
    public func tableUsers(_ table: TableLink, limit: Int) async throws -> [(user: User, count: Int)] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.ownerID, count(*) AS n FROM tableUse u JOIN execution e ON e.id = u.executionID
                    WHERE \(Self.usesTable("u"))
                    GROUP BY e.ownerID ORDER BY n DESC, max(u.usedAt) DESC, e.ownerID LIMIT ?
                    """,
                arguments: Self.tableArguments(table) + [limit])
            let users = try Self.users(db, rows.map { $0["ownerID"] as Int64 })
            return rows.compactMap { row in users[row["ownerID"] as Int64].map { ($0, row["n"] as Int) } }
        }
    }

    /// Other metastore tables used in the same runs as `table`, with in how many, at most `limit`.
    public func relatedTables(_ table: TableLink, limit: Int) async throws -> [(table: TableLink, count: Int)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.engineID, g.name AS engineName, t.schemaName, t.name, t.kind,
                        count(DISTINCT o.executionID) AS n
                    FROM tableUse u
                    JOIN tableUse o ON o.executionID = u.executionID
                    JOIN metaTable t ON t.engineID = o.engineID AND t.name = o.name COLLATE NOCASE
                        AND t.schemaName = o.schemaName COLLATE NOCASE
                    JOIN engine g ON g.id = t.engineID
                    WHERE \(Self.usesTable("u")) AND t.id != ?
                    GROUP BY t.id ORDER BY n DESC, t.name, t.id LIMIT ?
                    """,
                arguments: Self.tableArguments(table) + [table.id, limit]
            ).map { (Self.tableLink($0), $0["n"] as Int) }
        }
    }

    /// The metastore tables data flowed from into `table` (upstream) and from it into (downstream).
    public func tableLineage(_ table: TableLink, limit: Int) async throws -> (upstream: [TableLink], downstream: [TableLink]) {
        try await read { db in
            func linked(from side: String, to other: String) throws -> [TableLink] {
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT t.id, t.engineID, g.name AS engineName, t.schemaName, t.name, t.kind
                        FROM tableLineage l
                        JOIN metaTable t ON t.engineID = l.engineID AND t.name = l.\(other)Name COLLATE NOCASE
                            AND t.schemaName = l.\(other)Schema COLLATE NOCASE
                        JOIN engine g ON g.id = t.engineID
                        WHERE l.engineID = ? AND l.\(side)Name = ? COLLATE NOCASE AND l.\(side)Schema = ? COLLATE NOCASE
                          AND t.id != ?
                        GROUP BY t.id ORDER BY max(l.createdAt) DESC, t.name LIMIT ?
                        """,
                    arguments: Self.tableArguments(table) + [table.id, limit]
                ).map(Self.tableLink)
            }
            return (try linked(from: "target", to: "source"), try linked(from: "source", to: "target"))
        }
    }

    /// Docs `user` may read (not archived) with a query cell whose successful runs used
    /// `table`, most recently used first, at most `limit`.
    public func tableDocs(_ table: TableLink, for user: User, limit: Int) async throws -> [TableDoc] {
        let readable = Self.readableDocCondition(user)
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.title, d.updatedAt, d.ownerID FROM tableUse u
                    JOIN execution e ON e.id = u.executionID
                    JOIN cell c ON c.id = e.cellID
                    JOIN doc d ON d.id = c.docID
                    WHERE \(Self.usesTable("u")) AND NOT d.archived AND \(readable.sql)
                    GROUP BY d.id ORDER BY max(u.usedAt) DESC, d.id DESC LIMIT ?
                    """,
                arguments: Self.tableArguments(table) + readable.arguments + [limit])
            let owners = try Self.users(db, rows.map { $0["ownerID"] as Int64 })
            return rows.compactMap { row in
                owners[row["ownerID"] as Int64].map {
                    TableDoc(id: row["id"], title: row["title"], updatedAt: row["updatedAt"], owner: $0)
                }
            }
        }
    }

    /// SQL matching `tableUse` rows aliased `alias` to the table of ``tableArguments(_:)``.
    private static func usesTable(_ alias: String) -> String {
        "\(alias).engineID = ? AND \(alias).name = ? COLLATE NOCASE AND \(alias).schemaName = ? COLLATE NOCASE"
    }

    private static func tableArguments(_ table: TableLink) -> StatementArguments {
        [table.engineID, table.name, table.schemaName]
    }

    private static func tableLink(_ row: Row) -> TableLink {
        TableLink(
            id: row["id"], engineID: row["engineID"], engineName: row["engineName"], schemaName: row["schemaName"],
            name: row["name"], kind: row["kind"])
    }

    private static func users(_ db: Database, _ ids: [Int64]) throws -> [Int64: User] {
        Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: Set(ids)).map { ($0.id.rawValue, $0) })
    }
}
