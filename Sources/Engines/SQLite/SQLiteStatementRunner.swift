import Core
import Foundation
import GRDBSQLite

/// Runs one statement on a connection of its own (read-only unless `readOnly` is off), start
/// to finish.
///
/// Blocking: call it only from a thread of its own, never from a Swift concurrency thread.
/// The connection is closed before ``run(_:limits:sink:)`` returns or throws.
struct SQLiteStatementRunner {
    /// The database file, never created.
    let path: String
    /// Open read-only with `PRAGMA query_only`; `false` lets user SQL write.
    let readOnly: Bool
    /// The deadline and cancel switch the run obeys.
    let runGuard: SQLiteRunGuard

    /// A compiled statement and where, in the UTF-8 text, SQLite started compiling it.
    private struct Compiled {
        var statement: OpaquePointer
        var offset: Int
    }

    /// Opens the file, runs `statement` and hands its columns and rows to `sink`.
    func run(_ statement: String, limits: QueryLimits, sink: any RowSink) throws -> StatementOutcome {
        if let reason = runGuard.stopReason { throw runGuard.error(for: reason) }
        let db = try open()
        runGuard.attach(db)
        defer {
            runGuard.detach()
            sqlite3_close_v2(db)
        }
        runGuard.install(on: db)
        // The engine is one file: ATTACH would let user SQL read any SQLite file the server
        // can, the hub's own database included.
        sqlite3_set_authorizer(
            db, { _, action, _, _, _, _ in
                action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK
            }, nil)

        if readOnly {
            let code = sqlite3_exec(db, "PRAGMA query_only = ON", nil, nil, nil)
            guard code == SQLITE_OK else { throw failure(code, db: db, statement: statement, offset: 0) }
        }

        guard let compiled = try compile(statement, on: db) else {
            // Nothing but whitespace or comments: an empty result, not an error.
            try sink.begin(columns: [])
            return StatementOutcome(rowCount: 0, truncated: false)
        }
        defer { sqlite3_finalize(compiled.statement) }
        return try step(compiled, db: db, statement: statement, limits: limits, sink: sink)
    }

    private func open() throws -> OpaquePointer {
        // SQLITE_OPEN_READONLY never creates a file, but its error would only say "unable to
        // open database file"; say which file.
        guard FileManager.default.fileExists(atPath: path) else {
            throw EngineError.unavailable("The SQLite database file \(path) does not exist.")
        }
        var db: OpaquePointer?
        let mode = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        let code = sqlite3_open_v2(path, &db, mode | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw EngineError.unavailable("Cannot open the SQLite database \(path): \(message).")
        }
        return db
    }

    /// Compiles the first statement of `statement`, skipping empty ones (a stray `;`, comments);
    /// `nil` when there is none. Fails when another statement follows the first.
    private func compile(_ statement: String, on db: OpaquePointer) throws -> Compiled? {
        var bytes = Array(statement.utf8)
        let length = bytes.count
        // NUL-terminated, with the terminator counted, so SQLite parses our buffer in place and
        // its error offsets and tails point into it.
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer -> Compiled? in
            guard let base = buffer.baseAddress else { return nil }
            return try base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text -> Compiled? in
                var offset = 0
                while offset < length {
                    var compiled: OpaquePointer?
                    var tail: UnsafePointer<CChar>?
                    let code = sqlite3_prepare_v2(db, text + offset, Int32(buffer.count - offset), &compiled, &tail)
                    guard code == SQLITE_OK else {
                        sqlite3_finalize(compiled)
                        throw failure(code, db: db, statement: statement, offset: offset)
                    }
                    let next = tail.map { $0 - text } ?? length
                    if let compiled {
                        try ensureNothingFollows(statement, bytes: buffer[min(next, length)..<length], compiled: compiled)
                        return Compiled(statement: compiled, offset: offset)
                    }
                    guard next > offset else { break }
                    offset = next
                }
                return nil
            }
        }
    }

    /// Callers split texts into statements; running only the first of several would hide the rest.
    private func ensureNothingFollows(_ statement: String, bytes: Slice<UnsafeBufferPointer<UInt8>>, compiled: OpaquePointer) throws {
        let rest = String(decoding: bytes, as: UTF8.self)
        guard let extra = StatementSplitter.split(rest).first else { return }
        sqlite3_finalize(compiled)
        let position = TextPosition(utf8Offset: bytes.startIndex + extra.startOffset, in: statement)
        throw EngineError.failed(
            RunError(
                message: "Only one statement can run at a time; split the text into statements first.",
                line: position?.line, column: position?.column))
    }

    private func step(
        _ compiled: Compiled, db: OpaquePointer, statement: String, limits: QueryLimits, sink: any RowSink
    ) throws -> StatementOutcome {
        var code = sqlite3_step(compiled.statement)
        guard code == SQLITE_ROW || code == SQLITE_DONE else {
            throw failure(code, db: db, statement: statement, offset: compiled.offset)
        }
        // Described after the first step, so untyped expressions take their first value's type.
        let columnCount = sqlite3_column_count(compiled.statement)
        try sink.begin(columns: SQLiteColumns.describe(compiled.statement, hasRow: code == SQLITE_ROW))
        var rowCount = 0
        while code == SQLITE_ROW {
            if rowCount >= limits.maxRows { return StatementOutcome(rowCount: rowCount, truncated: true) }
            try sink.append(SQLiteColumns.row(compiled.statement, columnCount: columnCount))
            rowCount += 1
            code = sqlite3_step(compiled.statement)
        }
        guard code == SQLITE_DONE else { throw failure(code, db: db, statement: statement, offset: compiled.offset) }
        return StatementOutcome(rowCount: rowCount, truncated: false)
    }

    /// The engine error for a failed SQLite call; `offset` is where the failing call's SQL
    /// starts in `statement` (UTF-8 bytes), since SQLite reports error offsets relative to it.
    private func failure(_ code: Int32, db: OpaquePointer, statement: String, offset: Int) -> EngineError {
        let primary = code & 0xFF
        if primary == SQLITE_INTERRUPT || primary == SQLITE_BUSY, let reason = runGuard.stopReason {
            return runGuard.error(for: reason)
        }
        let message = String(cString: sqlite3_errmsg(db))
        if primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN {
            return .unavailable("Cannot read the SQLite database \(path): \(message).")
        }
        let errorOffset = Int(sqlite3_error_offset(db))
        let position = errorOffset >= 0 ? TextPosition(utf8Offset: offset + errorOffset, in: statement) : nil
        return .failed(RunError(message: message, line: position?.line, column: position?.column))
    }
}
