/// An engine to add, as the admin describes it.
public struct EngineDraft: Sendable, Hashable {
    /// Unique among engines, ignoring case.
    public var name: String
    public var kind: EngineKind
    /// A line for people picking an engine.
    public var description: String
    /// How to reach it, checked per kind by ``EngineSettings/validate(for:)``.
    public var settings: EngineSettings
    /// The password or token; `nil` or empty for none.
    public var secret: String?
    /// Its own limits; `nil` fields mean the server's.
    public var limits: EngineLimits
    /// Added disabled: configured but taking no runs yet.
    public var disabled: Bool

    public init(
        name: String, kind: EngineKind, description: String = "", settings: EngineSettings, secret: String? = nil,
        limits: EngineLimits = EngineLimits(), disabled: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.description = description
        self.settings = settings
        self.secret = secret
        self.limits = limits
        self.disabled = disabled
    }
}

/// Changes to a configured engine; `nil` leaves a field as it is.
public struct EngineChanges: Sendable, Hashable {
    public var name: String?
    public var kind: EngineKind?
    public var description: String?
    /// The whole settings object (settings are replaced, not merged).
    public var settings: EngineSettings?
    /// `nil` keeps the stored secret; an empty string clears it; anything else replaces it.
    public var secret: String?
    /// `.some(nil)` goes back to the server's limit (also for `rowCap` and `concurrency`).
    public var timeLimit: Double??
    /// Rows per statement at most; `.some(nil)` for the server's cap.
    public var rowCap: Int??
    /// Runs at once on the engine; `.some(nil)` for no limit of its own.
    public var concurrency: Int??
    /// `true` disables the engine, `false` enables it.
    public var disabled: Bool?

    public init(
        name: String? = nil, kind: EngineKind? = nil, description: String? = nil, settings: EngineSettings? = nil,
        secret: String? = nil, timeLimit: Double?? = nil, rowCap: Int?? = nil, concurrency: Int?? = nil,
        disabled: Bool? = nil
    ) {
        self.name = name
        self.kind = kind
        self.description = description
        self.settings = settings
        self.secret = secret
        self.timeLimit = timeLimit
        self.rowCap = rowCap
        self.concurrency = concurrency
        self.disabled = disabled
    }

    /// `engine` as it would be after these changes (the secret aside).
    public func applied(to engine: EngineInfo) -> EngineInfo {
        var result = engine
        if let name { result.name = name }
        if let kind { result.kind = kind }
        if let description { result.description = description }
        if let settings { result.settings = settings }
        if let timeLimit { result.limits.timeLimit = timeLimit }
        if let rowCap { result.limits.rowCap = rowCap }
        if let concurrency { result.limits.concurrency = concurrency }
        if let disabled { result.disabled = disabled }
        if let secret { result.secretSet = !secret.isEmpty }
        return result
    }
}

/// The outcome of a connection test (`EngineFactory.testConnection`).
public struct ConnectionTestResult: Sendable, Hashable, Codable {
    /// Whether the engine answered the test query.
    public var ok: Bool
    /// Milliseconds the test took.
    public var elapsedMs: Int
    /// What went wrong, for people; `nil` when `ok`.
    public var message: String?

    public init(ok: Bool, elapsedMs: Int, message: String?) {
        self.ok = ok
        self.elapsedMs = elapsedMs
        self.message = message
    }
}
