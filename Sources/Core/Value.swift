/// One value of a result row, as engines hand it over and as results store it.
public enum Value: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// The small set of column types the UI shows and sorts by.
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    case integer, real, text, blob, boolean, date, timestamp, unknown
}

/// A result column: its name and type.
public struct ResultColumn: Codable, Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    /// The engine's own name for the type (for example `VARCHAR(20)`), when it has one.
    public var engineType: String?

    public init(name: String, type: ColumnType, engineType: String? = nil) {
        self.name = name
        self.type = type
        self.engineType = engineType
    }
}

/// Receives the rows of one statement as an engine produces them.
///
/// Called from the one thread that runs the statement, in order: `begin` once, then `append`
/// per row. Implementations write rows out as they come; they never hold the whole result.
public protocol RowSink: AnyObject {
    /// The statement's columns, before its first row.
    func begin(columns: [ResultColumn]) throws
    /// One row, with one value per column.
    func append(_ row: [Value]) throws
}
