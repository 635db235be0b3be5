import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// The sync schedule on the job queue: one pending job per engine, on demand or after the
/// interval, and one claimer at a time.
@Suite struct MetastoreSyncStoreTests {
    func withStore(_ body: (HubStore, ManualClock, EngineID) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            let engine = try await store.upsertSQLiteEngine(name: "files", path: "/nonexistent.sqlite", description: "")
            try await body(store, clock, engine.id)
        }
    }

    func pendingJobs(_ store: HubStore) async throws -> [Job] {
        try await store.read { db in
            try Job.filter(Column("kind") == HubStore.metastoreSyncJobKind && ["queued", "running"].contains(Column("status")))
                .fetchAll(db)
        }
    }

    @Test func anEngineSeenForTheFirstTimeGetsASyncQueuedOnce() async throws {
        try await withStore { store, clock, engine in
            #expect(try await store.metastoreSyncs().map(\.state.status) == [.idle])
            #expect(try await store.ensureMetastoreSyncs() == [engine])
            #expect(try await store.ensureMetastoreSyncs() == [])
            #expect(try await pendingJobs(store).count == 1)
            let (state, name) = try await store.metastoreSync(engine)
            #expect(name == "files" && state.status == .queued && state.intervalHours == 24)
            #expect(state.nextRunAt == clock.now())
        }
    }

    @Test func aClaimedSyncRunsAloneAndSchedulesTheNextAfterItsInterval() async throws {
        try await withStore { store, clock, engine in
            try await store.ensureMetastoreSyncs()
            let claimed = try #require(try await store.claimMetastoreSync(owner: "a", lease: 60))
            #expect(claimed.engine == engine)
            #expect(try await store.claimMetastoreSync(owner: "b", lease: 60) == nil)
            #expect(try await store.metastoreSync(engine).state.status == .running)
            // On demand while running: refused.
            await #expect(throws: StoreError.self) { _ = try await store.requestMetastoreSync(engine) }
            clock.advance(by: 5)
            #expect(try await store.finishMetastoreSync(claimed.job, engine: engine, owner: "a", error: nil))
            let state = try await store.metastoreSync(engine).state
            #expect(state.status == .done && state.finishedAt == clock.now())
            #expect(state.nextRunAt == clock.now().addingTimeInterval(24 * 3600))
            let jobs = try await pendingJobs(store)
            #expect(jobs.count == 1 && jobs.first?.runAfter == state.nextRunAt)
            #expect(try await store.claimMetastoreSync(owner: "b", lease: 60) == nil)
            clock.advance(by: 24 * 3600)
            #expect(try await store.claimMetastoreSync(owner: "b", lease: 60)?.engine == engine)
        }
    }

    @Test func onDemandMovesTheScheduledSyncUpAndRefusesASecond() async throws {
        try await withStore { store, clock, engine in
            try await store.ensureMetastoreSyncs()
            let claimed = try #require(try await store.claimMetastoreSync(owner: "a", lease: 60))
            try await store.finishMetastoreSync(claimed.job, engine: engine, owner: "a", error: "unreachable")
            #expect(try await store.metastoreSync(engine).state.status == .failed)
            #expect(try await store.metastoreSync(engine).state.error == "unreachable")
            let (queued, _) = try await store.requestMetastoreSync(engine)
            #expect(queued.status == .queued && queued.nextRunAt == clock.now())
            #expect(try await pendingJobs(store).count == 1)
            await #expect(throws: StoreError.self) { _ = try await store.requestMetastoreSync(engine) }
            #expect(try await store.claimMetastoreSync(owner: "a", lease: 60)?.engine == engine)
        }
    }

    @Test func intervalZeroSyncsOnlyOnDemand() async throws {
        try await withStore { store, clock, engine in
            try await store.ensureMetastoreSyncs()
            let claimed = try #require(try await store.claimMetastoreSync(owner: "a", lease: 60))
            try await store.finishMetastoreSync(claimed.job, engine: engine, owner: "a", error: nil)
            let (off, _) = try await store.setMetastoreSyncInterval(engine, hours: 0)
            #expect(off.intervalHours == 0 && off.nextRunAt == nil)
            #expect(try await pendingJobs(store).isEmpty)
            let (hourly, _) = try await store.setMetastoreSyncInterval(engine, hours: 1)
            #expect(hourly.nextRunAt == off.finishedAt?.addingTimeInterval(3600))
            #expect(try await pendingJobs(store).count == 1)
            await #expect(throws: StoreError.self) { _ = try await store.setMetastoreSyncInterval(engine, hours: -1) }
            _ = try await store.setMetastoreSyncInterval(engine, hours: 0)
            _ = try await store.requestMetastoreSync(engine)
            let again = try #require(try await store.claimMetastoreSync(owner: "a", lease: 60))
            try await store.finishMetastoreSync(again.job, engine: engine, owner: "a", error: nil)
            #expect(try await store.metastoreSync(engine).state.nextRunAt == nil)
            #expect(try await pendingJobs(store).isEmpty)
            clock.advance(by: 1)
        }
    }

    @Test func aSyncWhoseWorkerDiedIsTakenOverAfterItsLease() async throws {
        try await withStore { store, clock, engine in
            try await store.ensureMetastoreSyncs()
            let first = try #require(try await store.claimMetastoreSync(owner: "dead", lease: 60))
            clock.advance(by: 61)
            let second = try #require(try await store.claimMetastoreSync(owner: "alive", lease: 60))
            #expect(second.job.id == first.job.id)
            // The dead worker's late finish changes nothing.
            #expect(try await store.finishMetastoreSync(first.job, engine: engine, owner: "dead", error: nil) == false)
            #expect(try await store.metastoreSync(engine).state.status == .running)
            #expect(try await store.finishMetastoreSync(second.job, engine: engine, owner: "alive", error: nil))
        }
    }
}
