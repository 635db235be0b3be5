import Core

/// Limits every statement runs under.
public struct QueryLimits: Sendable, Hashable {
    /// Wall-clock time allowed for one statement, in seconds.
    public var timeout: Double
    /// Rows handed to the sink at most; the statement is then marked truncated.
    public var maxRows: Int

    public init(timeout: Double, maxRows: Int) {
        self.timeout = timeout
        self.maxRows = maxRows
    }
}

/// How a statement ended when it did not fail.
public struct StatementOutcome: Sendable, Hashable {
    /// Rows handed to the sink.
    public var rowCount: Int
    /// `true` when more rows existed past `QueryLimits.maxRows`.
    public var truncated: Bool

    public init(rowCount: Int, truncated: Bool) {
        self.rowCount = rowCount
        self.truncated = truncated
    }
}

/// Why an engine stopped a statement.
public enum EngineError: Error, Sendable, Equatable {
    /// The run was cancelled through its ``QueryCancellation``.
    case cancelled
    /// The statement ran past `QueryLimits.timeout`.
    case timedOut(seconds: Double)
    /// The engine rejected or failed the statement. `line`/`column` count in the statement's
    /// own text (1-based), when the engine says where.
    case failed(RunError)
    /// The engine could not be reached or opened.
    case unavailable(String)
}

/// A place user SQL runs: the embedded SQLite files now, remote engines later.
///
/// Implementations never touch the hub's own database, and never block a Swift concurrency
/// thread: blocking drivers run on a thread of their own.
public protocol QueryEngine: Sendable {
    /// Runs one statement and hands its columns, then its rows, to `sink` as they come.
    ///
    /// Returns when the last row was handed over. Throws ``EngineError/cancelled`` soon after
    /// `cancellation` fires (within milliseconds for SQLite), ``EngineError/timedOut(seconds:)``
    /// past the limit, ``EngineError/failed(_:)`` with the engine's message otherwise.
    func execute(
        _ statement: String, limits: QueryLimits, cancellation: QueryCancellation, sink: any RowSink
    ) async throws -> StatementOutcome
}
