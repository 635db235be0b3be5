import Foundation

public typealias TableID = ID<MetaTable>
public typealias ColumnID = ID<MetaColumn>

/// Whether a metastore entry is a stored table or a view.
public enum TableKind: String, Codable, Sendable, CaseIterable {
    case table
    case view
}

/// One table or view of an engine, as the metastore knows it.
///
/// `schemaName` is the engine's namespace: `main` for SQLite, the schema for PostgreSQL, the
/// database for ClickHouse, `catalog.schema` for Trino. `comment`, `rowCount` and `sizeBytes`
/// come from the engine and are refreshed by ingestion; `description`, `warnings` (Markdown)
/// and `golden` are written by people and survive ingestion.
public struct MetaTable: Codable, Sendable, Hashable {
    public var id: TableID
    public var engineID: EngineID
    public var schemaName: String
    public var name: String
    public var kind: TableKind
    public var comment: String
    public var rowCount: Int64?
    public var sizeBytes: Int64?
    /// Ingestion's fingerprint of the engine-side definition (columns, types, comments): a
    /// table whose fingerprint did not change is left untouched.
    public var signature: String
    public var description: String
    public var warnings: String
    public var golden: Bool
    /// Successful statements that read or wrote this table (query analytics).
    public var queryCount: Int
    /// Times the table page was opened.
    public var viewCount: Int
    public var lastQueriedAt: Date?
    public var syncedAt: Date
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: TableID, engineID: EngineID, schemaName: String, name: String, kind: TableKind = .table,
        comment: String = "", rowCount: Int64? = nil, sizeBytes: Int64? = nil, signature: String = "",
        description: String = "", warnings: String = "", golden: Bool = false, queryCount: Int = 0,
        viewCount: Int = 0, lastQueriedAt: Date? = nil, syncedAt: Date, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.engineID = engineID
        self.schemaName = schemaName
        self.name = name
        self.kind = kind
        self.comment = comment
        self.rowCount = rowCount
        self.sizeBytes = sizeBytes
        self.signature = signature
        self.description = description
        self.warnings = warnings
        self.golden = golden
        self.queryCount = queryCount
        self.viewCount = viewCount
        self.lastQueriedAt = lastQueriedAt
        self.syncedAt = syncedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `schema.name`, as people write it in SQL.
    public var qualifiedName: String { "\(schemaName).\(name)" }
}

/// One column of a ``MetaTable``: `type` and `comment` from the engine, `description` from people.
public struct MetaColumn: Codable, Sendable, Hashable {
    public var id: ColumnID
    public var tableID: TableID
    /// 0-based, in the engine's order.
    public var position: Int
    public var name: String
    public var type: String
    public var comment: String
    public var description: String

    public init(
        id: ColumnID, tableID: TableID, position: Int, name: String, type: String, comment: String = "",
        description: String = ""
    ) {
        self.id = id
        self.tableID = tableID
        self.position = position
        self.name = name
        self.type = type
        self.comment = comment
        self.description = description
    }
}
