import Core
import Foundation

/// A query engine over one SQLite file, read-only by default.
///
/// Each ``execute(_:limits:cancellation:sink:)`` opens its own connection
/// (`SQLITE_OPEN_READONLY`, `PRAGMA query_only`; `SQLITE_OPEN_READWRITE` only when the admin
/// turned ``readOnly`` off), runs the statement on a dedicated thread
/// (never a Swift concurrency thread) and closes the connection before returning, so runs
/// share nothing and any number may go on at once. The file is never created, and never written
/// while ``readOnly``; `ATTACH` is refused, so user SQL reaches this one file only.
public struct SQLiteEngine: QueryEngine {
    /// The database file.
    public let path: String
    /// Whether user SQL is kept from changing the file (the default). A writable engine lets
    /// anyone who can run a query on it change or delete its data.
    public let readOnly: Bool

    /// An engine over the SQLite file at `path`; nothing is opened until a statement runs.
    public init(path: String, readOnly: Bool = true) {
        self.path = path
        self.readOnly = readOnly
    }

    /// Runs one statement, handing its columns and rows to `sink` on the worker thread.
    ///
    /// Stops with ``EngineError/cancelled`` within milliseconds when `cancellation` fires or
    /// the calling task is cancelled (SQLite's progress handler checks every 1000 VM steps,
    /// and the connection is interrupted at once), and with ``EngineError/timedOut(seconds:)``
    /// once `limits.timeout` seconds have passed (a non-positive timeout means no limit).
    /// Errors the sink throws are passed on unchanged.
    public func execute(
        _ statement: String, limits: QueryLimits, cancellation: QueryCancellation, sink: any RowSink
    ) async throws -> StatementOutcome {
        let runGuard = SQLiteRunGuard(timeout: limits.timeout)
        cancellation.onCancel { runGuard.stop() }
        let runner = SQLiteStatementRunner(path: path, readOnly: readOnly, runGuard: runGuard)
        // RowSink promises to be used from one thread at a time; from here on only the
        // worker thread touches it.
        nonisolated(unsafe) let sink = sink
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    let result = Result { try runner.run(statement, limits: limits, sink: sink) }
                    continuation.resume(with: result)
                }
                thread.name = "querybook.sqlite"
                thread.start()
            }
        } onCancel: {
            runGuard.stop()
        }
    }
}
