/// How to reach one Trino (or Presto) coordinator over its REST client protocol.
///
/// The password goes only into a basic-auth header over HTTPS; `description` shows "set".
public struct TrinoConfig: Sendable, Hashable, CustomStringConvertible {
    /// Plain HTTP or HTTPS (TLS with the system's trust roots).
    public enum Scheme: String, Sendable, Hashable, Codable {
        case http, https
    }

    /// Which header names the server speaks: `X-Trino-*` or the older `X-Presto-*`.
    public enum Flavor: String, Sendable, Hashable, Codable {
        case trino, presto

        var headerPrefix: String { self == .trino ? "X-Trino-" : "X-Presto-" }
    }

    public var scheme: Scheme
    /// The coordinator's host name or address.
    public var host: String
    /// The coordinator's HTTP port (Trino's default is 8080, 8443 with TLS).
    public var port: Int
    /// The user queries run as (`X-Trino-User`).
    public var user: String
    /// The user's password for basic auth; only ever sent over HTTPS.
    public var password: String?
    /// The default catalog and schema unqualified names resolve in.
    public var catalog: String?
    public var schema: String?
    /// Session properties sent with every statement (`X-Trino-Session`), for example
    /// `query_max_memory=2GB`.
    public var sessionProperties: [String: String]
    /// Shown in Trino's query list as the query's source.
    public var source: String
    public var flavor: Flavor

    public init(
        scheme: Scheme = .http, host: String, port: Int? = nil, user: String, password: String? = nil,
        catalog: String? = nil, schema: String? = nil, sessionProperties: [String: String] = [:],
        source: String = "querybook", flavor: Flavor = .trino
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port ?? (scheme == .https ? 8443 : 8080)
        self.user = user
        self.password = password
        self.catalog = catalog
        self.schema = schema
        self.sessionProperties = sessionProperties
        self.source = source
        self.flavor = flavor
    }

    /// `scheme://host:port`, without credentials; safe to show and log.
    public var address: String { "\(scheme.rawValue)://\(host):\(port)" }

    public var description: String {
        "Trino \(address) user \(user)\(password == nil ? "" : " password set")"
    }
}
