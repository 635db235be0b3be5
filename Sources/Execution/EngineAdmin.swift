import Core
import Engines
import Foundation
import Store

/// Engine administration: add, edit, disable and test the configured engines.
///
/// Validates before anything is saved (per kind: required fields, port range, that a SQLite
/// path is a SQLite file), so a refused change leaves the stored engine as it was. Secrets go
/// to the store and to engines only; nothing here returns or logs one. Safe to share.
public struct EngineAdmin: Sendable {
    let store: HubStore
    /// Seconds a connection test may take.
    let testTimeout: Double

    public init(store: HubStore, testTimeout: Double = 10) {
        self.store = store
        self.testTimeout = testTimeout
    }

    /// The engines, by id; disabled ones only when `includeDisabled`.
    public func engines(includeDisabled: Bool) async throws -> [EngineInfo] {
        try await store.engines(includeDisabled: includeDisabled)
    }

    /// Adds an engine after checking it.
    /// - Throws: ``EngineSettingsError`` naming the bad field; `StoreError.conflict` for a
    ///   name in use.
    public func create(_ draft: EngineDraft) async throws -> EngineInfo {
        var draft = draft
        draft.name = try Self.checkedName(draft.name)
        draft.settings = try checkedSettings(draft.settings, kind: draft.kind, requireFile: true)
        try Self.check(draft.limits)
        // A SQLite file has no password: never keep one that would read as "set".
        if draft.kind == .sqlite { draft.secret = nil }
        return try await store.createEngine(draft)
    }

    /// Changes an engine after checking the result; `changes.secret` as in
    /// ``HubStore/updateEngine(_:_:)``.
    /// - Throws: `StoreError.notFound`, ``EngineSettingsError``, `StoreError.conflict`.
    public func update(_ id: EngineID, _ changes: EngineChanges) async throws -> EngineInfo {
        guard let current = try await store.engine(id) else { throw StoreError.notFound(entity: "engine", id: id.rawValue) }
        var changes = changes
        if let name = changes.name { changes.name = try Self.checkedName(name) }
        let next = changes.applied(to: current)
        if changes.settings != nil || changes.kind != nil {
            changes.settings = try checkedSettings(next.settings, kind: next.kind, requireFile: true)
        }
        try Self.check(next.limits)
        if next.kind == .sqlite { changes.secret = current.secretSet ? "" : nil }
        return try await store.updateEngine(id, changes)
    }

    /// Disables or enables the engine.
    public func setDisabled(_ id: EngineID, _ disabled: Bool) async throws -> EngineInfo {
        try await store.setEngineDisabled(id, disabled)
    }

    /// Tests the saved engine `id` with its stored secret.
    /// - Throws: `StoreError.notFound`.
    public func test(_ id: EngineID) async throws -> ConnectionTestResult {
        guard let info = try await store.engine(id) else { throw StoreError.notFound(entity: "engine", id: id.rawValue) }
        return await EngineFactory.testConnection(info, secret: try await store.engineSecret(id), timeout: testTimeout)
    }

    /// Tests an engine as an unsaved form describes it. With no `draft.secret`, the stored
    /// secret of engine `savedID` (the one being edited) is used.
    /// - Throws: ``EngineSettingsError`` for settings that cannot even be tried.
    public func test(_ draft: EngineDraft, savedID: EngineID?) async throws -> ConnectionTestResult {
        let settings = try checkedSettings(draft.settings, kind: draft.kind, requireFile: false)
        var secret = draft.secret
        if secret == nil, let savedID { secret = try await store.engineSecret(savedID) }
        let info = EngineInfo(
            id: savedID ?? EngineID(rawValue: 0), name: draft.name.isEmpty ? "(new)" : draft.name, kind: draft.kind,
            description: draft.description, settings: settings, createdAt: Date())
        return await EngineFactory.testConnection(info, secret: secret, timeout: testTimeout)
    }

    /// The settings normalized for `kind` and checked; with `requireFile`, a SQLite path must
    /// be a SQLite database (a test reports a missing file itself, in its own words).
    private func checkedSettings(_ settings: EngineSettings, kind: EngineKind, requireFile: Bool) throws
        -> EngineSettings
    {
        let normalized = settings.normalized(for: kind)
        try normalized.validate(for: kind)
        if kind == .sqlite, requireFile, let path = normalized.path, let problem = SQLiteFileCheck.problem(at: path) {
            throw EngineSettingsError(field: "settings.path", problem)
        }
        return normalized
    }

    static func checkedName(_ name: String) throws(EngineSettingsError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .init(field: "name", "The engine needs a name.") }
        guard trimmed.count <= 100 else { throw .init(field: "name", "The name must be at most 100 characters.") }
        // Runs name their engine by id or by name; an all-digit name would read as an id.
        guard Int64(trimmed) == nil else { throw .init(field: "name", "The name cannot be only digits.") }
        return trimmed
    }

    static func check(_ limits: EngineLimits) throws(EngineSettingsError) {
        if let timeLimit = limits.timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw .init(field: "timeLimit", "The time limit must be a positive number of seconds.")
        }
        if let rowCap = limits.rowCap, rowCap <= 0 {
            throw .init(field: "rowCap", "The row cap must be a positive number of rows.")
        }
        if let concurrency = limits.concurrency, !(1...1000).contains(concurrency) {
            throw .init(field: "concurrency", "The concurrency limit must be between 1 and 1000 runs.")
        }
    }
}
