import Core
import Foundation

/// Builds the engine a configured ``EngineInfo`` describes, and checks that it answers.
public enum EngineFactory {
    /// A new engine for `info`, with its password or token `secret`. Cheap: nothing is opened
    /// or connected until a statement runs.
    ///
    /// SQLite engines open their file read-only unless the admin turned `readOnly` off.
    /// Throws ``EngineError/unavailable(_:)`` when the info lacks what its kind needs (a
    /// SQLite engine without a path) or the kind has no client in this build yet.
    public static func make(_ info: EngineInfo, secret: String? = nil) throws(EngineError) -> any QueryEngine {
        switch info.kind {
        case .sqlite:
            guard let path = info.settings.path, !path.isEmpty else {
                throw EngineError.unavailable("The SQLite engine \(info.name) has no database file configured.")
            }
            return SQLiteEngine(path: path, readOnly: info.settings.isReadOnly)
        case .postgres:
            let settings = info.settings
            guard let host = settings.host, let database = settings.database, let user = settings.user else {
                throw EngineError.unavailable(
                    "The PostgreSQL engine \(info.name) needs a host, a database and a user.")
            }
            return PostgresEngine(
                config: PostgresConfig(
                    host: host, port: settings.port ?? 5432, database: database, user: user, password: secret,
                    tls: settings.tls == true ? .require : .disable))
        case .clickhouse:
            guard let host = info.settings.host else {
                throw EngineError.unavailable("The ClickHouse engine \(info.name) has no host configured.")
            }
            let settings = info.settings
            return ClickHouseEngine(
                config: ClickHouseConfig(
                    scheme: settings.tls == true ? .https : .http, host: host, port: settings.port,
                    database: settings.database, user: settings.user ?? "default", password: secret,
                    settings: settings.options ?? [:]))
        case .trino:
            let settings = info.settings
            guard let host = settings.host else {
                throw EngineError.unavailable("The Trino engine \(info.name) has no host configured.")
            }
            return TrinoEngine(
                config: TrinoConfig(
                    scheme: settings.tls == true ? .https : .http, host: host, port: settings.port,
                    user: settings.user ?? "querybook", password: secret, catalog: settings.catalog,
                    schema: settings.schema, sessionProperties: settings.options ?? [:]))
        }
    }

    /// The statement ``testConnection(_:secret:timeout:)`` runs: one that makes the engine
    /// read something real (for SQLite the file header, so a file that is not a database fails).
    static func probe(for kind: EngineKind) -> String {
        switch kind {
        case .sqlite: "SELECT count(*) FROM sqlite_schema"
        case .postgres, .clickhouse, .trino: "SELECT 1"
        }
    }

    /// Connects to the engine `info` describes and runs a trivial statement, within `timeout`
    /// seconds. Never throws: the answer says what went wrong in words fit for the admin, with
    /// `secret` masked should the engine's message repeat it.
    public static func testConnection(_ info: EngineInfo, secret: String?, timeout: Double = 10) async
        -> ConnectionTestResult
    {
        let started = ContinuousClock.now
        func elapsedMs() -> Int {
            let elapsed = ContinuousClock.now - started
            return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        do {
            let engine = try make(info, secret: secret)
            let cancellation = QueryCancellation()
            let limits = QueryLimits(timeout: timeout, maxRows: 1)
            let statement = probe(for: info.kind)
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    _ = try await engine.execute(statement, limits: limits, cancellation: cancellation, sink: DiscardingSink())
                    return true
                }
                // An engine stuck connecting may not look at its own deadline yet.
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout + 1))
                    return false
                }
                let answered = try await group.next() ?? false
                cancellation.cancel()
                group.cancelAll()
                if !answered { throw EngineError.timedOut(seconds: timeout) }
            }
            return ConnectionTestResult(ok: true, elapsedMs: elapsedMs(), message: nil)
        } catch {
            return ConnectionTestResult(
                ok: false, elapsedMs: elapsedMs(), message: mask(describe(error, info: info, timeout: timeout), secret))
        }
    }

    private static func describe(_ error: any Error, info: EngineInfo, timeout: Double) -> String {
        switch error {
        case EngineError.timedOut:
            "\(info.kind.displayName) did not answer within \(timeout.formatted()) s. Check the host, port and network."
        case EngineError.unavailable(let reason): reason
        case EngineError.failed(let runError): "The engine refused the test query: \(runError.message)"
        case EngineError.cancelled: "The test was cancelled."
        default: "The connection test failed: \(error)"
        }
    }

    private static func mask(_ message: String, _ secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return message }
        return message.replacingOccurrences(of: secret, with: "•••")
    }
}

/// A sink that keeps nothing (for probes).
final class DiscardingSink: RowSink, Sendable {
    func begin(columns: [ResultColumn]) throws {}
    func append(_ row: [Value]) throws {}
}
