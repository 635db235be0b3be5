/// How to reach one PostgreSQL database; what the engine admin configures.
///
/// A plain value: nothing connects until a ``PostgresEngine`` built from it runs a statement.
/// Its `description` names host, port, database and user but never the password, so logging
/// a config is safe.
public struct PostgresConfig: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection must be encrypted.
    public enum TLSMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Plain TCP; for loopback and trusted networks.
        case disable
        /// TLS with the server's certificate verified against the system's trust roots;
        /// the connection fails when the server does not offer TLS.
        case require
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port (PostgreSQL's default is 5432).
    public var port: Int
    /// The database to open.
    public var database: String
    /// The role to log in as.
    public var user: String
    /// The role's password; `nil` when the server needs none (trust or peer auth). Never
    /// logged and never part of an error message.
    public var password: String?
    /// Plain TCP or required TLS.
    public var tls: TLSMode
    /// Shown in the server's `pg_stat_activity.application_name`, so DBAs can tell the hub's
    /// sessions apart.
    public var applicationName: String
    /// Idle connections kept open for reuse (at least 1). Runs that find none idle open a new
    /// connection; connections beyond this many are closed when their statement ends, so the
    /// per-engine concurrency limit, not this, bounds how many are open at once.
    public var poolSize: Int
    /// Seconds to wait for a connection (TCP, TLS and login) before giving up.
    public var connectTimeout: Double

    /// A config with PostgreSQL's usual defaults for everything not given.
    public init(
        host: String, port: Int = 5432, database: String, user: String, password: String? = nil,
        tls: TLSMode = .disable, applicationName: String = "querybook", poolSize: Int = 4,
        connectTimeout: Double = 10
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.tls = tls
        self.applicationName = applicationName
        self.poolSize = max(1, poolSize)
        self.connectTimeout = connectTimeout
    }

    /// `user@host:port/database`, for messages and logs; never the password.
    public var description: String {
        "\(user)@\(host):\(port)/\(database)"
    }
}
