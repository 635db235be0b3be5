import Foundation

/// The kinds of query engine the hub can talk to.
public enum EngineKind: String, Codable, Sendable, CaseIterable {
    /// A SQLite file on the hub's machine, opened read-only unless the admin says otherwise.
    case sqlite
    /// A PostgreSQL server.
    case postgres
    /// A ClickHouse server, over its HTTP interface.
    case clickhouse
    /// A Trino (or Presto) coordinator, over its REST client protocol.
    case trino

    /// The name people read ("PostgreSQL").
    public var displayName: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .clickhouse: "ClickHouse"
        case .trino: "Trino"
        }
    }

    /// Whether engines of this kind reach a server (host, port, user…) rather than a file.
    public var isNetworked: Bool { self != .sqlite }

    /// The port a server of this kind listens on unless told otherwise.
    public var defaultPort: Int? {
        switch self {
        case .sqlite: nil
        case .postgres: 5432
        case .clickhouse: 8123
        case .trino: 8080
        }
    }
}

/// Per-engine limits, each tighter than or equal to the server-wide one; `nil` means "the
/// server's".
public struct EngineLimits: Codable, Sendable, Hashable {
    /// Seconds one statement may run.
    public var timeLimit: Double?
    /// Rows kept per statement at most.
    public var rowCap: Int?
    /// Runs on this engine at once at most; further runs wait queued.
    public var concurrency: Int?

    public init(timeLimit: Double? = nil, rowCap: Int? = nil, concurrency: Int? = nil) {
        self.timeLimit = timeLimit
        self.rowCap = rowCap
        self.concurrency = concurrency
    }
}

/// A configured query engine as the hub records it.
///
/// Never holds the engine's secret (password or token): the store keeps that in a column of
/// its own that only the engine-building path reads; here ``secretSet`` says whether one is.
public struct EngineInfo: Codable, Sendable, Hashable {
    public var id: EngineID
    public var name: String
    public var kind: EngineKind
    public var description: String
    /// How to reach the engine; which fields matter depends on ``kind``.
    public var settings: EngineSettings
    /// Whether a password or token is stored for this engine.
    public var secretSet: Bool
    public var limits: EngineLimits
    /// A disabled engine keeps its settings but takes no new runs and leaves the pickers.
    public var disabled: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: EngineID, name: String, kind: EngineKind, description: String, settings: EngineSettings,
        secretSet: Bool = false, limits: EngineLimits = EngineLimits(), disabled: Bool = false, createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.description = description
        self.settings = settings
        self.secretSet = secretSet
        self.limits = limits
        self.disabled = disabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// A read-only SQLite engine over the file at `path`.
    public init(id: EngineID, name: String, kind: EngineKind, description: String, path: String?, createdAt: Date) {
        self.init(
            id: id, name: name, kind: kind, description: description, settings: EngineSettings(path: path),
            createdAt: createdAt)
    }

    /// For `sqlite`: the database file (``EngineSettings/path``).
    public var path: String? {
        get { settings.path }
        set { settings.path = newValue }
    }
}
