import Core
import Engines
import Foundation
import Testing

/// Cancel, the time limit and the row cap stop the statement in the server, as
/// `pg_stat_activity` tells.
@Suite("PostgresEngine cancel and time limit")
struct PostgresCancelTests {
    typealias Server = PostgresTestServer

    static let runaways = [
        "SELECT pg_sleep(60)",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
    ]

    @Test("a cancelled runaway query is gone from the server within 1 s", arguments: runaways)
    func cancel(sql: String) async throws {
        let engine = try Server.engine()
        let monitor = try Server.engine()
        let marker = "cancel-\(UUID().uuidString)"
        let cancellation = QueryCancellation()
        let run = Task { try await Server.run(engine, "\(sql) /* \(marker) */", timeout: 120, cancellation: cancellation) }
        let started = try await Server.waitUntil(timeout: 10) { try await Server.activeCount(monitor, marker: marker) == 1 }
        #expect(started != nil, "the statement never showed up as active")

        let cancelledAt = ContinuousClock.now
        cancellation.cancel()
        await #expect(throws: EngineError.cancelled) { try await run.value }
        let returned = (ContinuousClock.now - cancelledAt).seconds
        let gone = try await Server.waitUntil(timeout: 1) { try await Server.activeCount(monitor, marker: marker) == 0 }
        #expect(gone != nil, "the statement still runs in the server 1 s after execute returned")
        print("postgres cancel (\(sql.prefix(20))…): execute returned after \(ms(returned)) ms, gone from pg_stat_activity \(ms(gone ?? -1)) ms later")
    }

    @Test("a statement past the time limit is stopped by the server", arguments: runaways)
    func timeLimit(sql: String) async throws {
        let engine = try Server.engine()
        let monitor = try Server.engine()
        let marker = "timeout-\(UUID().uuidString)"
        // Measured from a pooled connection, not including the login.
        try await Server.run(engine, "SELECT 1")
        let start = ContinuousClock.now
        await #expect(throws: EngineError.timedOut(seconds: 0.5)) {
            try await Server.run(engine, "\(sql) /* \(marker) */", timeout: 0.5)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(elapsed >= 0.5 && elapsed < 2.5, "took \(elapsed) s")
        let gone = try await Server.waitUntil(timeout: 1) { try await Server.activeCount(monitor, marker: marker) == 0 }
        #expect(gone != nil, "the statement still runs in the server after its time limit")
        print("postgres time limit 0.5 s (\(sql.prefix(20))…): execute returned after \(ms(elapsed)) ms")

        // The limit was the statement's own: the connection is reused without it.
        let (sink, _) = try await Server.run(engine, "SHOW statement_timeout", timeout: 0)
        #expect(sink.rows == [[.text("0")]])
    }

    @Test("cancelling the calling task cancels the statement in the server")
    func taskCancellation() async throws {
        let engine = try Server.engine()
        let monitor = try Server.engine()
        let marker = "task-\(UUID().uuidString)"
        let task = Task { try await Server.run(engine, "SELECT pg_sleep(60) /* \(marker) */", timeout: 120) }
        let started = try await Server.waitUntil(timeout: 10) { try await Server.activeCount(monitor, marker: marker) == 1 }
        #expect(started != nil)
        task.cancel()
        await #expect(throws: EngineError.cancelled) { try await task.value }
        let gone = try await Server.waitUntil(timeout: 1) { try await Server.activeCount(monitor, marker: marker) == 0 }
        #expect(gone != nil)
    }

    @Test("the row cap truncates and stops the rest of the statement in the server")
    func maxRows() async throws {
        let engine = try Server.engine()
        let monitor = try Server.engine()
        let marker = "cap-\(UUID().uuidString)"
        let (sink, outcome) = try await Server.run(
            engine, "SELECT g, pg_sleep(0.001) FROM generate_series(1, 1000000) g /* \(marker) */", maxRows: 100)
        #expect(outcome == StatementOutcome(rowCount: 100, truncated: true))
        #expect(sink.rows.map(\.first) == (1...100).map { Value.integer(Int64($0)) })
        let gone = try await Server.waitUntil(timeout: 1) { try await Server.activeCount(monitor, marker: marker) == 0 }
        #expect(gone != nil, "the rest of the statement still runs in the server")
    }

    private func ms(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
}
