import Core
import Foundation
import Results
import Synchronization

/// What a ``ProgressSink`` tells the run while a statement goes.
enum SinkEvent: Sendable {
    /// Rows stored so far and the engine's latest own figures; at most every `interval`.
    case progress(rowCount: Int, engine: EngineProgress?)
    /// A line the engine reported, in order.
    case log(String)
}

/// Thrown by ``ProgressSink/append(_:)`` once the run's stored results pass its size cap; the
/// engine stops reading (it passes sink errors through) and the run keeps the rows so far.
struct ResultSizeCapReached: Error {}

/// Passes rows to the result writer and reports the running count, and the engine's own
/// progress, every `interval` seconds; passes the engine's log lines on at once.
///
/// `begin` and `append` come from the engine's one statement thread; `report` may come from
/// another thread of the engine (a progress poller), so the shared state is behind a lock.
final class ProgressSink: RowSink, @unchecked Sendable {
    private struct Shared {
        var rowCount = 0
        var engine: EngineProgress?
        var nextReport: Date
        var logLines = 0
    }

    private let writer: ResultWriter
    /// Compressed bytes this statement may write before ``ResultSizeCapReached``.
    private let byteLimit: UInt64
    private let interval: Double
    private let emit: @Sendable (SinkEvent) -> Void
    private let shared: Mutex<Shared>
    private(set) var columns: [ResultColumn] = []
    private var rowCount = 0

    init(
        writer: ResultWriter, byteLimit: UInt64 = .max, interval: Double,
        emit: @escaping @Sendable (SinkEvent) -> Void
    ) {
        self.writer = writer
        self.byteLimit = byteLimit
        self.interval = interval
        self.emit = emit
        self.shared = Mutex(Shared(nextReport: Date().addingTimeInterval(interval)))
    }

    func begin(columns: [ResultColumn]) throws {
        self.columns = columns
        try writer.begin(columns: columns)
    }

    func append(_ row: [Value]) throws {
        try writer.append(row)
        rowCount += 1
        // The count grows a compressed batch at a time, so the cap is passed by at most one.
        if writer.bytesWritten > byteLimit { throw ResultSizeCapReached() }
        // Looking at the clock costs more than a row; look every 1024 rows.
        if rowCount & 1023 == 0 {
            let count = rowCount
            emitIfDue { $0.rowCount = count }
        }
    }

    func report(_ progress: EngineProgress) {
        if let message = progress.message, !message.isEmpty {
            // The store keeps RunLogEntry.limit lines; an engine that says more is not queued.
            let keep = shared.withLock { shared in
                shared.logLines += 1
                return shared.logLines <= RunLogEntry.limit
            }
            if keep { emit(.log(message)) }
        }
        guard progress.percent != nil || progress.rowsRead != nil || progress.bytesRead != nil else { return }
        emitIfDue { shared in
            var merged = shared.engine ?? EngineProgress()
            if let percent = progress.percent { merged.percent = min(100, max(0, percent)) }
            if let rows = progress.rowsRead { merged.rowsRead = rows }
            if let bytes = progress.bytesRead { merged.bytesRead = bytes }
            shared.engine = merged
        }
    }

    /// Applies `change`, then emits a progress event when the interval has passed.
    private func emitIfDue(_ change: (inout Shared) -> Void) {
        let due: SinkEvent? = shared.withLock { shared in
            change(&shared)
            let now = Date()
            guard now >= shared.nextReport else { return nil }
            shared.nextReport = now.addingTimeInterval(interval)
            return .progress(rowCount: shared.rowCount, engine: shared.engine)
        }
        if let due { emit(due) }
    }
}
