import Core
import Foundation
import GRDB

extension HubStore {
    /// `doc`'s variables in their order (empty for a doc that has none).
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc.
    public func variables(of doc: DocID) async throws -> [DocVariable] {
        try await read { db in
            _ = try Self.requireDoc(db, doc)
            return try Self.fetchVariables(db, doc)
        }
    }

    /// Replaces all of `doc`'s variables with `variables`, in one transaction (the caller has
    /// checked them: names, types, cycles).
    @discardableResult
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc.
    public func replaceVariables(of doc: DocID, with variables: [DocVariable]) async throws -> [DocVariable] {
        let rows = try variables.map { ($0.name, $0.type.rawValue, try JSONCoding.string($0.value)) }
        return try await write { db in
            _ = try Self.requireDoc(db, doc)
            try db.execute(sql: "DELETE FROM docVariable WHERE docID = ?", arguments: [doc])
            for (position, row) in rows.enumerated() {
                try db.execute(
                    sql: "INSERT INTO docVariable (docID, position, name, type, value) VALUES (?, ?, ?, ?, ?)",
                    arguments: [doc, position, row.0, row.1, row.2])
            }
            return try Self.fetchVariables(db, doc)
        }
    }

    /// Gives a clone its original's variables (its templates would not render without them).
    static func copyVariables(_ db: Database, from original: DocID, to copy: DocID) throws {
        try db.execute(
            sql: """
                INSERT INTO docVariable (docID, position, name, type, value)
                SELECT ?, position, name, type, value FROM docVariable WHERE docID = ?
                """,
            arguments: [copy, original])
    }

    static func fetchVariables(_ db: Database, _ doc: DocID) throws -> [DocVariable] {
        let decoder = JSONCoding.decoder()
        return try Row.fetchAll(
            db, sql: "SELECT name, type, value FROM docVariable WHERE docID = ? ORDER BY position", arguments: [doc]
        ).map { row in
            let type: String = row["type"]
            let value: String = row["value"]
            guard let kind = DocVariable.Kind(rawValue: type) else { throw StoreError.invalid("Unknown variable type \(type).") }
            return DocVariable(name: row["name"], type: kind, value: try decoder.decode(DocVariable.Value.self, from: Data(value.utf8)))
        }
    }
}
