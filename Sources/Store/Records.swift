import Core
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

extension EngineInfo: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "engine"
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
