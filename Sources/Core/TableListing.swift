import Foundation

/// A metastore table as lists show it: the row, its engine's name, its tags and how many
/// columns it has.
public struct TableListing: Sendable, Hashable {
    public var table: MetaTable
    public var engineName: String
    /// Sorted.
    public var tags: [String]
    public var columnCount: Int

    public init(table: MetaTable, engineName: String, tags: [String], columnCount: Int) {
        self.table = table
        self.engineName = engineName
        self.tags = tags
        self.columnCount = columnCount
    }
}

/// A column with its sorted tags.
public struct ColumnListing: Sendable, Hashable {
    public var column: MetaColumn
    public var tags: [String]

    public init(column: MetaColumn, tags: [String]) {
        self.column = column
        self.tags = tags
    }
}

/// A metastore table with everything its page shows: owners and columns with their tags.
public struct TableDetail: Sendable, Hashable {
    public var listing: TableListing
    /// By display name.
    public var owners: [User]
    /// In position order.
    public var columns: [ColumnListing]

    public init(listing: TableListing, owners: [User], columns: [ColumnListing]) {
        self.listing = listing
        self.owners = owners
        self.columns = columns
    }
}

/// Which tables a list shows: always only those of `engines` (the caller's visible ones).
public struct TableFilter: Sendable, Hashable {
    public var engines: Set<EngineID>
    public var engineID: EngineID?
    public var schema: String?
    /// A substring of the name, compared without case.
    public var query: String?
    public var tag: String?
    /// `true`: golden tables only.
    public var goldenOnly: Bool
    public var limit: Int
    public var offset: Int

    public init(
        engines: Set<EngineID>, engineID: EngineID? = nil, schema: String? = nil, query: String? = nil,
        tag: String? = nil, goldenOnly: Bool = false, limit: Int = 50, offset: Int = 0
    ) {
        self.engines = engines
        self.engineID = engineID
        self.schema = schema
        self.query = query
        self.tag = tag
        self.goldenOnly = goldenOnly
        self.limit = limit
        self.offset = offset
    }
}

/// A change people make to a table; `nil` fields stay as they are.
public struct TableChanges: Sendable, Hashable {
    public var description: String?
    public var warnings: String?
    /// The whole new set (already checked).
    public var tags: [String]?
    public var golden: Bool?
    /// The whole new set of owners.
    public var owners: [UserID]?

    public init(
        description: String? = nil, warnings: String? = nil, tags: [String]? = nil, golden: Bool? = nil,
        owners: [UserID]? = nil
    ) {
        self.description = description
        self.warnings = warnings
        self.tags = tags
        self.golden = golden
        self.owners = owners
    }

    public var isEmpty: Bool { self == TableChanges() }
}
