/// Why the hub refused to start, in one line for the person who started it.
public enum StartupError: Error, CustomStringConvertible, Equatable {
    case dataDirectoryNotWritable(String)
    case sqliteFileUnreadable(String)
    /// Bound to an address other machines can reach, with no account to sign in with.
    case noAdminAccount(host: String)

    public var description: String {
        switch self {
        case .dataDirectoryNotWritable(let path):
            "Cannot write to the data directory \(path): choose another with --data-dir or QUERYBOOK_DATA_DIR."
        case .sqliteFileUnreadable(let path):
            "Cannot read the SQLite file \(path) given with --sqlite."
        case .noAdminAccount(let host):
            "Querybook is asked to listen on \(host), which other machines can reach, but has no account to sign in "
                + "with. Create an admin first: `querybook user create --admin --username NAME` (it asks for the "
                + "password), or listen on 127.0.0.1 to use it alone without signing in."
        }
    }
}
