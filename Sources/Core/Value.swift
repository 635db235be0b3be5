/// One value of a result row, as engines hand it over and as results store it.
public enum Value: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// The small set of column types the UI shows and sorts by.
///
/// Values of `decimal` columns are exact decimal text (`.text("12.30")`), of `json` and
/// `array` columns JSON text; the type tells the UI how to align and sort them.
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    case integer, real, decimal, text, blob, boolean, date, timestamp, json, array, unknown
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
    /// What the engine says about the statement while it runs (percent done, rows and bytes
    /// read, a log line). Optional: engines that know nothing never call it. Called from any
    /// thread, never concurrently with itself.
    func report(_ progress: EngineProgress)
}

extension RowSink {
    /// Sinks that do not show engine progress ignore it.
    public func report(_ progress: EngineProgress) {}
}

/// An engine's own account of a statement in flight; every field is optional.
public struct EngineProgress: Sendable, Hashable, Codable {
    /// Share of the work done, 0 to 100, when the engine can tell.
    public var percent: Double?
    /// Rows the engine has read (scanned), not rows returned.
    public var rowsRead: Int64?
    /// Bytes the engine has read.
    public var bytesRead: Int64?
    /// A line for the run's log (for example "stage 2 of 5 running", a notice or warning).
    public var message: String?

    public init(percent: Double? = nil, rowsRead: Int64? = nil, bytesRead: Int64? = nil, message: String? = nil) {
        self.percent = percent
        self.rowsRead = rowsRead
        self.bytesRead = bytesRead
        self.message = message
    }
}
