import GRDBSQLite
import Synchronization

/// Watches one SQLite statement run: its deadline, its cancel switch, and the open handle
/// that ``stop()`` interrupts.
///
/// Thread-safe. The worker thread polls ``shouldStop`` from SQLite's progress and busy
/// handlers; any thread may call ``stop()``. The handle is read and cleared under a lock, so
/// `sqlite3_interrupt` never races with `sqlite3_close`.
final class SQLiteRunGuard: Sendable {
    /// Why a run was stopped, as far as the guard knows.
    enum StopReason: Equatable {
        case cancelled
        case timedOut
    }

    /// The run's time limit in seconds, or `nil` for none.
    let timeout: Double?
    private let deadline: ContinuousClock.Instant?
    private let cancelled = Atomic<Bool>(false)
    private let handle = Mutex<Handle?>(nil)

    /// A connection handle shared with ``stop()``; only `sqlite3_interrupt` is called on it
    /// from other threads, under the lock, which SQLite allows.
    private struct Handle: @unchecked Sendable {
        let db: OpaquePointer
    }

    /// Starts the clock: a `timeout` that is not positive and finite means no time limit.
    init(timeout: Double) {
        if timeout > 0, timeout.isFinite, timeout < 1e9 {
            self.timeout = timeout
            self.deadline = ContinuousClock.now.advanced(by: .seconds(timeout))
        } else {
            self.timeout = nil
            self.deadline = nil
        }
    }

    /// Fires the guard: the progress handler stops the statement at its next check, and an
    /// attached handle is interrupted at once.
    func stop() {
        cancelled.store(true, ordering: .sequentiallyConsistent)
        handle.withLock { handle in
            if let handle { sqlite3_interrupt(handle.db) }
        }
    }

    /// Makes `db` the handle ``stop()`` interrupts.
    func attach(_ db: OpaquePointer) {
        handle.withLock { $0 = Handle(db: db) }
    }

    /// Forgets the handle; call before closing it.
    func detach() {
        handle.withLock { $0 = nil }
    }

    /// Whether the run was cancelled or its deadline has passed; `nil` while it may go on.
    var stopReason: StopReason? {
        if cancelled.load(ordering: .relaxed) { return .cancelled }
        if let deadline, ContinuousClock.now >= deadline { return .timedOut }
        return nil
    }

    /// The error for a run this guard stopped.
    func error(for reason: StopReason) -> EngineError {
        switch reason {
        case .cancelled: .cancelled
        case .timedOut: .timedOut(seconds: timeout ?? 0)
        }
    }

    /// Installs the progress handler (every `steps` VM instructions) and a busy handler that
    /// both give up once ``stopReason`` is set. The guard must outlive `db`'s use.
    func install(on db: OpaquePointer, steps: Int32 = 1000) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_progress_handler(
            db, steps,
            { context in
                guard let context else { return 0 }
                let guardian = Unmanaged<SQLiteRunGuard>.fromOpaque(context).takeUnretainedValue()
                return guardian.stopReason == nil ? 0 : 1
            }, context)
        sqlite3_busy_handler(
            db,
            { context, _ in
                guard let context else { return 0 }
                let guardian = Unmanaged<SQLiteRunGuard>.fromOpaque(context).takeUnretainedValue()
                guard guardian.stopReason == nil else { return 0 }
                // A writer holds the file (for example during a checkpoint): wait a little.
                sqlite3_sleep(5)
                return 1
            }, context)
    }
}
