import Core
import Engines
import Foundation
import Testing

/// The PostgreSQL server `Tests/Servers/postgres.sh` started, and helpers to ask it things.
enum PostgresTestServer {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The config in `QUERYBOOK_TEST_POSTGRES` (`postgres://user:password@host:port/db`).
    static func config() throws -> PostgresConfig {
        guard let url = ProcessInfo.processInfo.environment["QUERYBOOK_TEST_POSTGRES"] else {
            throw Missing(
                description: "QUERYBOOK_TEST_POSTGRES is not set: run the tests through "
                    + "`bash Tests/Servers/with-servers.sh swift test --skip-build --filter Postgres`")
        }
        guard let parts = URLComponents(string: url), let host = parts.host, let port = parts.port,
            let user = parts.user
        else { throw Missing(description: "QUERYBOOK_TEST_POSTGRES is not a postgres:// URL") }
        return PostgresConfig(
            host: host, port: port, database: String(parts.path.dropFirst()), user: user,
            password: parts.password, applicationName: "querybook-tests", poolSize: 2)
    }

    /// A fresh engine on the test server.
    static func engine() throws -> PostgresEngine {
        PostgresEngine(config: try config())
    }

    /// Runs `sql` and returns what the sink collected.
    @discardableResult
    static func run(
        _ engine: PostgresEngine, _ sql: String, timeout: Double = 30, maxRows: Int = 1000,
        cancellation: QueryCancellation = QueryCancellation()
    ) async throws -> (CollectingSink, StatementOutcome) {
        let sink = CollectingSink()
        let outcome = try await engine.execute(
            sql, limits: QueryLimits(timeout: timeout, maxRows: maxRows), cancellation: cancellation, sink: sink)
        return (sink, outcome)
    }

    /// How many server processes other than the asking one are running a query containing
    /// `marker` — what the server itself says, from `pg_stat_activity`.
    static func activeCount(_ monitor: PostgresEngine, marker: String) async throws -> Int64 {
        let (sink, _) = try await run(
            monitor,
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%\(marker)%'
            """)
        guard case .integer(let count) = sink.rows.first?.first else { return -1 }
        return count
    }

    /// Polls the server until `condition` holds or `timeout` seconds pass; returns the seconds
    /// it took, or `nil` when it never held.
    static func waitUntil(
        timeout: Double, _ condition: () async throws -> Bool
    ) async throws -> Double? {
        let start = ContinuousClock.now
        let deadline = start + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return (ContinuousClock.now - start).seconds }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
