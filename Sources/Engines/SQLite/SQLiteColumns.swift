import Core
import GRDBSQLite

/// Reads columns and values out of a stepped SQLite statement.
///
/// Stateless; only called on the thread that steps the statement.
enum SQLiteColumns {
    /// The statement's columns. With `hasRow` (the statement sits on its first row) a column
    /// without a telling declared type takes the type of that row's value.
    static func describe(_ statement: OpaquePointer, hasRow: Bool) -> [ResultColumn] {
        let count = sqlite3_column_count(statement)
        return (0..<count).map { index in
            let name = sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "column\(index + 1)"
            let declared = sqlite3_column_decltype(statement, index).map { String(cString: $0) }
            let storage = hasRow ? sqlite3_column_type(statement, index) : nil
            return ResultColumn(name: name, type: columnType(declared: declared, storage: storage), engineType: declared)
        }
    }

    /// The UI type for a declared type, falling back to a value's storage class.
    ///
    /// Date and boolean names are checked before SQLite's own affinity rules (`INT`,
    /// `CHAR`/`CLOB`/`TEXT`, `BLOB`, `REAL`/`FLOA`/`DOUB`); `NUMERIC`, `DECIMAL` and
    /// expressions without a declared type use the storage class; `unknown` when that is NULL
    /// or there was no row.
    static func columnType(declared: String?, storage: Int32?) -> ColumnType {
        if let declared, let type = declaredType(declared.uppercased()) { return type }
        switch storage ?? SQLITE_NULL {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .unknown
        }
    }

    private static func declaredType(_ declared: String) -> ColumnType? {
        if declared.contains("BOOL") { return .boolean }
        if declared.contains("DATETIME") || declared.contains("TIMESTAMP") { return .timestamp }
        if declared.contains("DATE") { return .date }
        if declared.contains("INT") { return .integer }
        if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") { return .text }
        if declared.contains("BLOB") { return .blob }
        if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") { return .real }
        return nil
    }

    /// The current row's values, one per column, typed by each value's storage class.
    static func row(_ statement: OpaquePointer, columnCount: Int32) -> [Value] {
        (0..<columnCount).map { value(statement, at: $0) }
    }

    private static func value(_ statement: OpaquePointer, at index: Int32) -> Value {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            // Ask for the pointer before the length, as SQLite's docs recommend.
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let length = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(statement, index) else { return .blob([]) }
            let length = Int(sqlite3_column_bytes(statement, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: length)))
        default:
            return .null
        }
    }
}
