import Core
import Foundation
import GRDB

/// The hub's one SQLite file: docs, cells, engines, executions and the durable job queue.
///
/// Opened once per process. GRDB's `DatabasePool` gives one serialized writer and concurrent
/// WAL readers; every write method is one short transaction, so callers never see a half
/// change. Safe to share between tasks.
public final class HubStore: Sendable {
    let pool: DatabasePool
    let clock: any WallClock
    /// Seconds between changes within which they join the same doc version (`history-window`).
    let historyWindow: TimeInterval

    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    /// `historyWindow`: see ``defaultHistoryWindow``.
    public init(
        url: URL, clock: any WallClock = SystemClock(), historyWindow: TimeInterval = HubStore.defaultHistoryWindow
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        configuration.label = "hub"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Reads straight from the page cache's mapping instead of a copy per page read
            // (search reads many index pages: Docs/performance.md).
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        pool = try DatabasePool(path: url.path, configuration: configuration)
        self.clock = clock
        self.historyWindow = historyWindow
        try Migrations.migrator.migrate(pool)
    }

    /// The names of the migrations applied, in order (for diagnostics and tests).
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Reads with a WAL snapshot; never blocks writers.
    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Runs `body` as one immediate write transaction.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.write(body)
    }
}
