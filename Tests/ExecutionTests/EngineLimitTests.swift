import Core
import Engines
import Execution
import Foundation
import Store
import Testing
import TestSupport

/// Per-engine limits: time limit and row cap tighten the run's limits, `concurrency` caps the
/// runs going at once on one engine, and a disabled engine takes no runs.
@Suite struct EngineLimitTests {
    static func limit(_ changes: EngineChanges) -> (HubStore, EngineInfo, User) async throws -> Void {
        { store, engine, _ in _ = try await store.updateEngine(engine.id, changes) }
    }

    @Test func engineRowCapTruncatesBelowTheServerLimit() async throws {
        try await ExecutionHarness.with(prepare: Self.limit(EngineChanges(rowCap: .some(300)))) { hub in
            let done = try await hub.waitUntilFinished(try await hub.submit("SELECT * FROM events"))
            #expect(done.statements[0].rowCount == 300)
            #expect(done.statements[0].truncated)
        }
    }

    @Test func engineRowCapNeverLoosensTheServerLimit() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 30, maxRows: 200)
        try await ExecutionHarness.with(settings: settings, prepare: Self.limit(EngineChanges(rowCap: .some(5000)))) { hub in
            let done = try await hub.waitUntilFinished(try await hub.submit("SELECT * FROM events"))
            #expect(done.statements[0].rowCount == 200)
        }
    }

    @Test func engineTimeLimitStopsTheQuery() async throws {
        try await ExecutionHarness.with(prepare: Self.limit(EngineChanges(timeLimit: .some(0.3)))) { hub in
            let started = ContinuousClock.now
            let failed = try await hub.waitUntilFinished(try await hub.submit(runaway))
            #expect(failed.status == .failed)
            #expect(failed.error?.message.contains("time limit of 0.3 s") == true, "\(String(describing: failed.error))")
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func concurrencyCapMakesARunWaitWhileOtherEnginesProceed() async throws {
        let settings = ExecutionSettings(workers: 3, queryTimeout: 60, maxRows: 1000)
        try await ExecutionHarness.with(settings: settings, prepare: Self.limit(EngineChanges(concurrency: .some(1)))) { hub in
            let other = try await hub.store.createEngine(
                EngineDraft(name: "other", kind: .sqlite, settings: EngineSettings(path: hub.engine.path, readOnly: true)))
            let first = try await hub.submit(runaway)
            _ = try await hub.waitFor(first) { $0.status == .running }
            let second = try await hub.submit(runaway)
            // Submitted after `second`, on an engine with room: it runs and ends first.
            let third = try await hub.service.submit(engine: other.name, query: "SELECT 1", cell: nil, owner: hub.user.id)
            let thirdDone = try await hub.waitUntilFinished(third.execution.id)
            #expect(thirdDone.status == .done)
            #expect(try await hub.service.snapshot(second).status == .queued, "the cap of 1 holds the second run")
            #expect(try await hub.service.snapshot(first).status == .running)

            _ = try await hub.service.cancel(first)
            #expect(try await hub.waitUntilFinished(first).status == .cancelled)
            let running = try await hub.waitFor(second, timeout: 10) { $0.status == .running }
            #expect(running.status == .running, "the waiting run starts once the engine has room")
            _ = try await hub.service.cancel(second)
            #expect(try await hub.waitUntilFinished(second).status == .cancelled)
        }
    }

    @Test func aDisabledEngineRefusesRuns() async throws {
        try await ExecutionHarness.with(prepare: Self.limit(EngineChanges(disabled: true))) { hub in
            await #expect(throws: ExecutionError.engineDisabled("test")) { try await hub.submit("SELECT 1") }
        }
    }

    @Test func aRunQueuedBeforeItsEngineWasDisabledFailsWithAClearMessage() async throws {
        let settings = ExecutionSettings(workers: 1, queryTimeout: 60, maxRows: 1000)
        try await ExecutionHarness.with(settings: settings) { hub in
            let blocker = try await hub.submit(runaway)
            _ = try await hub.waitFor(blocker) { $0.status == .running }
            let waiting = try await hub.submit("SELECT 1")
            _ = try await hub.store.setEngineDisabled(hub.engine.id, true)
            _ = try await hub.service.cancel(blocker)
            let failed = try await hub.waitUntilFinished(waiting)
            #expect(failed.status == .failed)
            #expect(failed.error?.message.contains("was disabled") == true)
        }
    }
}
