import Core
import Foundation
import GRDB

/// What the editor can complete.
public enum CompletionKind: String, Codable, Sendable {
    case schema
    case table
    case column
}

/// One suggestion: `text` is inserted; `detail` is a table's schema or a column's type.
public struct Completion: Sendable, Hashable {
    public var kind: CompletionKind
    public var text: String
    public var detail: String
    public var description: String
}

extension HubStore {
    static let maxCompletions = 50

    /// Schemas, tables or columns of `engine` starting with `prefix` (any case), most queried
    /// first, then by name. Tables narrow to `schema` when given; columns need `table`
    /// (`name` or `schema.name`, resolved as ``table(engine:named:)`` does) and keep the
    /// table's column order after the prefix filter.
    public func completions(
        engine: EngineID, kind: CompletionKind, prefix: String, schema: String? = nil, table: String? = nil
    ) async throws -> [Completion] {
        let pattern = Self.escapeLike(prefix) + "%"
        return try await read { db in
            switch kind {
            case .schema:
                return try Row.fetchAll(
                    db,
                    sql: #"""
                        SELECT schemaName, count(*) AS tables FROM metaTable
                        WHERE engineID = ? AND schemaName LIKE ? ESCAPE '\'
                        GROUP BY schemaName ORDER BY sum(queryCount) DESC, schemaName LIMIT ?
                        """#,
                    arguments: [engine, pattern, Self.maxCompletions]
                ).map { row in
                    let tables: Int = row["tables"]
                    return Completion(kind: .schema, text: row["schemaName"], detail: "\(tables) tables", description: "")
                }
            case .table:
                var sql = #"SELECT schemaName, name, description, comment FROM metaTable WHERE engineID = ? AND name LIKE ? ESCAPE '\'"#
                var arguments: StatementArguments = [engine, pattern]
                if let schema, !schema.isEmpty {
                    sql += " AND schemaName = ? COLLATE NOCASE"
                    arguments += [schema]
                }
                arguments += [Self.maxCompletions]
                return try Row.fetchAll(db, sql: sql + " ORDER BY queryCount DESC, name LIMIT ?", arguments: arguments).map { row in
                    let description: String = row["description"]
                    return Completion(
                        kind: .table, text: row["name"], detail: row["schemaName"],
                        description: description.isEmpty ? row["comment"] : description)
                }
            case .column:
                guard let table, let found = try Self.table(db, engine: engine, named: table) else { return [] }
                return try Row.fetchAll(
                    db,
                    sql: #"""
                        SELECT name, type, description, comment FROM metaColumn
                        WHERE tableID = ? AND name LIKE ? ESCAPE '\' ORDER BY position LIMIT ?
                        """#,
                    arguments: [found.id, pattern, Self.maxCompletions]
                ).map { row in
                    let description: String = row["description"]
                    return Completion(
                        kind: .column, text: row["name"], detail: row["type"],
                        description: description.isEmpty ? row["comment"] : description)
                }
            }
        }
    }

    /// The table of `engine` that SQL text names: `schema.name` (Trino: `catalog.schema.name`)
    /// or a bare `name`. Case does not matter; an exact-case match wins. A bare name found in
    /// several schemas goes to the engine's usual default (`main`, `public`, `default`), then to
    /// the most queried.
    public func table(engine: EngineID, named name: String) async throws -> MetaTable? {
        try await read { db in try Self.table(db, engine: engine, named: name) }
    }

    static func table(_ db: Database, engine: EngineID, named text: String) throws -> MetaTable? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"`[] "))
        }
        guard let name = parts.last, !name.isEmpty else { return nil }
        let schema = parts.count > 1 ? parts.dropLast().joined(separator: ".") : nil
        var sql = "SELECT * FROM metaTable WHERE engineID = ? AND name = ? COLLATE NOCASE"
        var arguments: StatementArguments = [engine, name]
        if let schema {
            sql += " AND schemaName = ? COLLATE NOCASE"
            arguments += [schema]
        }
        sql += """
             ORDER BY name = ? DESC, schemaName IN ('main', 'public', 'default') DESC, queryCount DESC, id LIMIT 1
            """
        arguments += [name]
        return try MetaTable.fetchOne(db, sql: sql, arguments: arguments)
    }
}
