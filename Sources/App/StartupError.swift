/// Why the hub refused to start, in one line for the person who started it.
public enum StartupError: Error, CustomStringConvertible, Equatable {
    case dataDirectoryNotWritable(String)
    case sqliteFileUnreadable(String)

    public var description: String {
        switch self {
        case .dataDirectoryNotWritable(let path):
            "Cannot write to the data directory \(path): choose another with --data-dir or QUERYBOOK_DATA_DIR."
        case .sqliteFileUnreadable(let path):
            "Cannot read the SQLite file \(path) given with --sqlite."
        }
    }
}
