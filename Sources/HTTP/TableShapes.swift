import Core
import Foundation

/// A metastore table by reference: `{"id","engineId","engineName","schema","name","kind"}`.
/// Other answers (search hits, lineage, related tables) add their own fields after these.
struct TableRefBody: Encodable {
    let id: Int64
    let engineId: Int64
    let engineName: String
    let schema: String
    let name: String
    let kind: TableKind

    init(_ table: MetaTable, engineName: String) {
        id = table.id.rawValue
        engineId = table.engineID.rawValue
        self.engineName = engineName
        schema = table.schemaName
        name = table.name
        kind = table.kind
    }

    init(_ listing: TableListing) { self.init(listing.table, engineName: listing.engineName) }

    /// Writes the reference's fields into `c` (for bodies that extend it).
    func encode(into c: inout KeyedEncodingContainer<TableKeys>) throws {
        try c.encode(id, forKey: .id)
        try c.encode(engineId, forKey: .engineId)
        try c.encode(engineName, forKey: .engineName)
        try c.encode(schema, forKey: .schema)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TableKeys.self)
        try encode(into: &c)
    }
}

/// Every key a table body may have.
enum TableKeys: String, CodingKey {
    case id, engineId, engineName, schema, name, kind
    case comment, description, golden, tags, rowCount, sizeBytes, queryCount, columnCount
    case warnings, owners, viewCount, lastQueriedAt, syncedAt, updatedAt, canManage
}

/// TableRef + `comment`, `description`, `golden`, `tags`, `rowCount`, `sizeBytes`,
/// `queryCount`, `columnCount`: a table as lists show it.
struct TableSummaryBody: Encodable {
    let listing: TableListing

    init(_ listing: TableListing) { self.listing = listing }

    func encode(into c: inout KeyedEncodingContainer<TableKeys>) throws {
        let table = listing.table
        try TableRefBody(listing).encode(into: &c)
        try c.encode(table.comment, forKey: .comment)
        try c.encode(table.description, forKey: .description)
        try c.encode(table.golden, forKey: .golden)
        try c.encode(listing.tags, forKey: .tags)
        try c.encode(table.rowCount, forKey: .rowCount)
        try c.encode(table.sizeBytes, forKey: .sizeBytes)
        try c.encode(table.queryCount, forKey: .queryCount)
        try c.encode(listing.columnCount, forKey: .columnCount)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TableKeys.self)
        try encode(into: &c)
    }
}

/// TableSummary + `warnings`, `owners`, `viewCount`, `lastQueriedAt`, `syncedAt`,
/// `updatedAt`, `canManage`: a table as its page shows it.
struct TableBody: Encodable {
    let detail: TableDetail
    /// Whether the asking user may change `golden` and `owners` (an admin or an owner).
    let canManage: Bool

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TableKeys.self)
        let table = detail.listing.table
        try TableSummaryBody(detail.listing).encode(into: &c)
        try c.encode(table.warnings, forKey: .warnings)
        try c.encode(detail.owners.map(PersonBody.init), forKey: .owners)
        try c.encode(table.viewCount, forKey: .viewCount)
        try c.encode(table.lastQueriedAt, forKey: .lastQueriedAt)
        try c.encode(table.syncedAt, forKey: .syncedAt)
        try c.encode(table.updatedAt, forKey: .updatedAt)
        try c.encode(canManage, forKey: .canManage)
    }
}

/// `{"id","position","name","type","comment","description","tags"}`.
struct TableColumnBody: Encodable {
    let id: Int64
    let position: Int
    let name: String
    let type: String
    let comment: String
    let description: String
    let tags: [String]

    init(_ listing: ColumnListing) {
        id = listing.column.id.rawValue
        position = listing.column.position
        name = listing.column.name
        type = listing.column.type
        comment = listing.column.comment
        description = listing.column.description
        tags = listing.tags
    }
}

/// The answer of `GET /api/tables/{id}` and `PATCH /api/tables/{id}`.
struct TablePageBody: Encodable {
    let table: TableBody
    let columns: [TableColumnBody]

    init(_ detail: TableDetail, canManage: Bool) {
        table = TableBody(detail: detail, canManage: canManage)
        columns = detail.columns.map(TableColumnBody.init)
    }
}

/// An engine's metastore sync as the admin page shows it.
struct SyncBody: Encodable {
    let engineId: Int64
    let engineName: String
    let intervalHours: Double
    let status: MetastoreSyncStatus
    let tablesTotal: Int
    let tablesDone: Int
    let tablesAdded: Int
    let tablesUpdated: Int
    let tablesRemoved: Int
    let error: String?
    let startedAt: Date?
    let finishedAt: Date?
    let nextRunAt: Date?

    init(_ state: MetastoreSyncState, engineName: String) {
        engineId = state.engineID.rawValue
        self.engineName = engineName
        intervalHours = state.intervalHours
        status = state.status
        tablesTotal = state.tablesTotal
        tablesDone = state.tablesDone
        tablesAdded = state.tablesAdded
        tablesUpdated = state.tablesUpdated
        tablesRemoved = state.tablesRemoved
        error = state.error
        startedAt = state.startedAt
        finishedAt = state.finishedAt
        nextRunAt = state.nextRunAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(engineId, forKey: .engineId)
        try c.encode(engineName, forKey: .engineName)
        try c.encode(intervalHours, forKey: .intervalHours)
        try c.encode(status, forKey: .status)
        try c.encode(tablesTotal, forKey: .tablesTotal)
        try c.encode(tablesDone, forKey: .tablesDone)
        try c.encode(tablesAdded, forKey: .tablesAdded)
        try c.encode(tablesUpdated, forKey: .tablesUpdated)
        try c.encode(tablesRemoved, forKey: .tablesRemoved)
        try c.encode(error, forKey: .error)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(nextRunAt, forKey: .nextRunAt)
    }

    enum CodingKeys: String, CodingKey {
        case engineId, engineName, intervalHours, status, tablesTotal, tablesDone, tablesAdded, tablesUpdated
        case tablesRemoved, error, startedAt, finishedAt, nextRunAt
    }
}
