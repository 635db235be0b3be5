import Foundation
import GRDBSQLite

/// Why the demo database could not be built.
public enum DemoDatabaseError: Error, Sendable, Equatable {
    /// `eventRows` was negative or too large for the generator's arithmetic.
    case invalidEventRows(Int)
    /// SQLite or the file system failed; the message says where.
    case buildFailed(String)
}

/// A deterministic demo database for a Pinterest-like product, for the hub's first run.
///
/// Tables (all with primary keys, foreign keys and declared types):
/// - `users` (10,000): `id`, `username`, `display_name`, `country`, `signup_at` DATETIME,
///   `is_business` BOOLEAN
/// - `boards` (50,000): `id`, `user_id`, `name`, `category`, `created_at` DATETIME
/// - `pins` (200,000): `id`, `board_id`, `user_id`, `title`, `domain`, `aspect_ratio` REAL,
///   `created_at` DATETIME
/// - `events` (`eventRows`): `id`, `user_id`, `pin_id`, `kind` (view, click, save, comment,
///   share), `created_at` DATETIME, `duration_ms`, `device`, `country`
///
/// Timestamps are UTC text (`YYYY-MM-DD HH:MM:SS`) before ``endDate`` (2026-11-01); events
/// cover the year before it, growing and following a daily cycle. In every table ids follow
/// creation time, and no row predates the rows it refers to. The same `eventRows` always
/// gives the same content.
public enum DemoDatabase {
    /// The instant all demo data lies before: 2026-11-01 00:00:00 UTC.
    public static let endDate = Date(timeIntervalSince1970: TimeInterval(DemoSchema.endEpoch))

    /// The most events the generator supports.
    public static let maxEventRows = 100_000_000

    /// A first query for the UI: daily engagement over the demo's last 30 days.
    public static let sampleQuery = """
        -- Daily engagement over the last 30 days of the demo data
        SELECT date(created_at) AS day,
               count(*) AS events,
               count(DISTINCT user_id) AS active_users,
               sum(kind = 'save') AS saves,
               round(100.0 * sum(kind = 'click') / sum(kind = 'view'), 2) AS click_through_pct,
               round(avg(duration_ms) / 1000.0, 1) AS avg_seconds
        FROM events
        WHERE created_at >= '2026-10-02'
        GROUP BY day
        ORDER BY day
        """

    /// Builds the demo database at `url`, replacing any file there.
    ///
    /// Blocking (about 6 s for a million events on one core; SQLite does the work, so a debug
    /// build is as fast): call it from a thread of its own, not a Swift concurrency thread.
    /// The data is generated in a temporary file beside `url` with journaling off, analysed,
    /// and then renamed into place, so a crash never leaves a half-built demo at `url`.
    public static func create(at url: URL, eventRows: Int = 1_000_000) throws(DemoDatabaseError) {
        guard (0...maxEventRows).contains(eventRows) else { throw DemoDatabaseError.invalidEventRows(eventRows) }
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appending(path: ".\(url.lastPathComponent).\(UUID().uuidString).building")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DemoDatabaseError.buildFailed("Cannot create \(directory.path): \(error.localizedDescription)")
        }
        do {
            try build(at: temporary.path, eventRows: eventRows)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        // rename(2) replaces the target atomically.
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw DemoDatabaseError.buildFailed("Cannot move the demo database into \(url.path): \(reason)")
        }
    }

    private static func build(at path: String, eventRows: Int) throws(DemoDatabaseError) {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db = handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw DemoDatabaseError.buildFailed("Cannot create \(path): \(message)")
        }
        defer { sqlite3_close_v2(db) }
        // Nothing to protect until the file is renamed into place, so no journal, no syncs.
        try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", on: db, step: "settings")
        try execute("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536", on: db, step: "settings")
        try execute("BEGIN", on: db, step: "transaction")
        try execute(DemoSchema.tables, on: db, step: "tables")
        try execute(DemoSchema.userRows, on: db, step: "users")
        try execute(DemoSchema.boardRows, on: db, step: "boards")
        try execute(DemoSchema.pinRows, on: db, step: "pins")
        try execute(DemoSchema.eventRows(eventRows), on: db, step: "events")
        try execute(DemoSchema.indexes, on: db, step: "indexes")
        try execute("COMMIT", on: db, step: "transaction")
        try execute("ANALYZE", on: db, step: "analyze")
    }

    private static func execute(_ sql: String, on db: OpaquePointer, step: String) throws(DemoDatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let detail = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw DemoDatabaseError.buildFailed("Building the demo database failed at \(step): \(detail)")
        }
    }
}
