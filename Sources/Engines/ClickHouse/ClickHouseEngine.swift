import AsyncHTTPClient
import Core
import Foundation

/// A query engine over ClickHouse's HTTP interface.
///
/// Each statement is one `POST` (the statement as the body, settings as URL parameters, the
/// user and password as `X-ClickHouse-User`/`X-ClickHouse-Key` headers) whose
/// `TabSeparatedWithNamesAndTypes` body is read as it streams and handed to the sink row by
/// row. The hub names every query (`querybook-<uuid>`, reported once as a progress message),
/// which is what progress polls (`system.processes`) and cancel (`KILL QUERY … SYNC`) use.
/// Requests go through one shared HTTP client (a connection pool); the engine holds no other
/// state, so any number of statements may run at once.
public struct ClickHouseEngine: QueryEngine {
    /// Where and as whom statements run.
    public let config: ClickHouseConfig
    private let http: ClickHouseHTTP

    /// An engine for `config`; nothing is connected until a statement runs. `client` defaults
    /// to AsyncHTTPClient's process-wide shared client, which needs no shutdown; its connect
    /// timeout (10 s) is how long a run waits for a server that refuses connections (pass a
    /// client of your own, which you shut down, to change it). ``testConnection(timeout:)``
    /// has its own, shorter limit.
    public init(config: ClickHouseConfig, client: HTTPClient = .shared) {
        self.config = config
        self.http = ClickHouseHTTP(config: config, client: client)
    }

    /// Runs one statement, handing its columns and then its rows to `sink` as they arrive.
    ///
    /// - Time limit: `limits.timeout` goes to ClickHouse as `max_execution_time` (whole
    ///   seconds, rounded up) with `timeout_overflow_mode=throw`; its TIMEOUT_EXCEEDED (159) is
    ///   ``EngineError/timedOut(seconds:)``, also when it arrives after rows did. The client
    ///   also stops the run itself 0.25 s past the limit (killing the query), so rows still
    ///   queued ahead of ClickHouse's error do not stretch it.
    /// - Cancel: when `cancellation` fires or the calling task is cancelled, the request is
    ///   closed and `KILL QUERY WHERE query_id = … SYNC` sent from a second request; the call
    ///   returns ``EngineError/cancelled`` once ClickHouse has stopped the query.
    /// - Row cap: after `limits.maxRows` rows the rest is not read, the query is killed, and
    ///   the outcome is marked truncated.
    /// - Progress: every 0.5 s `system.processes` is asked for the query's rows and bytes
    ///   read (and percent, when ClickHouse estimates the total), reported to `sink`.
    /// - Errors: ClickHouse's exceptions become ``EngineError/failed(_:)`` with the message
    ///   and, for "failed at position N", the line and column in `statement`; a refused login
    ///   or an unreachable server is ``EngineError/unavailable(_:)``. Errors the sink throws
    ///   pass through unchanged.
    public func execute(
        _ statement: String, limits: QueryLimits, cancellation: QueryCancellation, sink: any RowSink
    ) async throws -> StatementOutcome {
        let queryID = "querybook-\(UUID().uuidString.lowercased())"
        // RowSink promises one caller at a time; the access object keeps reports serialized
        // and rows come only from the streaming task.
        nonisolated(unsafe) let sink = sink
        let access = ClickHouseSinkAccess(sink: sink)
        access.report(EngineProgress(message: "ClickHouse query id \(queryID)"))
        let run = ClickHouseRun(http: http, statement: statement, limits: limits, queryID: queryID, access: access)
        return try await run.execute(cancellation: cancellation)
    }

    /// Checks that the server answers and accepts the login, with `SELECT version()` under a
    /// short timeout; returns the server's version (for example "18.16.1").
    ///
    /// Throws ``EngineError/unavailable(_:)`` naming the address (never the password) when
    /// the server cannot be reached or refuses the login, ``EngineError/failed(_:)`` when it
    /// answers with another error (for example an unknown database).
    @discardableResult
    public func testConnection(timeout: Double = 5) async throws -> String {
        let text = try await http.run("SELECT version()", parameters: [("default_format", "TabSeparated")], timeout: timeout)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
