import Core
import Execution
import Foundation
import Logging
import Results
import Store
import Testing
import TestSupport

/// Retention removes the files of runs older than its age and keeps everything else about
/// them; it runs as a periodic job of the durable queue.
@Suite struct ResultRetentionTests {
    static let day = 86_400.0

    func retention(_ hub: ExecutionHarness, maxAgeDays: Double = 30, interval: Double = 3600) -> ResultRetention {
        ResultRetention(
            store: hub.store, results: hub.results, maxAge: maxAgeDays * Self.day, interval: interval,
            logger: Logger(label: "test"))
    }

    @Test func oldResultsGoAndTheRunSaysExpired() async throws {
        let clock = ManualClock()
        try await ExecutionHarness.with(clock: clock) { hub in
            let old = try await hub.submit("SELECT * FROM events LIMIT 10")
            _ = try await hub.waitUntilFinished(old)
            clock.advance(by: 29 * Self.day)
            let recent = try await hub.submit("SELECT 1")
            _ = try await hub.waitUntilFinished(recent)
            clock.advance(by: 2 * Self.day)

            let swept = try await retention(hub).sweep()
            #expect(swept == 1)
            #expect(!FileManager.default.fileExists(atPath: hub.results.directory(execution: old).path))
            #expect(throws: ResultError.notFound) { try hub.results.reader(execution: old, statement: 0) }
            let expired = try await hub.service.snapshot(old)
            #expect(expired.resultExpiredAt == clock.now())
            #expect(expired.status == .done)
            #expect(expired.statements[0].rowCount == 10, "the run keeps its figures")

            let kept = try await hub.service.snapshot(recent)
            #expect(kept.resultExpiredAt == nil)
            #expect(try hub.results.reader(execution: recent, statement: 0).totalRows == 1)
            #expect(try await retention(hub).sweep() == 0, "a swept run is not swept again")
        }
    }

    @Test func runsStillGoingAreNeverSwept() async throws {
        let clock = ManualClock()
        try await ExecutionHarness.with(clock: clock) { hub in
            let running = try await hub.submit(runaway)
            _ = try await hub.waitFor(running) { $0.statements.first?.status == .running }
            clock.advance(by: 100 * Self.day)
            #expect(try await retention(hub).sweep() == 0)
            _ = try await hub.service.cancel(running)
            _ = try await hub.waitUntilFinished(running)
        }
    }

    @Test func zeroAgeKeepsResultsForEver() async throws {
        let clock = ManualClock()
        try await ExecutionHarness.with(clock: clock) { hub in
            let id = try await hub.submit("SELECT 1")
            _ = try await hub.waitUntilFinished(id)
            clock.advance(by: 1000 * Self.day)
            #expect(try await retention(hub, maxAgeDays: 0).sweep() == 0)
            #expect(try hub.results.reader(execution: id, statement: 0).totalRows == 1)
        }
    }

    /// One job however many processes start; a turn re-queues itself `interval` later, and a
    /// second claimer (another process on the same data dir) finds nothing to do meanwhile.
    @Test func theSweepIsOnePeriodicJob() async throws {
        let clock = ManualClock()
        try await ExecutionHarness.with(clock: clock) { hub in
            let id = try await hub.submit("SELECT 1")
            _ = try await hub.waitUntilFinished(id)
            try await hub.store.ensurePeriodicJob(kind: ResultRetention.jobKind)
            try await hub.store.ensurePeriodicJob(kind: ResultRetention.jobKind)
            let first = retention(hub), second = retention(hub)
            clock.advance(by: 31 * Self.day)
            #expect(try await first.runDueTurn() == 1)
            #expect(try await second.runDueTurn() == nil, "the next turn is an hour away")
            clock.advance(by: 3601)
            #expect(try await second.runDueTurn() == 0)
            #expect(try await first.runDueTurn() == nil)
        }
    }
}
