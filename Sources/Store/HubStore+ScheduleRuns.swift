import Core
import Foundation
import GRDB

/// The fire times a claim needs, computed by the caller (the Scheduling module).
public struct FireTimes: Sendable {
    /// The schedule's first fire strictly after the instant, or `nil` for none.
    public var next: @Sendable (Schedule, Date) -> Date?
    /// The latest slot of the schedule in `from...until` (`from` itself when none is later):
    /// what a catch-up run renders its templates at.
    public var latestSlot: @Sendable (Schedule, Date, Date) -> Date

    public init(next: @escaping @Sendable (Schedule, Date) -> Date?, latestSlot: @escaping @Sendable (Schedule, Date, Date) -> Date) {
        self.next = next
        self.latestSlot = latestSlot
    }
}

/// What claiming a due fire came to.
public enum ScheduleClaim: Sendable, Equatable {
    /// An attempt began (attempt ``ScheduleRun/attempt``): run `cells` in order. `abandoned`
    /// are unfinished runs of an attempt whose worker died, to be cancelled.
    case attempt(job: Job, schedule: Schedule, run: ScheduleRun, cells: [Cell], abandoned: [ExecutionID])
    /// The fire ended without an attempt: a run whose worker died with no attempts left
    /// failed, or the schedule was disabled (its owner was deactivated).
    case ended(schedule: Schedule, run: ScheduleRun?)
    /// Nothing to do (the schedule is gone, or no longer active).
    case skipped
}

/// How an attempt ended, as the service reports it.
public struct ScheduleAttemptOutcome: Sendable {
    public var cells: [ScheduleRunCell]
    /// `nil` when every cell succeeded.
    public var error: String?
    public var failedCellID: CellID?
    /// When the last attempt ended (the notice's `finishedAt`); exports and notifications
    /// come after it.
    public var finishedAt: Date?
    public var exports: [ScheduleExportOutcome]
    public var notifications: [NotificationOutcome]

    public init(
        cells: [ScheduleRunCell], error: String?, failedCellID: CellID?, finishedAt: Date? = nil,
        exports: [ScheduleExportOutcome] = [], notifications: [NotificationOutcome] = []
    ) {
        self.cells = cells
        self.error = error
        self.failedCellID = failedCellID
        self.finishedAt = finishedAt
        self.exports = exports
        self.notifications = notifications
    }
}

extension HubStore {
    /// Queues a run of `doc`'s schedule now (trigger `manual`), whatever its status.
    /// - Throws: ``StoreError/conflict(_:)`` when a run of it is queued or running,
    ///   ``StoreError/notFound(entity:id:)`` when the doc has no schedule.
    public func requestScheduleRun(ofDoc doc: DocID) async throws -> ScheduleRun {
        let now = clock.now()
        return try await write { db in
            let schedule = try Self.requireSchedule(ofDoc: doc, db)
            guard try Self.openRun(schedule.id, db) == nil else {
                throw StoreError.conflict("A run of this schedule is already queued or running.")
            }
            try Self.scheduleFire(schedule.id, at: now, now: now, db)
            return try Self.insertRun(schedule, trigger: .manual, scheduledFor: now, now: now, db)
        }
    }

    /// Claims the next due fire for `owner` under a lease of `lease` seconds and, in the same
    /// transaction, begins its attempt: the schedule's open run goes on (a retry, a manual
    /// run, or an attempt whose worker died: that one counts), or a new run starts (trigger
    /// `catch-up` when the fire was due before `serviceStart`, else `schedule`).
    public func claimScheduleFire(owner: String, lease: Double, serviceStart: Date, times: FireTimes) async throws
        -> ScheduleClaim?
    {
        let now = clock.now()
        let kind = Self.scheduleFireJobKind
        let dueSQL = """
            FROM job WHERE kind = ? AND attempts < maxAttempts
              AND ((status = 'queued' AND runAfter <= ?) OR (status = 'running' AND leaseExpiresAt < ?))
            """
        let due = try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 \(dueSQL))", arguments: [kind, now, now]) ?? false
        }
        guard due else { return nil }  // asked every poll: only a due fire costs a write
        return try await write { db in
            guard var job = try Job.fetchOne(db, sql: "SELECT * \(dueSQL) ORDER BY runAfter, id LIMIT 1", arguments: [kind, now, now])
            else { return nil }
            let wasRunning = job.status == .running
            job = try Self.lease(&job, to: owner, until: now.addingTimeInterval(lease), db)
            guard let id = ScheduleID(job.payload), var schedule = try? Self.requireSchedule(id, db) else {
                try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [job.id])
                return .skipped
            }
            var open = try Self.openRun(schedule.id, db)
            let ownerActive = try Bool.fetchOne(db, sql: "SELECT active FROM user WHERE id = ?", arguments: [schedule.ownerID]) ?? false
            if !ownerActive {
                let reason = "Its owner was deactivated."
                if var run = open {
                    run = try Self.endRun(run, status: .failed, error: reason, now: now, db)
                    open = run
                }
                try db.execute(
                    sql: "UPDATE schedule SET status = 'disabled', disabledReason = ?, nextRunAt = NULL, updatedAt = ? WHERE id = ?",
                    arguments: [reason, now, schedule.id])
                try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [job.id])
                return .ended(schedule: try Self.requireSchedule(schedule.id, db), run: open)
            }
            if let run = open, wasRunning, run.status == .running, run.attempt > schedule.retries {
                let ended = try Self.endRun(run, status: .failed, error: "The server stopped during the run.", now: now, db)
                schedule = try Self.afterRun(schedule, succeeded: false, job: job, times: times, now: now, db)
                return .ended(schedule: schedule, run: ended)
            }
            let abandoned = (open?.cells ?? []).compactMap { cell in
                ["queued", "running"].contains(cell.status) ? cell.executionID : nil
            }
            var run: ScheduleRun
            if let open {
                run = open
            } else {
                guard schedule.status == .active else {
                    try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [job.id])
                    return .skipped
                }
                let catchUp = job.runAfter < serviceStart
                let slot = catchUp ? times.latestSlot(schedule, job.runAfter, now) : job.runAfter
                run = try Self.insertRun(schedule, trigger: catchUp ? .catchUp : .schedule, scheduledFor: slot, now: now, db)
            }
            let cells = try Cell.fetchAll(
                db, sql: "SELECT * FROM cell WHERE docID = ? AND kind = 'query' ORDER BY position", arguments: [schedule.docID])
            run.attempt += 1
            run.status = .running
            run.startedAt = run.startedAt ?? now
            run.error = nil
            run.failedCellID = nil
            run.nextAttemptAt = nil
            run.cells = cells.map { ScheduleRunCell(cellID: $0.id) }
            try db.execute(
                sql: """
                    UPDATE scheduleRun SET status = 'running', attempt = ?, startedAt = ?, error = NULL, failedCellID = NULL,
                      nextAttemptAt = NULL, cells = ? WHERE id = ?
                    """,
                arguments: [run.attempt, run.startedAt, try Self.json(run.cells), run.id])
            if schedule.status == .active {
                schedule.nextRunAt = times.next(schedule, now)
                try db.execute(sql: "UPDATE schedule SET nextRunAt = ? WHERE id = ?", arguments: [schedule.nextRunAt, schedule.id])
            }
            return .attempt(job: job, schedule: schedule, run: run, cells: cells, abandoned: abandoned)
        }
    }

    /// Records the cells of a run's attempt as it goes.
    public func updateScheduleRunCells(_ run: ScheduleRunID, cells: [ScheduleRunCell]) async throws {
        let cellsJSON = try Self.json(cells)
        try await write { db in
            try db.execute(
                sql: "UPDATE scheduleRun SET cells = ? WHERE id = ? AND status = 'running'", arguments: [cellsJSON, run])
        }
    }

    /// Ends the attempt `owner` holds as `job`: a failure with attempts left makes the run
    /// `retrying`, its next attempt due after `retryDelaySeconds × 2^(attempt−1)`; otherwise
    /// the run ends `done` or `failed` with its exports and notifications, the schedule's
    /// failure count moves (disabling it after `disableAfterFailures` in a row), and its next
    /// fire is queued from now. One transaction. Returns `nil`, changing nothing, when the
    /// lease was lost or the schedule is gone.
    public func finishScheduleAttempt(
        _ run: ScheduleRun, job: Job, owner: String, outcome: ScheduleAttemptOutcome, times: FireTimes
    ) async throws -> (schedule: Schedule, run: ScheduleRun)? {
        let now = clock.now()
        return try await write { db in
            let held = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM job WHERE id = ? AND leaseOwner = ? AND status = 'running')",
                arguments: [job.id, owner]) ?? false
            guard held, let schedule = try? Self.requireSchedule(run.scheduleID, db) else { return nil }
            var updated = run
            updated.cells = outcome.cells
            updated.error = outcome.error
            updated.failedCellID = outcome.failedCellID
            let cellsJSON = try Self.json(outcome.cells)
            if outcome.error != nil, run.attempt <= schedule.retries {
                let delay = Double(schedule.retryDelaySeconds) * pow(2, Double(run.attempt - 1))
                let due = now.addingTimeInterval(delay)
                updated.status = .retrying
                updated.nextAttemptAt = due
                try db.execute(
                    sql: """
                        UPDATE scheduleRun SET status = 'retrying', error = ?, failedCellID = ?, cells = ?, nextAttemptAt = ?
                        WHERE id = ?
                        """,
                    arguments: [outcome.error, outcome.failedCellID, cellsJSON, due, run.id])
                try db.execute(
                    sql: "UPDATE job SET status = 'queued', attempts = 0, runAfter = ?, leaseOwner = NULL, leaseExpiresAt = NULL WHERE id = ?",
                    arguments: [due, job.id])
                return (schedule, updated)
            }
            updated.status = outcome.error == nil ? .done : .failed
            updated.finishedAt = outcome.finishedAt ?? now
            updated.exports = outcome.exports
            updated.notifications = outcome.notifications
            try db.execute(
                sql: """
                    UPDATE scheduleRun SET status = ?, error = ?, failedCellID = ?, cells = ?, finishedAt = ?, exports = ?,
                      notifications = ?, nextAttemptAt = NULL WHERE id = ?
                    """,
                arguments: [
                    updated.status, outcome.error, outcome.failedCellID, cellsJSON, updated.finishedAt,
                    try Self.json(outcome.exports), try Self.json(outcome.notifications), run.id,
                ])
            let after = try Self.afterRun(schedule, succeeded: outcome.error == nil, job: job, times: times, now: now, db)
            return (after, updated)
        }
    }

    /// Stores the notification outcomes of a run that ended without an attempt.
    public func recordScheduleRunNotifications(_ run: ScheduleRunID, _ outcomes: [NotificationOutcome]) async throws {
        let json = try Self.json(outcomes)
        try await write { db in
            try db.execute(sql: "UPDATE scheduleRun SET notifications = ? WHERE id = ?", arguments: [json, run])
        }
    }

    /// A schedule's runs, newest first, at most `limit` from `offset`, and how many there are.
    public func scheduleRuns(_ schedule: ScheduleID, limit: Int, offset: Int) async throws -> (runs: [ScheduleRun], total: Int) {
        try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM scheduleRun WHERE scheduleID = ?", arguments: [schedule]) ?? 0
            let runs = try Row.fetchAll(
                db, sql: "SELECT * FROM scheduleRun WHERE scheduleID = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: [schedule, limit, offset]
            ).map(Self.run(row:))
            return (runs, total)
        }
    }

    /// The run with `id`, if any.
    public func scheduleRun(_ id: ScheduleRunID) async throws -> ScheduleRun? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM scheduleRun WHERE id = ?", arguments: [id]).map(Self.run(row:)) }
    }

    /// The newest run of each of `schedules`.
    public func lastScheduleRuns(_ schedules: [ScheduleID]) async throws -> [ScheduleID: ScheduleRun] {
        guard !schedules.isEmpty else { return [:] }
        let ids = try Self.json(schedules.map(\.rawValue))
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM scheduleRun WHERE id IN (
                      SELECT max(id) FROM scheduleRun WHERE scheduleID IN (SELECT value FROM json_each(?)) GROUP BY scheduleID)
                    """,
                arguments: [ids])
            var runs: [ScheduleID: ScheduleRun] = [:]
            for row in rows {
                let run = try Self.run(row: row)
                runs[run.scheduleID] = run
            }
            return runs
        }
    }

    // MARK: - Helpers (inside a write)

    static func openRun(_ schedule: ScheduleID, _ db: Database) throws -> ScheduleRun? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM scheduleRun WHERE scheduleID = ? AND status IN ('queued', 'running', 'retrying')",
            arguments: [schedule]
        ).map(run(row:))
    }

    static func insertRun(_ schedule: Schedule, trigger: ScheduleTrigger, scheduledFor: Date, now: Date, _ db: Database) throws
        -> ScheduleRun
    {
        try db.execute(
            sql: """
                INSERT INTO scheduleRun (scheduleID, docID, "trigger", status, attempt, scheduledFor, createdAt)
                VALUES (?, ?, ?, 'queued', 0, ?, ?)
                """,
            arguments: [schedule.id, schedule.docID, trigger, scheduledFor, now])
        return ScheduleRun(
            id: ScheduleRunID(db.lastInsertedRowID), scheduleID: schedule.id, docID: schedule.docID, trigger: trigger,
            status: .queued, attempt: 0, scheduledFor: scheduledFor, createdAt: now)
    }

    static func endRun(_ run: ScheduleRun, status: ScheduleRunStatus, error: String?, now: Date, _ db: Database) throws -> ScheduleRun {
        var ended = run
        ended.status = status
        ended.error = error
        ended.finishedAt = now
        ended.nextAttemptAt = nil
        try db.execute(
            sql: "UPDATE scheduleRun SET status = ?, error = ?, finishedAt = ?, nextAttemptAt = NULL WHERE id = ?",
            arguments: [status, error, now, run.id])
        return ended
    }

    /// A run ended: counts the failure (or clears the count), disables the schedule after too
    /// many, and queues its next fire (reusing `job`) or drops the job when it is not active.
    static func afterRun(_ schedule: Schedule, succeeded: Bool, job: Job, times: FireTimes, now: Date, _ db: Database) throws
        -> Schedule
    {
        let failures = succeeded ? 0 : schedule.consecutiveFailures + 1
        var status = schedule.status
        var reason = schedule.disabledReason
        if !succeeded, schedule.disableAfterFailures > 0, failures >= schedule.disableAfterFailures, status == .active {
            status = .disabled
            reason = failures == 1 ? "Failed 1 run in a row." : "Failed \(failures) runs in a row."
        }
        let next = status == .active ? times.next(schedule, now) : nil
        try db.execute(
            sql: """
                UPDATE schedule SET consecutiveFailures = ?, status = ?, disabledReason = ?, nextRunAt = ?, updatedAt = ?
                WHERE id = ?
                """,
            arguments: [failures, status, reason, next, now, schedule.id])
        if let next {
            try db.execute(
                sql: "UPDATE job SET status = 'queued', attempts = 0, runAfter = ?, leaseOwner = NULL, leaseExpiresAt = NULL WHERE id = ?",
                arguments: [next, job.id])
        } else {
            try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [job.id])
        }
        return try requireSchedule(schedule.id, db)
    }

    static func run(row: Row) throws -> ScheduleRun {
        ScheduleRun(
            id: row["id"], scheduleID: row["scheduleID"], docID: row["docID"], trigger: row["trigger"], status: row["status"],
            attempt: row["attempt"], scheduledFor: row["scheduledFor"], startedAt: row["startedAt"], finishedAt: row["finishedAt"],
            error: row["error"], failedCellID: row["failedCellID"], cells: try decode(row["cells"]),
            notifications: try decode(row["notifications"]), exports: try decode(row["exports"]),
            nextAttemptAt: row["nextAttemptAt"], createdAt: row["createdAt"])
    }
}
