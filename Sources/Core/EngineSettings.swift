import Foundation

/// How to reach an engine. One flat shape for every kind, so that the admin form and the JSON
/// stay simple; ``validate(for:)`` says which fields a kind needs.
///
/// Never holds a password or token: those go to the store's secret column.
public struct EngineSettings: Codable, Sendable, Hashable {
    /// `sqlite`: the database file's absolute path.
    public var path: String?
    /// `sqlite`: open the file read-only (the default, `nil` counts as `true`). Turning it off
    /// lets user SQL change the file.
    public var readOnly: Bool?
    /// Network kinds: the server's host name or address.
    public var host: String?
    /// Network kinds: the server's port (1–65535); `nil` means the kind's default.
    public var port: Int?
    /// `postgres`, `clickhouse`: the database to connect to.
    public var database: String?
    /// Network kinds: the user to connect as.
    public var user: String?
    /// Network kinds: connect over TLS.
    public var tls: Bool?
    /// `trino`: the default catalog.
    public var catalog: String?
    /// `trino`: the default schema.
    public var schema: String?
    /// Extra driver options (ClickHouse settings, Trino session properties…), by name.
    public var options: [String: String]?

    public init(
        path: String? = nil, readOnly: Bool? = nil, host: String? = nil, port: Int? = nil, database: String? = nil,
        user: String? = nil, tls: Bool? = nil, catalog: String? = nil, schema: String? = nil,
        options: [String: String]? = nil
    ) {
        self.path = path
        self.readOnly = readOnly
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.tls = tls
        self.catalog = catalog
        self.schema = schema
        self.options = options
    }

    /// `readOnly` with its default.
    public var isReadOnly: Bool { readOnly ?? true }

    /// The settings with empty strings made `nil` and the fields `kind` does not use dropped,
    /// so that what is stored is what the kind reads.
    public func normalized(for kind: EngineKind) -> EngineSettings {
        func clean(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        if kind == .sqlite {
            return EngineSettings(path: clean(path), readOnly: isReadOnly)
        }
        var result = EngineSettings(
            host: clean(host), port: port, database: clean(database), user: clean(user), tls: tls ?? false,
            options: options?.isEmpty == true ? nil : options)
        if kind == .trino {
            result.catalog = clean(catalog)
            result.schema = clean(schema)
        }
        return result
    }

    /// Checks the fields `kind` needs (after ``normalized(for:)``).
    /// - Throws: ``EngineSettingsError`` naming the first bad field.
    public func validate(for kind: EngineKind) throws(EngineSettingsError) {
        switch kind {
        case .sqlite:
            guard let path else { throw .init(field: "settings.path", "A SQLite engine needs the database file's path.") }
            guard path.hasPrefix("/") else {
                throw .init(field: "settings.path", "The SQLite file's path must be absolute (start with /).")
            }
        case .postgres, .clickhouse, .trino:
            guard let host else { throw .init(field: "settings.host", "A \(kind.displayName) engine needs a host.") }
            guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw .init(field: "settings.host", "The host must be a name or an address, without spaces or slashes.")
            }
            if let port, !(1...65535).contains(port) {
                throw .init(field: "settings.port", "The port must be between 1 and 65535, not \(port).")
            }
            guard user != nil else {
                throw .init(field: "settings.user", "A \(kind.displayName) engine needs a user to connect as.")
            }
        }
    }
}

/// A setting that cannot be used, with the field it is about (`settings.port`).
public struct EngineSettingsError: Error, Sendable, Equatable {
    /// The field, as the API names it.
    public var field: String
    /// What is wrong and what to do, for people.
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
