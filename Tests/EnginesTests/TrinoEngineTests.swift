import Core
import Engines
import Foundation
import Synchronization
import Testing

/// The Trino client against a stand-in coordinator replaying protocol exchanges written down
/// from Trino's client-protocol documentation (Support/TrinoExchanges.swift): no Trino server
/// can run here, so these check the client's side of the protocol, not a real cluster.
@Suite struct TrinoEngineTests {
    /// Keeps rows and reports.
    final class Sink: RowSink, @unchecked Sendable {
        var columns: [ResultColumn] = []
        var rows: [[Value]] = []
        let reports = Mutex<[EngineProgress]>([])
        func begin(columns: [ResultColumn]) throws { self.columns = columns }
        func append(_ row: [Value]) throws { rows.append(row) }
        func report(_ progress: EngineProgress) { reports.withLock { $0.append(progress) } }
        var messages: [String] { reports.withLock { $0.compactMap(\.message) } }
    }

    static let exchanges: [String: [String]] = [
        "paged": TrinoExchanges.paged, "failed": TrinoExchanges.failed, "killed": TrinoExchanges.killed,
        "tooLong": TrinoExchanges.tooLong, "running+": [TrinoExchanges.running],
    ]

    private func engine(_ base: String, password: String? = nil, scheme: TrinoConfig.Scheme = .http) throws -> TrinoEngine {
        let url = try #require(URL(string: base))
        return TrinoEngine(
            config: TrinoConfig(
                scheme: scheme, host: try #require(url.host), port: url.port, user: "ana", password: password,
                catalog: "hive", schema: "web", sessionProperties: ["query_max_memory": "2GB"]))
    }

    private let limits = QueryLimits(timeout: 30, maxRows: 1_000)

    @Test func aPagedResultArrivesTypedInOrderWithProgressAndTheSessionHeaders() async throws {
        let standIn = TrinoStandIn(exchanges: Self.exchanges)
        try await standIn.serve { base in
            let sink = Sink()
            let outcome = try await engine(base).execute(
                "SELECT paged", limits: limits, cancellation: QueryCancellation(), sink: sink)
            #expect(outcome == StatementOutcome(rowCount: 3, truncated: false))
            #expect(sink.columns.map(\.name) == ["id", "name", "price", "ok", "day", "at", "tags", "attrs", "ratio", "raw", "doc"])
            #expect(sink.columns.map(\.type) == [
                .integer, .text, .decimal, .boolean, .date, .timestamp, .array, .json, .real, .blob, .json,
            ])
            #expect(sink.columns[2].engineType == "decimal(10,2)")
            #expect(sink.rows[0] == [
                .integer(1), .text("café ☕"), .text("12.30"), .integer(1), .text("2026-11-30"),
                .text("2026-11-30 12:34:56.789 UTC"), .text(#"["a","b"]"#), .text(#"{"k":1}"#), .real(0.5),
                .blob([0, 1, 2]), .text(#"{"x":1}"#),
            ])
            #expect(sink.rows[1][1] == .null && sink.rows[1][3] == .integer(0))
            if case .real(let ratio) = sink.rows[1][8] { #expect(ratio.isNaN) } else { Issue.record("NaN is a real") }
            #expect(sink.rows[2][0] == .integer(Int64.max))
            #expect(sink.rows[2][1] == .text("tab\tand\nnewline"))
            #expect(sink.rows[2][8] == .real(-.infinity))
            #expect(sink.messages.first == "Trino query id \(TrinoExchanges.queryID)")
            #expect(sink.messages.contains("Trino query running") && sink.messages.contains("Trino query finished"))
            let figures = sink.reports.withLock { $0.filter { $0.percent != nil } }
            #expect(figures.last == EngineProgress(percent: 100, rowsRead: 1500, bytesRead: 30720))

            let requests = standIn.requests
            #expect(requests.map(\.method) == ["POST", "GET", "GET", "GET"])
            let post = requests[0].headers
            #expect(post["x-trino-user"] == ["ana"])
            #expect(post["x-trino-catalog"] == ["hive"] && post["x-trino-schema"] == ["web"])
            #expect(post["x-trino-session"] == ["query_max_memory=2GB", "query_max_run_time=30s"])
            #expect(post["x-trino-source"] == ["querybook"])
            #expect(post["authorization"] == nil, "no password, no basic auth")
            // Only the first request carries the session.
            #expect(requests[1].headers["x-trino-user"] == nil)
        }
    }

    @Test func aFailedQueryGivesTrinosMessageAndPlace() async throws {
        try await TrinoStandIn(exchanges: Self.exchanges).serve { base in
            await #expect(throws: EngineError.failed(
                RunError(message: "line 2:8: Column 'nosuch' cannot be resolved", line: 2, column: 8))
            ) {
                try await engine(base).execute("SELECT failed", limits: limits, cancellation: QueryCancellation(), sink: Sink())
            }
        }
    }

    @Test func cancelDeletesTheQueryInTheCluster() async throws {
        let standIn = TrinoStandIn(exchanges: Self.exchanges)
        try await standIn.serve { base in
            let cancellation = QueryCancellation()
            let sink = Sink()
            let run = Task { try await engine(base).execute("SELECT running", limits: limits, cancellation: cancellation, sink: sink) }
            // Cancel once the query is running (its first progress figure arrived), waiting 10 s at most.
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            while sink.reports.withLock({ $0.allSatisfy { $0.percent == nil } }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let reportedRunning = sink.reports.withLock { $0.contains { $0.percent != nil } }
            #expect(reportedRunning, "the query never reported running")
            cancellation.cancel()
            await #expect(throws: EngineError.cancelled) { try await run.value }
            let deletes = standIn.requests.filter { $0.method == "DELETE" }
            #expect(deletes.count == 1)
            #expect(deletes.first?.path.hasPrefix("/v1/statement/executing/\(TrinoExchanges.queryID)/") == true)
        }
    }

    @Test func aQueryKilledElsewhereIsCancelledAndTheTimeLimitIsTimedOut() async throws {
        try await TrinoStandIn(exchanges: Self.exchanges).serve { base in
            await #expect(throws: EngineError.cancelled) {
                try await engine(base).execute("SELECT killed", limits: limits, cancellation: QueryCancellation(), sink: Sink())
            }
            await #expect(throws: EngineError.timedOut(seconds: 30)) {
                try await engine(base).execute("SELECT tooLong", limits: limits, cancellation: QueryCancellation(), sink: Sink())
            }
        }
    }

    @Test func theRowCapStopsReadingAndDeletesTheRest() async throws {
        let standIn = TrinoStandIn(exchanges: Self.exchanges)
        try await standIn.serve { base in
            let sink = Sink()
            let outcome = try await engine(base).execute(
                "SELECT paged", limits: QueryLimits(timeout: 30, maxRows: 1), cancellation: QueryCancellation(), sink: sink)
            #expect(outcome == StatementOutcome(rowCount: 1, truncated: true))
            #expect(sink.rows.count == 1)
            #expect(standIn.requests.map(\.method) == ["POST", "GET", "GET", "DELETE"])
        }
    }

    @Test func aBusyGatewayIsRetriedAndPasswordsNeedHTTPS() async throws {
        let standIn = TrinoStandIn(exchanges: Self.exchanges, busyAnswers: 2)
        try await standIn.serve { base in
            let outcome = try await engine(base).execute("SELECT paged", limits: limits, cancellation: QueryCancellation(), sink: Sink())
            #expect(outcome.rowCount == 3)
            #expect(standIn.requests.prefix(3).map(\.method) == ["POST", "POST", "POST"])
            await #expect(throws: EngineError.self) {
                try await engine(base, password: "s3cret").execute("SELECT paged", limits: limits, cancellation: QueryCancellation(), sink: Sink())
            }
        }
    }

    @Test func anUnreachableCoordinatorIsUnavailable() async throws {
        let engine = TrinoEngine(config: TrinoConfig(host: "127.0.0.1", port: 1, user: "ana"))
        await #expect(throws: EngineError.self) { try await engine.testConnection(timeout: 2) }
    }
}
