import Core
import Foundation
import GRDB

extension ScheduleStatus: DatabaseValueConvertible {}
extension ScheduleTrigger: DatabaseValueConvertible {}
extension ScheduleRunStatus: DatabaseValueConvertible {}

/// A schedule with its doc's title, as lists show it.
public struct ScheduleListing: Sendable, Hashable {
    public var schedule: Schedule
    public var docTitle: String
}

/// Doc schedules (issue 9). Each active schedule has exactly one pending `schedule.fire` job
/// (payload: the schedule id; `runAfter`: its next fire, or a retry, or a manual run's "now").
/// Every change here is one transaction that keeps the schedule row and its job in step; the
/// caller computes fire times (the Scheduling module), handed in as `nextFire(now)`.
extension HubStore {
    public static let scheduleFireJobKind = "schedule.fire"

    /// Creates or replaces `doc`'s schedule from `draft`; `owner` (the saver) becomes its
    /// owner. A paused or disabled schedule stays so; an active one (or a new one) gets its
    /// next fire from `nextFire(now)` (`nil`: never fires again).
    /// - Throws: ``StoreError/notFound(entity:id:)`` for no such doc.
    public func saveSchedule(
        doc: DocID, draft: ScheduleDraft, owner: UserID, nextFire: @escaping @Sendable (Date) -> Date?
    ) async throws -> Schedule {
        let now = clock.now()
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM doc WHERE id = ?)", arguments: [doc]) == true else {
                throw StoreError.notFound(entity: "doc", id: doc.rawValue)
            }
            let notify = try Self.json(draft.notify)
            let exports = try Self.json(draft.exports)
            if var schedule = try Self.schedule(ofDoc: doc, db) {
                let next = schedule.status == .active ? nextFire(now) : nil
                try db.execute(
                    sql: """
                        UPDATE schedule SET ownerID = ?, cron = ?, timezone = ?, retries = ?, retryDelaySeconds = ?,
                          disableAfterFailures = ?, notify = ?, exports = ?, nextRunAt = ?, updatedAt = ? WHERE id = ?
                        """,
                    arguments: [
                        owner, draft.cron, draft.timezone, draft.retries, draft.retryDelaySeconds,
                        draft.disableAfterFailures, notify, exports, next, now, schedule.id,
                    ])
                if schedule.status == .active { try Self.scheduleFire(schedule.id, at: next, now: now, db) }
                schedule = try Self.requireSchedule(schedule.id, db)
                return schedule
            }
            let next = nextFire(now)
            try db.execute(
                sql: """
                    INSERT INTO schedule (docID, ownerID, cron, timezone, status, retries, retryDelaySeconds,
                      disableAfterFailures, notify, exports, nextRunAt, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    doc, owner, draft.cron, draft.timezone, draft.retries, draft.retryDelaySeconds,
                    draft.disableAfterFailures, notify, exports, next, now, now,
                ])
            let id = ScheduleID(db.lastInsertedRowID)
            try Self.scheduleFire(id, at: next, now: now, db)
            return try Self.requireSchedule(id, db)
        }
    }

    /// `doc`'s schedule, if it has one.
    public func schedule(ofDoc doc: DocID) async throws -> Schedule? {
        try await read { db in try Self.schedule(ofDoc: doc, db) }
    }

    /// The schedule with `id`, if any.
    public func schedule(_ id: ScheduleID) async throws -> Schedule? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE id = ?", arguments: [id]).map(Self.schedule(row:)) }
    }

    /// Removes `doc`'s schedule with its runs and its pending fire. A run in flight finds it
    /// gone when it ends and records nothing. Returns `false` when there was none.
    @discardableResult
    public func deleteSchedule(ofDoc doc: DocID) async throws -> Bool {
        try await write { db in
            guard let schedule = try Self.schedule(ofDoc: doc, db) else { return false }
            try Self.dropFire(schedule.id, db)
            try db.execute(sql: "DELETE FROM schedule WHERE id = ?", arguments: [schedule.id])
            return true
        }
    }

    /// Pauses `doc`'s schedule: no more fires until resumed (a run in flight finishes).
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the doc has no schedule.
    public func pauseSchedule(ofDoc doc: DocID) async throws -> Schedule {
        let now = clock.now()
        return try await write { db in
            let schedule = try Self.requireSchedule(ofDoc: doc, db)
            try db.execute(
                sql: "UPDATE schedule SET status = 'paused', nextRunAt = NULL, updatedAt = ? WHERE id = ?",
                arguments: [now, schedule.id])
            try Self.dropFire(schedule.id, db)
            // A run waiting for its retry (or a manual run not yet started) will not run now.
            if let run = try Self.openRun(schedule.id, db), run.status != .running {
                _ = try Self.endRun(run, status: .failed, error: "The schedule was paused before the run could go on.", now: now, db)
            }
            return try Self.requireSchedule(schedule.id, db)
        }
    }

    /// Resumes `doc`'s paused or disabled schedule: clears its failures and reason, and queues
    /// its next fire, `nextFire(schedule, now)`.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the doc has no schedule.
    public func resumeSchedule(ofDoc doc: DocID, nextFire: @escaping @Sendable (Schedule, Date) -> Date?) async throws -> Schedule {
        let now = clock.now()
        return try await write { db in
            let schedule = try Self.requireSchedule(ofDoc: doc, db)
            let next = nextFire(schedule, now)
            try db.execute(
                sql: """
                    UPDATE schedule SET status = 'active', disabledReason = NULL, consecutiveFailures = 0, nextRunAt = ?,
                      updatedAt = ? WHERE id = ?
                    """,
                arguments: [next, now, schedule.id])
            try Self.scheduleFire(schedule.id, at: next, now: now, db)
            return try Self.requireSchedule(schedule.id, db)
        }
    }

    /// The schedules of docs `user` may read, with their docs' titles, next fire first (those
    /// with none last), at most `limit` from `offset`, and how many there are.
    public func schedules(readableBy user: User, limit: Int, offset: Int) async throws -> (listings: [ScheduleListing], total: Int) {
        let readable = Self.readableDocCondition(user)
        return try await read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM schedule s JOIN doc d ON d.id = s.docID WHERE \(readable.sql)",
                arguments: readable.arguments) ?? 0
            var arguments = readable.arguments
            arguments += [limit, offset]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, d.title AS docTitle FROM schedule s JOIN doc d ON d.id = s.docID WHERE \(readable.sql)
                    ORDER BY s.nextRunAt IS NULL, s.nextRunAt, s.id LIMIT ? OFFSET ?
                    """,
                arguments: arguments)
            return (try rows.map { ScheduleListing(schedule: try Self.schedule(row: $0), docTitle: $0["docTitle"]) }, total)
        }
    }

    // MARK: - Rows and the fire job

    static func schedule(ofDoc doc: DocID, _ db: Database) throws -> Schedule? {
        try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE docID = ?", arguments: [doc]).map(schedule(row:))
    }

    static func requireSchedule(ofDoc doc: DocID, _ db: Database) throws -> Schedule {
        guard let schedule = try schedule(ofDoc: doc, db) else { throw StoreError.notFound(entity: "schedule of doc", id: doc.rawValue) }
        return schedule
    }

    static func requireSchedule(_ id: ScheduleID, _ db: Database) throws -> Schedule {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "schedule", id: id.rawValue)
        }
        return try schedule(row: row)
    }

    static func schedule(row: Row) throws -> Schedule {
        Schedule(
            id: row["id"], docID: row["docID"], ownerID: row["ownerID"], cron: row["cron"], timezone: row["timezone"],
            status: row["status"], disabledReason: row["disabledReason"], retries: row["retries"],
            retryDelaySeconds: row["retryDelaySeconds"], disableAfterFailures: row["disableAfterFailures"],
            consecutiveFailures: row["consecutiveFailures"], notify: try decode(row["notify"]), exports: try decode(row["exports"]),
            nextRunAt: row["nextRunAt"], createdAt: row["createdAt"], updatedAt: row["updatedAt"])
    }

    /// Makes the schedule's one pending fire due at `at` (`nil`: drops it): moves the queued
    /// job, or adds one. A running job (a run in flight) is left alone: its end queues the
    /// next fire from the schedule as it then stands.
    static func scheduleFire(_ schedule: ScheduleID, at: Date?, now: Date, _ db: Database) throws {
        guard let at else { return try dropFire(schedule, db) }
        // A queued manual run or a retry owns the pending job's time.
        guard try openRun(schedule, db) == nil else { return }
        let running = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM job WHERE kind = ? AND payload = ? AND status = 'running')",
            arguments: [scheduleFireJobKind, schedule.description]) ?? false
        guard !running else { return }
        // Attempts of a fire are counted by its run, not by the job: allow plenty.
        try moveOrEnqueueJob(
            kind: scheduleFireJobKind, payload: schedule.description, at: at, now: now, maxAttempts: 1000, resetAttempts: true, db)
    }

    /// Drops the schedule's queued fire (a running one ends on its own).
    static func dropFire(_ schedule: ScheduleID, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM job WHERE kind = ? AND payload = ? AND status = 'queued'",
            arguments: [scheduleFireJobKind, schedule.description])
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
