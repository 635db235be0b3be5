import Core

/// Rows to export, readable a batch at a time: a stored result, or (later) a sorted or
/// filtered view of one.
///
/// Implementations must be safe to read from any thread; `rows(inBatch:)` is called once per
/// batch, in order, and its rows are dropped before the next call, so an export holds about
/// one batch.
public protocol ExportSource: Sendable {
    /// The columns of every row.
    var columns: [ResultColumn] { get }
    /// Rows in all batches together.
    var totalRows: Int { get }
    /// Number of batches.
    var batchCount: Int { get }
    /// The rows of batch `index` (0 ..< `batchCount`).
    func rows(inBatch index: Int) throws -> [[Value]]
}

extension ResultReader: ExportSource {}
