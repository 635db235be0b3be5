import Core
import Engines
import Execution
import Foundation
import Results
import Store
import Testing
import TestSupport

let runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"

@Suite struct ExecutionTests {
    @Test func multiStatementRunStoresEachResult() async throws {
        try await ExecutionHarness.with { hub in
            let id = try await hub.submit("SELECT 1 AS one;\n-- a comment; with a semicolon\nSELECT 'a;b' AS text, 2.5 AS x;")
            let done = try await hub.waitUntilFinished(id)
            #expect(done.status == .done)
            #expect(done.statements.map(\.status) == [.done, .done])
            #expect(done.statements.map(\.startLine) == [1, 2])
            #expect(done.statements[1].columns.map(\.name) == ["text", "x"])
            let reader = try hub.results.reader(execution: id, statement: 1)
            #expect(try reader.rows(offset: 0, limit: 10) == [[.text("a;b"), .real(2.5)]])
        }
    }

    @Test func errorInStatementTwoReportsItsLineAndStopsTheRun() async throws {
        try await ExecutionHarness.with { hub in
            let id = try await hub.submit("SELECT 1;\nSELECT\n  no_such_column\nFROM users;\nSELECT 3;")
            let failed = try await hub.waitUntilFinished(id)
            #expect(failed.status == .failed)
            #expect(failed.statements.map(\.status) == [.done, .failed, .cancelled])
            let error = try #require(failed.statements[1].error)
            #expect(error.message.contains("no_such_column"))
            #expect(error.line == 3)
            #expect(failed.error == error)
        }
    }

    /// The query never ends by itself, so ending `cancelled` proves the cancel stopped it; how
    /// fast is a benchmark's business (`make bench`, cancel latency), not a timed test's.
    @Test func cancelStopsARunawayQuery() async throws {
        try await ExecutionHarness.with { hub in
            let id = try await hub.submit(runaway)
            _ = try await hub.waitFor(id) { $0.statements.first?.status == .running }
            let started = ContinuousClock.now
            _ = try await hub.service.cancel(id)
            let cancelled = try await hub.waitUntilFinished(id)
            let elapsed = ContinuousClock.now - started
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.statements[0].status == .cancelled)
            #expect(elapsed < .seconds(10), "cancel took \(elapsed)")
            await #expect(throws: ExecutionError.alreadyFinished(.cancelled)) { try await hub.service.cancel(id) }
        }
    }

    @Test func timeLimitStopsTheQuery() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 0.3, maxRows: 1000)
        try await ExecutionHarness.with(settings: settings) { hub in
            let id = try await hub.submit(runaway)
            let failed = try await hub.waitUntilFinished(id)
            #expect(failed.status == .failed)
            #expect(failed.error?.message.contains("time limit") == true)
        }
    }

    @Test func queuedRunCanBeCancelledBeforeItStarts() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 30, maxRows: 1000)
        try await ExecutionHarness.with(settings: settings) { hub in
            let blocker = try await hub.submit(runaway)
            _ = try await hub.waitFor(blocker) { $0.status == .running }
            let waiting = try await hub.submit("SELECT 1")
            #expect(try await hub.service.cancel(waiting) == .cancelled)
            _ = try await hub.service.cancel(blocker)
            _ = try await hub.waitUntilFinished(blocker)
            let snapshot = try await hub.service.snapshot(waiting)
            #expect(snapshot.status == .cancelled && snapshot.startedAt == nil)
        }
    }

    @Test func rowCapTruncatesAndSaysSo() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 30, maxRows: 500)
        try await ExecutionHarness.with(settings: settings) { hub in
            let id = try await hub.submit("SELECT * FROM events")
            let done = try await hub.waitUntilFinished(id)
            #expect(done.statements[0].rowCount == 500)
            #expect(done.statements[0].truncated)
        }
    }

    @Test func millionRowsAreStoredWithBoundedMemoryAndPagedFromTheMiddle() async throws {
        try await ExecutionHarness.with { hub in
            // ~250 bytes a row: 250 MB of values if it were all held in memory.
            let query = """
                WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000)
                SELECT x, x * 0.5 AS half, printf('%0200d', x) AS wide, 'row ' || x AS label FROM c
                """
            let before = residentMemoryBytes()
            let peak = PeakMemory()
            let id = try await hub.submit(query)
            let sampler = Task {
                while !Task.isCancelled {
                    peak.record(residentMemoryBytes())
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            let done = try await hub.waitUntilFinished(id, timeout: 300)
            sampler.cancel()
            #expect(done.status == .done)
            #expect(done.statements[0].rowCount == 1_000_000)
            let growth = peak.value - before
            #expect(growth < 150_000_000, "resident memory grew by \(growth) bytes")

            let reader = try hub.results.reader(execution: id, statement: 0)
            #expect(reader.totalRows == 1_000_000)
            let page = try reader.rows(offset: 500_000, limit: 100)
            #expect(page.count == 100)
            #expect(page.first?.first == .integer(500_001))
            #expect(page.last?[3] == .text("row 500100"))
            #expect(reader.batchesDecoded <= 2)
        }
    }

    @Test func shutdownMarksRunsInFlightCancelled() async throws {
        var id: ExecutionID?
        var store: HubStore?
        try await ExecutionHarness.with { hub in
            id = try await hub.submit(runaway)
            store = hub.store
            _ = try await hub.waitFor(try #require(id)) { $0.status == .running }
        }
        let (execution, statements) = try await #require(store).executionWithStatements(try #require(id))
        #expect(execution.status == .cancelled)
        #expect(statements[0].status == .cancelled)
    }

    @Test func runHeldByADeadWorkerIsPickedUpAgain() async throws {
        let clock = ManualClock(Date())
        var orphan: ExecutionID?
        try await ExecutionHarness.with(clock: clock, prepare: { store, engine, user in
            let execution = try await store.createExecution(
                engine: engine.id, cell: nil, owner: user.id, query: "SELECT count(*) FROM users",
                statements: [.init(text: "SELECT count(*) FROM users", startLine: 1)])
            orphan = execution.id
            // A worker claims it, starts it, and dies; its lease then runs out.
            _ = try await store.claimNextJob(kinds: [HubStore.executionJobKind], owner: "dead", lease: 30)
            _ = try await store.startExecution(execution.id)
            clock.advance(by: 31)
        }) { hub in
            let done = try await hub.waitUntilFinished(try #require(orphan))
            #expect(done.status == .done)
            #expect(done.statements[0].rowCount == 1)
        }
    }
}

/// The largest value seen, shared with the sampling task.
final class PeakMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    var value: Int { lock.withLock { peak } }
    func record(_ bytes: Int) { lock.withLock { peak = max(peak, bytes) } }
}
