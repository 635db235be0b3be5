/// How to reach one ClickHouse server over its HTTP interface.
///
/// The password is sent only as the `X-ClickHouse-Key` header and never appears in a URL, a
/// description or a log line: `description`, `debugDescription` and the mirror show "set".
public struct ClickHouseConfig: Sendable, Hashable {
    /// Plain HTTP or HTTPS (TLS with the system's trust roots).
    public enum Scheme: String, Sendable, Hashable, Codable {
        case http, https
    }

    /// `http` (ClickHouse's port 8123) or `https` (its port 8443).
    public var scheme: Scheme
    /// The server's host name or address.
    public var host: String
    /// The server's HTTP port.
    public var port: Int
    /// The database unqualified table names resolve in; `nil` uses the user's default.
    public var database: String?
    /// The ClickHouse user, sent as `X-ClickHouse-User`.
    public var user: String
    /// The user's password, sent as `X-ClickHouse-Key`; `nil` or empty sends none.
    public var password: String?
    /// More ClickHouse settings for every statement (for example `max_memory_usage`), sent as
    /// URL parameters; the engine's own ones (time limit, query id, format) win, and `user`,
    /// `password`, `query`, `query_id`, `default_format` and `database` are ignored.
    public var settings: [String: String]

    /// A configuration; the port defaults to ClickHouse's own for the scheme.
    public init(
        scheme: Scheme = .http, host: String, port: Int? = nil, database: String? = nil, user: String = "default",
        password: String? = nil, settings: [String: String] = [:]
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port ?? (scheme == .https ? 8443 : 8123)
        self.database = database
        self.user = user
        self.password = password
        self.settings = settings
    }

    /// `scheme://host:port`, without credentials; safe to show and log.
    public var address: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme.rawValue)://\(bracketed):\(port)"
    }
}

extension ClickHouseConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The address, user and database; the password only as "set".
    public var description: String {
        let secret = (password ?? "").isEmpty ? "none" : "set"
        return "ClickHouse \(address) user \(user) database \(database ?? "(default)") password \(secret)"
    }

    /// Same as ``description``: the password never shows.
    public var debugDescription: String { description }

    /// A mirror without the password, so `dump` and string interpolation of nested values
    /// cannot print it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "scheme": scheme, "host": host, "port": port, "database": database as Any, "user": user,
                "password": (password ?? "").isEmpty ? "none" : "set", "settings": settings,
            ])
    }
}
