import Core

/// A ``RowSink`` that keeps everything it is given, for looking at after a run.
///
/// Only the engine's thread writes to it, and tests read it after `execute` returns.
final class CollectingSink: RowSink, @unchecked Sendable {
    private(set) var columns: [ResultColumn] = []
    private(set) var rows: [[Value]] = []
    private(set) var beginCount = 0

    func begin(columns: [ResultColumn]) throws {
        self.columns = columns
        beginCount += 1
    }

    func append(_ row: [Value]) throws {
        rows.append(row)
    }

    /// The column names, in order.
    var names: [String] { columns.map(\.name) }
}
