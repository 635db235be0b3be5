import AsyncHTTPClient
import Core
import Engines
import Foundation
import Testing

/// Cancel, time limit, live progress and bad configurations, against the real ClickHouse:
/// each run is then looked up in ClickHouse's own `system.processes`.
@Suite("ClickHouseControl", .serialized)
struct ClickHouseControlTests {
    /// Runs until stopped: ClickHouse counts an endless table.
    static let runaway = "SELECT count() FROM system.numbers"

    /// Starts `sql` in a child task; returns the sink and the running task.
    func start(
        _ sql: String, timeout: Double = 60, maxRows: Int = 1000, readOnly: Bool = false,
        cancellation: QueryCancellation
    ) throws -> (ClickHouseTestSink, Task<StatementOutcome, any Error>) {
        let engine = ClickHouseEngine(config: try ClickHouseTestServer.config(readOnly: readOnly))
        let sink = ClickHouseTestSink(keepRows: false)
        let task = Task {
            try await engine.execute(
                sql, limits: QueryLimits(timeout: timeout, maxRows: maxRows), cancellation: cancellation, sink: sink)
        }
        return (sink, task)
    }

    @Test("cancel stops a runaway query on the server")
    func cancelRunaway() async throws {
        let cancellation = QueryCancellation()
        let (sink, task) = try start(Self.runaway, cancellation: cancellation)
        let id = try #require(await sink.firstReport(within: 5) { $0.message != nil }.flatMap { _ in sink.queryID })
        let started = try await ClickHouseTestServer.waitUntil(id, running: true, within: 5)
        #expect(started != nil, "the query never showed in system.processes")

        let clock = ContinuousClock()
        let cancelledAt = clock.now
        cancellation.cancel()
        let result = await task.result
        let returned = clock.now - cancelledAt
        #expect(throws: EngineError.cancelled) { try result.get() }
        let gone = try await ClickHouseTestServer.waitUntil(id, running: false, within: 1)
        #expect(gone != nil, "the query was still in system.processes 1 s after cancel")
        print("ClickHouse cancel: execute returned \(returned) after cancel; gone from system.processes \(gone.map { "\($0)" } ?? "never") later")
        #expect(returned < .seconds(2))
    }

    @Test("cancelling the calling task also kills the query")
    func taskCancellation() async throws {
        let (sink, task) = try start(Self.runaway, cancellation: QueryCancellation())
        let id = try #require(await sink.firstReport(within: 5) { $0.message != nil }.flatMap { _ in sink.queryID })
        #expect(try await ClickHouseTestServer.waitUntil(id, running: true, within: 5) != nil)
        task.cancel()
        await #expect(throws: EngineError.cancelled) { try await task.value }
        #expect(try await ClickHouseTestServer.waitUntil(id, running: false, within: 1) != nil)
    }

    @Test("the time limit stops a runaway query with timedOut", arguments: [runaway, "SELECT number FROM system.numbers"])
    func timeLimit(sql: String) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        let (sink, task) = try start(sql, timeout: 1, maxRows: Int.max, cancellation: QueryCancellation())
        await #expect(throws: EngineError.timedOut(seconds: 1)) { try await task.value }
        let took = clock.now - began
        #expect(took < .seconds(4), "took \(took)")
        let id = try #require(sink.queryID)
        #expect(try await ClickHouseTestServer.waitUntil(id, running: false, within: 1) != nil)
    }

    @Test("a long query reports rows read while it runs")
    func liveProgress() async throws {
        let cancellation = QueryCancellation()
        let (sink, task) = try start(Self.runaway, cancellation: cancellation)
        let report = await sink.firstReport(within: 10) { ($0.rowsRead ?? 0) > 0 }
        cancellation.cancel()
        _ = await task.result
        let progress = try #require(report, "no progress with rows read within 10 s")
        #expect((progress.bytesRead ?? 0) > 0)
    }

    @Test("percent done when ClickHouse knows the total")
    func percentDone() async throws {
        let cancellation = QueryCancellation()
        // ClickHouse estimates the rows to read for MergeTree tables (not for numbers()):
        // a million rows read slowly.
        for sql in [
            "DROP TABLE IF EXISTS querybook_progress",
            "CREATE TABLE querybook_progress (x UInt64) ENGINE = MergeTree ORDER BY x",
            "INSERT INTO querybook_progress SELECT number FROM numbers(1000000)",
        ] {
            _ = try await ClickHouseTestServer.rows(sql)
        }
        let (sink, task) = try start(
            "SELECT count() FROM querybook_progress WHERE sleepEachRow(0.00001) = 0", cancellation: cancellation)
        let report = await sink.firstReport(within: 10) { $0.percent != nil }
        cancellation.cancel()
        _ = await task.result
        let percent = try #require(report?.percent, "no percent within 10 s")
        #expect(percent > 0 && percent < 100)
    }

    @Test("the password user logs in; test connection gives the version")
    func passwordLogin() async throws {
        let engine = ClickHouseEngine(config: try ClickHouseTestServer.config(secured: true))
        #expect(try await engine.testConnection().hasPrefix("18."))
        let sink = ClickHouseTestSink()
        _ = try await engine.execute(
            "SELECT user FROM system.processes WHERE query LIKE 'SELECT user FROM%'",
            limits: QueryLimits(timeout: 5, maxRows: 10), cancellation: QueryCancellation(), sink: sink)
        #expect(sink.rows == [[.text("querybook")]])
    }

    @Test("a wrong password is a clear error that does not show it")
    func wrongPassword() async throws {
        var config = try ClickHouseTestServer.config(secured: true)
        config.password = "wrong-secret-4711"
        let engine = ClickHouseEngine(config: config)
        for attempt in [
            { try await engine.testConnection() },
            {
                _ = try await engine.execute(
                    "SELECT 1", limits: QueryLimits(timeout: 5, maxRows: 10), cancellation: QueryCancellation(),
                    sink: ClickHouseTestSink())
                return ""
            },
        ] as [@Sendable () async throws -> String] {
            do {
                _ = try await attempt()
                Issue.record("a wrong password was accepted")
            } catch let error as EngineError {
                guard case .unavailable(let message) = error else { Issue.record("got \(error)"); continue }
                #expect(message == "ClickHouse refused the login: Wrong password for user querybook")
                #expect(!"\(error)".contains("wrong-secret-4711"))
            }
        }
        #expect(!"\(config)".contains("wrong-secret-4711") && "\(config)".contains("password set"))
        #expect(!String(reflecting: config).contains("wrong-secret-4711"))
    }

    @Test("a port nothing listens on is a clear error naming the address")
    func wrongPort() async throws {
        var config = try ClickHouseTestServer.config(secured: true)
        config.port = try ClickHouseTestServer.closedPort()
        let engine = ClickHouseEngine(config: config)
        let clock = ContinuousClock()
        let began = clock.now
        await #expect(throws: EngineError.unavailable("Cannot reach ClickHouse at http://127.0.0.1:\(config.port): connection refused")) {
            try await engine.testConnection(timeout: 2)
        }
        #expect(clock.now - began < .seconds(3))
        // A run waits for its client's connect timeout (the shared client's is 10 s).
        let client = HTTPClient(configuration: .init(timeout: .init(connect: .seconds(1))))
        await #expect(throws: EngineError.unavailable("Cannot reach ClickHouse at http://127.0.0.1:\(config.port): connection refused")) {
            _ = try await ClickHouseEngine(config: config, client: client).execute(
                "SELECT 1", limits: QueryLimits(timeout: 5, maxRows: 10), cancellation: QueryCancellation(),
                sink: ClickHouseTestSink())
        }
        try await client.shutdown()
    }

    @Test("an unknown database fails test connection with ClickHouse's message")
    func unknownDatabase() async throws {
        var config = try ClickHouseTestServer.config()
        config.database = "querybook_no_such_db"
        await #expect(throws: EngineError.failed(RunError(message: "Database querybook_no_such_db doesn't exist"))) {
            try await ClickHouseEngine(config: config).testConnection()
        }
    }

    @Test("a readonly=1 user runs without settings; the time limit and cancel still stop its queries")
    func readOnlyUser() async throws {
        var config = try ClickHouseTestServer.config(readOnly: true)
        config.settings = ["max_threads": "1"]
        let sink = ClickHouseTestSink()
        let outcome = try await ClickHouseEngine(config: config).execute(
            "SELECT 42 AS answer", limits: QueryLimits(timeout: 5, maxRows: 10), cancellation: QueryCancellation(),
            sink: sink)
        #expect(outcome.rowCount == 1 && sink.rows == [[.integer(42)]])
        #expect(sink.progress.contains { $0.message?.contains("read-only (readonly=1)") == true })

        let clock = ContinuousClock()
        let began = clock.now
        let (limited, task) = try start(Self.runaway, timeout: 1, readOnly: true, cancellation: QueryCancellation())
        await #expect(throws: EngineError.timedOut(seconds: 1)) { try await task.value }
        #expect(clock.now - began < .seconds(3))
        let limitedID = try #require(limited.queryID)
        #expect(try await ClickHouseTestServer.waitUntil(limitedID, running: false, within: 1) != nil)

        let cancellation = QueryCancellation()
        let (cancelled, running) = try start(Self.runaway, readOnly: true, cancellation: cancellation)
        let id = try #require(await cancelled.firstReport(within: 5) { $0.message != nil }.flatMap { _ in cancelled.queryID })
        #expect(try await ClickHouseTestServer.waitUntil(id, running: true, within: 5) != nil)
        cancellation.cancel()
        await #expect(throws: EngineError.cancelled) { try await running.value }
        #expect(try await ClickHouseTestServer.waitUntil(id, running: false, within: 1) != nil)

        await #expect(throws: EngineError.failed(RunError(message: "Cannot create table in readonly mode"))) {
            _ = try await ClickHouseEngine(config: config).execute(
                "CREATE TABLE querybook_refused (x UInt8) ENGINE = Memory", limits: QueryLimits(timeout: 5, maxRows: 10),
                cancellation: QueryCancellation(), sink: ClickHouseTestSink())
        }
    }
}
