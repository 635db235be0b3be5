import Core
import Execution
import Foundation
import Logging
import Store
import Synchronization
import Testing
import TestSupport

/// The schedule runner end to end on a real SQLite engine and the real execution service, with
/// a clock moved by hand: fire times, retries and their backoff, auto-disable, catch-up, two
/// runners on one store, stopping at the first failing cell, exports and notifications.
@Suite(.serialized) struct ScheduleServiceTests {
    /// Test-only: returns the query unchanged, and records what it was asked.
    final class RecordingRenderer: QueryRendering {
        let calls = Mutex<[(query: String, at: Date)]>([])
        func render(_ query: String, doc: DocID?, engine: EngineID, user: UserID, at: Date) async throws -> String {
            calls.withLock { $0.append((query, at)) }
            return query
        }
    }

    final class RecordingNotifier: ScheduleNotifying {
        let notices = Mutex<[ScheduleNotice]>([])
        func deliver(_ notice: ScheduleNotice, settings: NotifySettings) async -> [NotificationOutcome] {
            notices.withLock { $0.append(notice) }
            return [NotificationOutcome(channel: .webhook, target: "hooks.example.com", sent: true, error: nil, at: notice.finishedAt)]
        }
    }

    struct Hub {
        let harness: ExecutionHarness
        let clock: ManualClock
        let doc: DocID
        let exports: URL
        let renderer = RecordingRenderer()
        let notifier = RecordingNotifier()
        var store: HubStore { harness.store }

        func service() -> ScheduleService {
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            return ScheduleService(
                executions: harness.service, renderer: renderer, notifier: notifier, clock: clock, exportDirectory: exports,
                logger: logger)
        }

        func addCells(_ queries: [String]) async throws -> [Cell] {
            var cells: [Cell] = []
            for query in queries {
                cells.append(
                    try await store.insertCell(doc: doc, kind: .query, content: query, engine: harness.engine.id, owner: harness.user.id))
            }
            return cells
        }

        @discardableResult
        func schedule(
            _ cron: String = "0 * * * *", retries: Int = 0, delay: Int = 10, disableAfter: Int = 5, owner: UserID? = nil,
            notify: NotifySettings = NotifySettings(), exports: [ScheduleExport] = []
        ) async throws -> Schedule {
            let draft = ScheduleDraft(
                cron: cron, timezone: "UTC", retries: retries, retryDelaySeconds: delay, disableAfterFailures: disableAfter,
                notify: notify, exports: exports)
            return try await store.saveSchedule(doc: doc, draft: draft, owner: owner ?? harness.user.id) { now in
                ScheduleTimes.next(cron: cron, timezone: "UTC", after: now)
            }
        }

        func runs() async throws -> [ScheduleRun] {
            guard let schedule = try await store.schedule(ofDoc: doc) else { return [] }
            return try await store.scheduleRuns(schedule.id, limit: 100, offset: 0).runs
        }
    }

    /// 2027-01-15T08:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    func withHub(_ body: (Hub) async throws -> Void) async throws {
        let clock = ManualClock(Self.start)
        try await ExecutionHarness.with(clock: clock) { harness in
            try await withTemporaryDirectory { dir in
                let (doc, _) = try await harness.store.createDoc(title: "Nightly", owner: harness.user.id, firstQueryEngine: nil)
                try await body(Hub(harness: harness, clock: clock, doc: doc.id, exports: dir.appending(path: "exports")))
            }
        }
    }

    @Test func aScheduleFiresAtItsTimesAndRunsEveryQueryCell() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT count(*) FROM events", "SELECT 1 AS one"])
            try await hub.schedule()
            let service = hub.service()
            #expect(try await service.runDue() == 0)
            hub.clock.advance(by: 3599)
            #expect(try await service.runDue() == 0)
            hub.clock.advance(by: 1)
            #expect(try await service.runDue() == 1)
            let run = try #require(try await hub.runs().first)
            #expect(run.status == .done && run.trigger == .schedule && run.attempt == 1)
            #expect(run.scheduledFor == Self.start.addingTimeInterval(3600))
            #expect(run.cells.map(\.cellID) == cells.map(\.id) && run.cells.allSatisfy { $0.status == "done" && $0.executionID != nil })
            let calls = hub.renderer.calls.withLock { calls in calls.map { $0.at } }
            #expect(calls == [run.scheduledFor, run.scheduledFor])
            let schedule = try #require(try await hub.store.schedule(ofDoc: hub.doc))
            #expect(schedule.nextRunAt == Self.start.addingTimeInterval(7200))
            hub.clock.advance(by: 3600)
            #expect(try await service.runDue() == 1)
            #expect(try await hub.runs().count == 2)
        }
    }

    @Test func failedAttemptsRetryAfterDoublingDelaysThenFail() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT * FROM no_such_table"])
            try await hub.schedule(retries: 2, delay: 10)
            let service = hub.service()
            hub.clock.advance(by: 3600)
            var delays: [Double] = []
            #expect(try await service.runDue() == 1)
            for _ in 0..<2 {
                let run = try #require(try await hub.runs().first)
                #expect(run.status == .retrying)
                let wait = try #require(run.nextAttemptAt).timeIntervalSince(hub.clock.now())
                delays.append(wait)
                hub.clock.advance(by: wait - 1)
                #expect(try await service.runDue() == 0)
                hub.clock.advance(by: 1)
                #expect(try await service.runDue() == 1)
            }
            #expect(delays == [10, 20])
            let run = try #require(try await hub.runs().first)
            #expect(run.status == .failed && run.attempt == 3 && run.failedCellID == cells[0].id)
            #expect(run.error?.contains("no_such_table") == true)
            #expect(try await hub.runs().count == 1)
            #expect(try await hub.store.schedule(ofDoc: hub.doc)?.consecutiveFailures == 1)
        }
    }

    @Test func aScheduleIsDisabledAfterItsFailuresInARow() async throws {
        try await withHub { hub in
            _ = try await hub.addCells(["SELECT * FROM no_such_table"])
            try await hub.schedule(disableAfter: 2)
            let service = hub.service()
            for _ in 0..<2 {
                hub.clock.advance(by: 3600)
                #expect(try await service.runDue() == 1)
            }
            let schedule = try #require(try await hub.store.schedule(ofDoc: hub.doc))
            #expect(schedule.status == .disabled && schedule.disabledReason == "Failed 2 runs in a row." && schedule.nextRunAt == nil)
            hub.clock.advance(by: 3600)
            #expect(try await service.runDue() == 0)
        }
    }

    @Test func anOwnerDeactivatedDisablesTheScheduleAtItsNextFire() async throws {
        try await withHub { hub in
            _ = try await hub.addCells(["SELECT 1"])
            let owner = try await hub.store.createUser(username: "ann", displayName: "Ann", passwordHash: nil, isAdmin: false)
            try await hub.schedule(owner: owner.id)
            _ = try await hub.store.updateUser(owner.id, UserChanges(active: false))
            hub.clock.advance(by: 3600)
            _ = try await hub.service().runDue()
            let schedule = try #require(try await hub.store.schedule(ofDoc: hub.doc))
            #expect(schedule.status == .disabled && schedule.disabledReason == "Its owner was deactivated.")
            #expect(try await hub.runs().isEmpty)
        }
    }

    @Test func firesMissedWhileDownRunOnceAsCatchUp() async throws {
        try await withHub { hub in
            _ = try await hub.addCells(["SELECT 1"])
            try await hub.schedule()
            hub.clock.advance(by: 5 * 3600 + 120)  // five fires missed while "down"
            let service = hub.service()  // starts now
            #expect(try await service.runDue() == 1)
            #expect(try await service.runDue() == 0)
            let runs = try await hub.runs()
            #expect(runs.count == 1 && runs[0].trigger == .catchUp && runs[0].status == .done)
            #expect(runs[0].scheduledFor == Self.start.addingTimeInterval(5 * 3600))
            #expect(try await hub.store.schedule(ofDoc: hub.doc)?.nextRunAt == Self.start.addingTimeInterval(6 * 3600))
        }
    }

    @Test func twoServicesOnOneStoreNeverRunOneFireTwice() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT count(*) FROM events"])
            try await hub.schedule()
            let (first, second) = (hub.service(), hub.service())
            hub.clock.advance(by: 3600)
            async let a = first.runDue()
            async let b = second.runDue()
            let claimed = try await a + b
            #expect(claimed == 1)
            #expect(try await hub.runs().count == 1)
            #expect(try await hub.store.executionIDs(ofCell: cells[0].id, limit: 10).count == 1)
        }
    }

    @Test func aRunStopsAtTheFirstFailingCell() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT 1", "SELECT * FROM missing", "SELECT 3"])
            try await hub.schedule()
            hub.clock.advance(by: 3600)
            _ = try await hub.service().runDue()
            let run = try #require(try await hub.runs().first)
            #expect(run.status == .failed && run.failedCellID == cells[1].id)
            #expect(run.cells.map(\.status) == ["done", "failed", "skipped"])
            #expect(run.cells[2].executionID == nil)
            #expect(try await hub.store.executionIDs(ofCell: cells[2].id, limit: 10).isEmpty)
        }
    }

    @Test func exportsAreWrittenWithTheResultsExporters() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT 0 AS ignored; SELECT 1 AS a, 'x,y' AS b", "SELECT 2 AS c"])
            try await hub.schedule(exports: [
                ScheduleExport(cellID: cells[0].id, format: .csv), ScheduleExport(cellID: cells[1].id, format: .xlsx),
            ])
            hub.clock.advance(by: 3600)
            _ = try await hub.service().runDue()
            let run = try #require(try await hub.runs().first)
            #expect(run.exports.count == 2 && run.exports.allSatisfy { $0.error == nil })
            let csvPath = try #require(run.exports[0].path)
            #expect(csvPath == "doc-\(hub.doc)/\(cells[0].id)-20270115-090000.csv")
            let csv = try String(contentsOf: hub.exports.appending(path: csvPath), encoding: .utf8)
            #expect(csv.replacingOccurrences(of: "\r\n", with: "\n") == "a,b\n1,\"x,y\"\n")
            let xlsx = try Data(contentsOf: hub.exports.appending(path: try #require(run.exports[1].path)))
            #expect(xlsx.prefix(2) == Data("PK".utf8))
        }
    }

    @Test func theNotifierHearsHowTheRunWentAndItsOutcomesAreKept() async throws {
        try await withHub { hub in
            let cells = try await hub.addCells(["SELECT 1", "SELECT * FROM missing"])
            try await hub.schedule(
                retries: 1, notify: NotifySettings(on: .failure, webhookURL: "https://hooks.example.com/x", emails: ["a@example.com"]))
            let service = hub.service()
            hub.clock.advance(by: 3600)
            _ = try await service.runDue()
            #expect(hub.notifier.notices.withLock { $0.isEmpty })  // retrying: not the end yet
            hub.clock.advance(by: 10)
            _ = try await service.runDue()
            let notices = hub.notifier.notices.withLock { $0 }
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            #expect(!notice.succeeded && notice.attempts == 2 && notice.cellCount == 2 && notice.docTitle == "Nightly")
            #expect(notice.trigger == "schedule" && notice.failedCell?.cell == cells[1].id)
            #expect(notice.failedCell?.error.contains("missing") == true)
            let run = try #require(try await hub.runs().first)
            #expect(notice.runID == run.id.rawValue)
            #expect(run.notifications.map(\.target) == ["hooks.example.com"] && run.notifications.allSatisfy(\.sent))
        }
    }

    @Test func successIsNotNotifiedWhenOnlyFailuresAre() async throws {
        try await withHub { hub in
            _ = try await hub.addCells(["SELECT 1"])
            try await hub.schedule(notify: NotifySettings(on: .failure, webhookURL: "https://hooks.example.com/x"))
            hub.clock.advance(by: 3600)
            _ = try await hub.service().runDue()
            #expect(hub.notifier.notices.withLock { $0.isEmpty })
            #expect(try await hub.runs().first?.notifications == [])
        }
    }
}
