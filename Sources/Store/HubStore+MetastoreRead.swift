import Core
import Foundation
import GRDB

/// Reading the metastore: table lists, schemas, one table's page. Callers pass the engines
/// the asking user may see; nothing here checks permissions beyond that filter.
extension HubStore {
    /// The tables `filter` selects, golden first, then most queried, then by name; and how
    /// many there are in all.
    public func tables(_ filter: TableFilter) async throws -> (tables: [TableListing], total: Int) {
        try await read { db in
            let engines = try JSONCoding.string(filter.engines.map(\.rawValue).sorted())
            var conditions = ["t.engineID IN (SELECT value FROM json_each(?))"]
            var arguments: StatementArguments = [engines]
            if let engine = filter.engineID {
                conditions.append("t.engineID = ?")
                _ = arguments.append(contentsOf: [engine])
            }
            if let schema = filter.schema {
                conditions.append("t.schemaName = ?")
                _ = arguments.append(contentsOf: [schema])
            }
            if let query = filter.query, !query.isEmpty {
                conditions.append("instr(lower(t.name), lower(?)) > 0")
                _ = arguments.append(contentsOf: [query])
            }
            if let tag = filter.tag {
                conditions.append("EXISTS (SELECT 1 FROM tableTag tt WHERE tt.tableID = t.id AND tt.tag = ?)")
                _ = arguments.append(contentsOf: [tag])
            }
            if filter.goldenOnly { conditions.append("t.golden") }
            let condition = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM metaTable t WHERE \(condition)", arguments: arguments) ?? 0
            let page = arguments + [filter.limit, filter.offset]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.*, e.name AS engineName FROM metaTable t JOIN engine e ON e.id = t.engineID
                    WHERE \(condition)
                    ORDER BY t.golden DESC, t.queryCount DESC, t.name COLLATE NOCASE, t.schemaName, t.id
                    LIMIT ? OFFSET ?
                    """,
                arguments: page)
            return (try Self.listings(rows, db), total)
        }
    }

    /// The schemas of `engine` with how many tables each has, by name.
    public func tableSchemas(engine: EngineID) async throws -> [(name: String, tableCount: Int)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT schemaName, count(*) AS n FROM metaTable WHERE engineID = ?
                    GROUP BY schemaName ORDER BY schemaName COLLATE NOCASE, schemaName
                    """,
                arguments: [engine]
            ).map { ($0["schemaName"], $0["n"]) }
        }
    }

    /// The table with `id` as lists show it; `nil` when there is none.
    public func tableListing(_ id: TableID) async throws -> TableListing? {
        try await read { db in try Self.listing(id, db) }
    }

    /// The table with `id`, its owners and its columns with their tags; `nil` when there is none.
    public func tableDetail(_ id: TableID) async throws -> TableDetail? {
        try await read { db in
            guard let listing = try Self.listing(id, db) else { return nil }
            let owners = try User.fetchAll(
                db,
                sql: """
                    SELECT u.* FROM user u JOIN tableOwner o ON o.userID = u.id WHERE o.tableID = ?
                    ORDER BY u.displayName COLLATE NOCASE, u.id
                    """,
                arguments: [id])
            let columns = try MetaColumn.filter(Column("tableID") == id).order(Column("position"), Column("id")).fetchAll(db)
            var tags: [ColumnID: [String]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT ct.columnID, ct.tag FROM columnTag ct JOIN metaColumn c ON c.id = ct.columnID
                    WHERE c.tableID = ? ORDER BY ct.tag
                    """,
                arguments: [id])
            {
                tags[ColumnID(rawValue: row["columnID"]), default: []].append(row["tag"])
            }
            return TableDetail(
                listing: listing, owners: owners, columns: columns.map { ColumnListing(column: $0, tags: tags[$0.id] ?? []) })
        }
    }

    /// The column `column` of table `table` with its tags; `nil` when there is none.
    public func tableColumn(_ column: ColumnID, of table: TableID) async throws -> ColumnListing? {
        try await read { db in try Self.columnListing(column, of: table, db) }
    }

    /// Whether `user` is one of the table's owners.
    public func isTableOwner(_ table: TableID, user: UserID) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM tableOwner WHERE tableID = ? AND userID = ?)",
                arguments: [table, user]) ?? false
        }
    }

    static func columnListing(_ column: ColumnID, of table: TableID, _ db: Database) throws -> ColumnListing? {
        guard
            let found = try MetaColumn.filter(Column("id") == column && Column("tableID") == table).fetchOne(db)
        else { return nil }
        let tags = try String.fetchAll(
            db, sql: "SELECT tag FROM columnTag WHERE columnID = ? ORDER BY tag", arguments: [column])
        return ColumnListing(column: found, tags: tags)
    }

    static func listing(_ id: TableID, _ db: Database) throws -> TableListing? {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT t.*, e.name AS engineName FROM metaTable t JOIN engine e ON e.id = t.engineID WHERE t.id = ?",
            arguments: [id])
        return try listings(rows, db).first
    }

    /// Listings for rows of `metaTable` with `engineName`, with their tags and column counts
    /// (two more queries for the whole page, not two per row).
    static func listings(_ rows: [Row], _ db: Database) throws -> [TableListing] {
        guard !rows.isEmpty else { return [] }
        let tables = try rows.map { try MetaTable(row: $0) }
        let ids = try JSONCoding.string(tables.map(\.id.rawValue))
        var tags: [TableID: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT tableID, tag FROM tableTag WHERE tableID IN (SELECT value FROM json_each(?)) ORDER BY tag",
            arguments: [ids])
        {
            tags[TableID(rawValue: row["tableID"]), default: []].append(row["tag"])
        }
        var counts: [TableID: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT tableID, count(*) AS n FROM metaColumn WHERE tableID IN (SELECT value FROM json_each(?)) GROUP BY tableID",
            arguments: [ids])
        {
            counts[TableID(rawValue: row["tableID"])] = row["n"]
        }
        return zip(tables, rows).map { table, row in
            TableListing(table: table, engineName: row["engineName"], tags: tags[table.id] ?? [], columnCount: counts[table.id] ?? 0)
        }
    }
}

extension HubStore {
    /// Runs going on `engine` right now, in any process (claimed under a live lease): what
    /// its concurrency limit counts.
    public func activeRunCount(engine: EngineID) async throws -> Int {
        let now = clock.now()
        return try await read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM job JOIN execution e ON e.id = CAST(job.payload AS INTEGER)
                    WHERE job.kind = ? AND job.status = 'running' AND job.leaseExpiresAt >= ? AND e.engineID = ?
                    """,
                arguments: [Self.executionJobKind, now, engine]) ?? 0
        }
    }
}
