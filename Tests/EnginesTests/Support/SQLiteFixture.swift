import GRDBSQLite

/// Writes test databases with SQLite's C API, the way any other program would.
enum SQLiteFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Creates (or extends) the database at `path` by running `sql`.
    static func create(at path: String, sql: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
            let db = handle
        else {
            sqlite3_close_v2(handle)
            throw Failure(description: "cannot open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        var message: UnsafeMutablePointer<CChar>?
        defer { sqlite3_free(message) }
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            throw Failure(description: message.map { String(cString: $0) } ?? "exec failed")
        }
    }
}
