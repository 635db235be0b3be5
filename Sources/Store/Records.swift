import Core
import Foundation
import GRDB

// GRDB conformances of the domain values: the table names, and how typed ids and states
// go into columns.

extension ID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        Int64.fromDatabaseValue(dbValue).map(Self.init(rawValue:))
    }
}

extension RunStatus: DatabaseValueConvertible {}
extension JobStatus: DatabaseValueConvertible {}
extension CellKind: DatabaseValueConvertible {}
extension EngineKind: DatabaseValueConvertible {}

extension User: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
}

extension EngineInfo: FetchableRecord, TableRecord {
    public static let databaseTableName = "engine"

    /// Every column but the secret, which only ``HubStore/engineSecret(_:)`` reads; whether
    /// one is set comes back as `secretSet`.
    public static var databaseSelection: [any SQLSelectable] {
        [
            Column("id"), Column("name"), Column("kind"), Column("description"), Column("settings"),
            Column("timeLimit"), Column("rowCap"), Column("concurrency"), Column("disabled"), Column("createdAt"),
            Column("updatedAt"), (Column("secret") != nil).forKey("secretSet"),
        ]
    }

    public init(row: Row) throws {
        let settingsJSON: String = row["settings"]
        let createdAt: Date = row["createdAt"]
        self.init(
            id: row["id"], name: row["name"], kind: row["kind"], description: row["description"],
            settings: try JSONDecoder().decode(EngineSettings.self, from: Data(settingsJSON.utf8)),
            secretSet: row["secretSet"] ?? false,
            limits: EngineLimits(timeLimit: row["timeLimit"], rowCap: row["rowCap"], concurrency: row["concurrency"]),
            disabled: row["disabled"], createdAt: createdAt, updatedAt: row["updatedAt"] ?? createdAt)
    }
}

extension Doc: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "doc"
}

extension Cell: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "cell"
}

extension Execution: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "execution"
}

extension StatementRun: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "statementRun"
}

extension Job: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "job"
}

extension CellEdit: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "cellEdit"
}

extension TableKind: DatabaseValueConvertible {}

extension MetaTable: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metaTable"
}

extension MetaColumn: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metaColumn"
}
