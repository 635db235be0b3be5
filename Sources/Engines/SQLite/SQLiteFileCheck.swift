import Foundation

/// Checks, before an admin saves a SQLite engine, that its path is a SQLite database file.
public enum SQLiteFileCheck {
    /// The 16 bytes every SQLite 3 database file starts with.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// `nil` when `path` is a readable SQLite database (an empty file counts: SQLite treats it
    /// as an empty database); otherwise what is wrong, for people.
    public static func problem(at path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "There is no file at \(path)."
        }
        if isDirectory.boolValue { return "\(path) is a folder, not a SQLite database file." }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return "The server cannot read \(path): check its permissions."
        }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: header.count)) ?? Data()
        if start.isEmpty { return nil }
        guard Array(start) == header else { return "\(path) is not a SQLite database (its header is wrong)." }
        return nil
    }
}
