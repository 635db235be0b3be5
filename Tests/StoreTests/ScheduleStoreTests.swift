import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// Schedules on the job queue: exactly one pending fire per active schedule, one claimer per
/// fire, retries with backoff, auto-disable, pause/resume, manual runs and catch-up.
@Suite struct ScheduleStoreTests {
    /// Fires every hour on the hour (UTC), without the Scheduling module.
    static let hourly = FireTimes(
        next: { _, after in Date(timeIntervalSince1970: (after.timeIntervalSince1970 / 3600).rounded(.down) * 3600 + 3600) },
        latestSlot: { _, from, until in
            max(from, Date(timeIntervalSince1970: (until.timeIntervalSince1970 / 3600).rounded(.down) * 3600))
        })

    struct Hub {
        let store: HubStore
        let clock: ManualClock
        let user: User
        let doc: DocID
        let cells: [Cell]
    }

    func withHub(_ body: (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))  // 2027-01-15T08:00:00Z
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            let user = try await store.ensureLocalUser()
            let engine = try await store.upsertSQLiteEngine(name: "files", path: "/nonexistent.sqlite", description: "")
            let (doc, _) = try await store.createDoc(title: "Daily", owner: user.id, firstQueryEngine: nil)
            var cells: [Cell] = []
            for query in ["SELECT 1", "SELECT 2"] {
                cells.append(try await store.insertCell(doc: doc.id, kind: .query, content: query, engine: engine.id, owner: user.id))
            }
            _ = try await store.insertCell(doc: doc.id, kind: .text, content: "notes", owner: user.id)
            try await body(Hub(store: store, clock: clock, user: user, doc: doc.id, cells: cells))
        }
    }

    func fireJobs(_ store: HubStore) async throws -> [Job] {
        try await store.read { db in
            try Job.filter(Column("kind") == HubStore.scheduleFireJobKind && ["queued", "running"].contains(Column("status")))
                .fetchAll(db)
        }
    }

    func save(_ hub: Hub, retries: Int = 2, disableAfter: Int = 5) async throws -> Schedule {
        let draft = ScheduleDraft(cron: "0 * * * *", timezone: "UTC", retries: retries, retryDelaySeconds: 60, disableAfterFailures: disableAfter)
        return try await hub.store.saveSchedule(doc: hub.doc, draft: draft, owner: hub.user.id) { now in Self.hourly.next(Schedule.stub, now) }
    }

    func claim(_ hub: Hub, owner: String = "a", start: Date? = nil) async throws -> ScheduleClaim? {
        try await hub.store.claimScheduleFire(owner: owner, lease: 30, serviceStart: start ?? hub.clock.now(), times: Self.hourly)
    }

    @Test func savingQueuesExactlyOneFireAndReplacingMovesIt() async throws {
        try await withHub { hub in
            let schedule = try await save(hub)
            #expect(schedule.status == .active && schedule.nextRunAt == Date(timeIntervalSince1970: 1_800_003_600))
            _ = try await save(hub, retries: 4)
            let jobs = try await fireJobs(hub.store)
            #expect(jobs.count == 1 && jobs[0].payload == schedule.id.description)
            #expect(try await hub.store.schedule(ofDoc: hub.doc)?.retries == 4)
        }
    }

    @Test func aFireIsClaimedOnceAndItsAttemptRunsTheQueryCellsInOrder() async throws {
        try await withHub { hub in
            _ = try await save(hub)
            #expect(try await claim(hub) == nil)  // not due yet
            hub.clock.advance(by: 3600)
            guard case .attempt(let job, _, let run, let cells, _) = try await claim(hub, start: Date.distantPast) else {
                Issue.record("no attempt")
                return
            }
            #expect(cells.map(\.id) == hub.cells.map(\.id))
            #expect(run.trigger == .schedule && run.attempt == 1 && run.status == .running)
            #expect(run.scheduledFor == Date(timeIntervalSince1970: 1_800_003_600))
            #expect(try await claim(hub, owner: "b") == nil)  // leased
            let done = ScheduleAttemptOutcome(cells: cells.map { ScheduleRunCell(cellID: $0.id, status: "done") }, error: nil, failedCellID: nil)
            let (schedule, ended) = try #require(
                try await hub.store.finishScheduleAttempt(run, job: job, owner: "a", outcome: done, times: Self.hourly))
            #expect(ended.status == .done && schedule.nextRunAt == Date(timeIntervalSince1970: 1_800_007_200))
            #expect(try await fireJobs(hub.store).count == 1)
            // A second finish by a worker that lost the lease changes nothing.
            #expect(try await hub.store.finishScheduleAttempt(run, job: job, owner: "b", outcome: done, times: Self.hourly) == nil)
        }
    }

    @Test func failedAttemptsRetryWithBackoffThenFailAndDisable() async throws {
        try await withHub { hub in
            _ = try await save(hub, retries: 2, disableAfter: 1)
            hub.clock.advance(by: 3600)
            let failure = ScheduleAttemptOutcome(cells: [], error: "boom", failedCellID: hub.cells[0].id)
            var delays: [Double] = []
            for attempt in 1...3 {
                guard case .attempt(let job, _, let run, _, _) = try await claim(hub, start: .distantPast) else {
                    Issue.record("attempt \(attempt) not claimed")
                    return
                }
                #expect(run.attempt == attempt)
                let (_, ended) = try #require(
                    try await hub.store.finishScheduleAttempt(run, job: job, owner: "a", outcome: failure, times: Self.hourly))
                if let due = ended.nextAttemptAt {
                    delays.append(due.timeIntervalSince(hub.clock.now()))
                    #expect(try await claim(hub) == nil)
                    hub.clock.advance(by: due.timeIntervalSince(hub.clock.now()))
                } else {
                    #expect(ended.status == .failed && attempt == 3)
                }
            }
            #expect(delays == [60, 120])
            let schedule = try #require(try await hub.store.schedule(ofDoc: hub.doc))
            #expect(schedule.status == .disabled && schedule.disabledReason == "Failed 1 run in a row.")
            #expect(try await fireJobs(hub.store).isEmpty)
        }
    }

    @Test func aManualRunConflictsWhileOpenAndPausedSchedulesStayPaused() async throws {
        try await withHub { hub in
            _ = try await save(hub)
            let paused = try await hub.store.pauseSchedule(ofDoc: hub.doc)
            #expect(paused.status == .paused && paused.nextRunAt == nil)
            #expect(try await fireJobs(hub.store).isEmpty)
            let run = try await hub.store.requestScheduleRun(ofDoc: hub.doc)
            #expect(run.trigger == .manual && run.status == .queued)
            await #expect(throws: StoreError.self) { try await hub.store.requestScheduleRun(ofDoc: hub.doc) }
            guard case .attempt(let job, _, let claimed, _, _) = try await claim(hub) else {
                Issue.record("no attempt")
                return
            }
            #expect(claimed.id == run.id)
            let done = ScheduleAttemptOutcome(cells: [], error: nil, failedCellID: nil)
            let (schedule, _) = try #require(
                try await hub.store.finishScheduleAttempt(claimed, job: job, owner: "a", outcome: done, times: Self.hourly))
            #expect(schedule.status == .paused && schedule.nextRunAt == nil)
            #expect(try await fireJobs(hub.store).isEmpty)
            let resumed = try await hub.store.resumeSchedule(ofDoc: hub.doc, nextFire: Self.hourly.next)
            #expect(resumed.status == .active && resumed.nextRunAt != nil)
            #expect(try await fireJobs(hub.store).count == 1)
        }
    }

    @Test func aFireMissedBeforeTheServiceStartedIsOneCatchUpAtTheLatestSlot() async throws {
        try await withHub { hub in
            _ = try await save(hub)
            let down = hub.clock.now()
            hub.clock.advance(by: 5 * 3600 + 60)
            guard case .attempt(_, let schedule, let run, _, _) = try await claim(hub, start: hub.clock.now()) else {
                Issue.record("no attempt")
                return
            }
            #expect(run.trigger == .catchUp)
            #expect(run.scheduledFor == Date(timeIntervalSince1970: down.timeIntervalSince1970 + 5 * 3600))
            #expect(schedule.nextRunAt == Date(timeIntervalSince1970: down.timeIntervalSince1970 + 6 * 3600))
        }
    }

    @Test func anAttemptWhoseWorkerDiedIsRetriedAndCountsThenFails() async throws {
        try await withHub { hub in
            _ = try await save(hub, retries: 1)
            hub.clock.advance(by: 3600)
            guard case .attempt = try await claim(hub, owner: "dead", start: .distantPast) else { Issue.record("no attempt"); return }
            hub.clock.advance(by: 31)  // the lease expired
            guard case .attempt(_, _, let second, _, _) = try await claim(hub, owner: "b", start: .distantPast) else {
                Issue.record("not taken over"); return
            }
            #expect(second.attempt == 2)
            hub.clock.advance(by: 31)
            guard case .ended(let schedule, let run) = try await claim(hub, owner: "c", start: .distantPast) else {
                Issue.record("not ended"); return
            }
            #expect(run?.status == .failed && run?.error == "The server stopped during the run.")
            #expect(schedule.consecutiveFailures == 1 && schedule.status == .active)
            #expect(try await fireJobs(hub.store).count == 1)
        }
    }

    @Test func aDeactivatedOwnerDisablesTheScheduleAtItsNextFire() async throws {
        try await withHub { hub in
            let owner = try await hub.store.createUser(username: "ann", displayName: "Ann", passwordHash: nil, isAdmin: false)
            let draft = ScheduleDraft(cron: "0 * * * *", timezone: "UTC")
            _ = try await hub.store.saveSchedule(doc: hub.doc, draft: draft, owner: owner.id) { now in Self.hourly.next(Schedule.stub, now) }
            _ = try await hub.store.updateUser(owner.id, UserChanges(active: false))
            hub.clock.advance(by: 3600)
            guard case .ended(let schedule, let run) = try await claim(hub) else { Issue.record("not ended"); return }
            #expect(run == nil && schedule.status == .disabled && schedule.disabledReason == "Its owner was deactivated.")
            #expect(try await fireJobs(hub.store).isEmpty)
        }
    }

    @Test func deletingRemovesTheScheduleItsRunsAndItsFire() async throws {
        try await withHub { hub in
            _ = try await save(hub)
            _ = try await hub.store.requestScheduleRun(ofDoc: hub.doc)
            #expect(try await hub.store.deleteSchedule(ofDoc: hub.doc))
            #expect(try await hub.store.schedule(ofDoc: hub.doc) == nil)
            #expect(try await fireJobs(hub.store).isEmpty)
            #expect(try await hub.store.deleteSchedule(ofDoc: hub.doc) == false)
        }
    }

    @Test func listsShowOnlyReadableDocsNextFireFirst() async throws {
        try await withHub { hub in
            _ = try await save(hub)
            let (listings, total) = try await hub.store.schedules(readableBy: hub.user, limit: 10, offset: 0)
            #expect(total == 1 && listings.first?.docTitle == "Daily")
        }
    }
}

extension Schedule {
    /// A placeholder for fire-time closures that ignore the schedule.
    static let stub = Schedule(
        id: ScheduleID(0), docID: DocID(0), ownerID: UserID(0), cron: "", timezone: "UTC", status: .active, disabledReason: nil,
        retries: 0, retryDelaySeconds: 60, disableAfterFailures: 0, consecutiveFailures: 0, notify: NotifySettings(), exports: [],
        nextRunAt: nil, createdAt: .distantPast, updatedAt: .distantPast)
}
