import Core
import Foundation
import Logging
import Realtime
import Results
import ServiceLifecycle
import Store
import Synchronization

/// Runs scheduled docs: claims due `schedule.fire` jobs from the store's durable queue (one
/// pending per active schedule), runs the doc's query cells in position order through
/// ``ExecutionService/submit(engine:query:cell:owner:)`` as the schedule's owner, each
/// rendered by the injected ``QueryRendering`` at the run's slot, waiting for each; the first
/// failure ends the attempt. A failed attempt is retried after `retryDelaySeconds ×
/// 2^(attempt−1)` up to `retries` times; after the last, exports are written, the notifier is
/// called when `notify.on` applies, and its outcomes are stored with the run.
///
/// The job's lease, renewed while an attempt runs, keeps two processes on one data dir from
/// running one fire twice; an attempt whose process died is taken over once its lease
/// expires, and counts. A fire that was due before this service started runs once as
/// `catch-up`; the next fire is computed from now. A `Service`: it stops on graceful
/// shutdown (an attempt in flight is abandoned and taken over after a restart).
public final class ScheduleService: Service, Sendable {
    let executions: ExecutionService
    let store: HubStore
    let results: ResultStore
    let broker: EventBroker
    let renderer: (any QueryRendering)?
    let notifier: any ScheduleNotifying
    let clock: any WallClock
    let exporter: ScheduleExporter
    let pollInterval: Double
    let lease: Double
    let concurrency: Int
    let logger: Logger
    /// Fires due before this instant were missed while the hub was down: `catch-up`.
    let startedAt: Date
    let owner = "schedule:\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"

    /// - Parameters:
    ///   - renderer: renders each cell's template; `nil` runs the cells' text as written (the
    ///     hub logs this once at start).
    ///   - exportDirectory: the root of `doc-<id>/<cell-id>-<yyyyMMdd-HHmmss>.<ext>`.
    ///   - concurrency: schedules run at once by this process.
    public init(
        executions: ExecutionService, renderer: (any QueryRendering)?, notifier: any ScheduleNotifying, clock: any WallClock,
        exportDirectory: URL, pollInterval: Double = 1, lease: Double? = nil, concurrency: Int = 4, logger: Logger
    ) {
        self.executions = executions
        self.store = executions.store
        self.results = executions.results
        self.broker = executions.broker
        self.renderer = renderer
        self.notifier = notifier
        self.clock = clock
        self.exporter = ScheduleExporter(store: executions.store, results: executions.results, root: exportDirectory)
        self.pollInterval = max(0.05, pollInterval)
        self.lease = max(1, lease ?? executions.settings.jobLease)
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.startedAt = clock.now()
    }

    /// Looks for due fires every `pollInterval` until shutdown.
    public func run() async throws {
        if renderer == nil {
            logger.warning("Scheduled runs run their cells as written: no query template renderer is configured.")
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.runDue()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("Scheduled runs failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(self.pollInterval))
            }
        }
    }

    /// Claims and runs every due fire (up to `concurrency` at once) until none is left, and
    /// returns how many were claimed. A retry due later is left for a later call.
    @discardableResult
    public func runDue() async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var active = 0
            var count = 0
            var more = true
            while more || active > 0 {
                while more, active < concurrency, !Task.isCancelled {
                    guard let claim = try await store.claimScheduleFire(
                        owner: owner, lease: lease, serviceStart: startedAt, times: ScheduleTimes.fireTimes)
                    else {
                        more = false
                        break
                    }
                    count += 1
                    active += 1
                    group.addTask { await self.handle(claim) }
                }
                guard active > 0 else { break }
                _ = try await group.next()
                active -= 1
                // A finished fire may have queued work that is due at once (a manual run's successor).
                if !Task.isCancelled { more = true }
            }
            return count
        }
    }

    private func handle(_ claim: ScheduleClaim) async {
        switch claim {
        case .skipped:
            return
        case .ended(let schedule, let run):
            if let run {
                logger.info("Scheduled run ended without an attempt", metadata: ["schedule": "\(schedule.id)", "run": "\(run.id)"])
                if run.status == .failed {
                    let outcomes = await notify(schedule, run: run, cells: [])
                    if !outcomes.isEmpty { try? await store.recordScheduleRunNotifications(run.id, outcomes) }
                }
            }
            await publish(schedule, run: run)
        case .attempt(let job, let schedule, let run, let cells, let abandoned):
            for id in abandoned { _ = try? await executions.cancel(id) }
            await publish(schedule, run: run)
            await attempt(job: job, schedule: schedule, run: run, cells: cells)
        }
    }

    /// Runs one attempt under `job`'s lease and records how it ended.
    private func attempt(job: Job, schedule: Schedule, run: ScheduleRun, cells: [Cell]) async {
        let leaseLost = LeaseFlag()
        let outcome: ScheduleAttemptOutcome = await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepLease(job, lost: leaseLost) }
            defer { group.cancelAll() }
            return await runCells(cells, schedule: schedule, run: run)
        }
        // Shutting down, or another worker took the fire over: it is theirs now.
        if Task.isCancelled || leaseLost.isLost { return }
        var final = outcome
        let lastAttempt = outcome.error == nil || run.attempt > schedule.retries
        if lastAttempt {
            final.finishedAt = clock.now()
            var ended = run
            ended.cells = outcome.cells
            ended.error = outcome.error
            ended.failedCellID = outcome.failedCellID
            ended.status = outcome.error == nil ? .done : .failed
            ended.finishedAt = final.finishedAt
            final.exports = await exporter.write(schedule.exports, run: ended, zone: schedule.timezone)
            final.notifications = await notify(schedule, run: ended, cells: cells)
        }
        do {
            guard
                let ended = try await store.finishScheduleAttempt(
                    run, job: job, owner: owner, outcome: final, times: ScheduleTimes.fireTimes)
            else { return }
            let (after, recorded) = ended
            logger.info(
                "Scheduled run attempt ended",
                metadata: [
                    "schedule": "\(schedule.id)", "run": "\(run.id)", "attempt": "\(run.attempt)",
                    "status": "\(recorded.status.rawValue)",
                ])
            await publish(after, run: recorded)
        } catch {
            logger.error("Could not record the end of a scheduled run", metadata: ["run": "\(run.id)", "error": "\(error)"])
        }
    }

    /// Delivers the run's notice when the schedule's `notify.on` applies to how it went.
    func notify(_ schedule: Schedule, run: ScheduleRun, cells: [Cell]) async -> [NotificationOutcome] {
        let succeeded = run.status == .done
        guard schedule.notify.on.applies(succeeded: succeeded) else { return [] }
        let title = (try? await store.doc(schedule.docID))?.title ?? ""
        var failed: ScheduleNotice.FailedCell?
        if let cellID = run.failedCellID {
            let cell = cells.first { $0.id == cellID }
            let index = (cells.firstIndex { $0.id == cellID } ?? 0) + 1
            let name = cell.map { $0.title.isEmpty ? "Cell \(index)" : $0.title } ?? "Cell \(index)"
            failed = ScheduleNotice.FailedCell(
                cell: cellID, title: name, error: run.error ?? "", execution: run.cells.first { $0.cellID == cellID }?.executionID)
        }
        let notice = ScheduleNotice(
            doc: schedule.docID, docTitle: title, runID: run.id.rawValue, succeeded: succeeded, trigger: run.trigger.rawValue,
            scheduledFor: run.scheduledFor, startedAt: run.startedAt ?? run.scheduledFor, finishedAt: run.finishedAt ?? clock.now(),
            cellCount: cells.count, attempts: run.attempt, failedCell: failed)
        return await notifier.deliver(notice, settings: schedule.notify)
    }

    private func keepLease(_ job: Job, lost: LeaseFlag) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(lease / 3))
            if Task.isCancelled { return }
            if let held = try? await store.renewLease(job.id, owner: owner, lease: lease), !held {
                lost.markLost()
                return
            }
        }
    }

    /// Publishes the schedule's run on its doc's topic (`schedule.run`), for open doc pages.
    func publish(_ schedule: Schedule, run: ScheduleRun?) async {
        guard let run else { return }
        let data = (try? JSONCoding.string(ScheduleRunSnapshot(run))) ?? "{}"
        _ = await broker.publish(topic: "doc:\(schedule.docID)", name: "schedule.run", data: data)
    }
}

/// Set once the lease of an attempt was lost to another worker.
final class LeaseFlag: Sendable {
    private let lost = Atomic<Bool>(false)
    var isLost: Bool { lost.load(ordering: .acquiring) }
    func markLost() { lost.store(true, ordering: .releasing) }
}
