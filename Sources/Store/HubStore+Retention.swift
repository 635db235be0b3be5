import Core
import Foundation
import GRDB

extension HubStore {
    /// The current time by the store's clock (tests inject one).
    public var now: Date { clock.now() }

    /// The runs whose results retention should remove: finished before `cutoff`, results
    /// still kept; oldest first, at most `limit`.
    public func runsWithResults(finishedBefore cutoff: Date, limit: Int) async throws -> [ExecutionID] {
        try await read { db in
            try ExecutionID.fetchAll(
                db,
                sql: """
                    SELECT id FROM execution
                    WHERE resultExpiredAt IS NULL AND finishedAt IS NOT NULL AND finishedAt < ?
                      AND status IN ('done', 'failed', 'cancelled')
                    ORDER BY finishedAt, id LIMIT ?
                    """,
                arguments: [cutoff, limit])
        }
    }

    /// Records that the results of `ids` were removed; their statements, counts and errors stay.
    public func markResultsExpired(_ ids: [ExecutionID]) async throws {
        guard !ids.isEmpty else { return }
        let now = clock.now()
        let idsJSON = String(decoding: try JSONEncoder().encode(ids.map(\.rawValue)), as: UTF8.self)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE execution SET resultExpiredAt = ?
                    WHERE id IN (SELECT value FROM json_each(?)) AND resultExpiredAt IS NULL
                    """,
                arguments: [now, idsJSON])
        }
    }

    /// Queues one job of `kind` due now unless one is already queued or running: a job that
    /// re-queues itself (a periodic sweep) is started once however many processes start.
    public func ensurePeriodicJob(kind: String) async throws {
        let now = clock.now()
        try await write { db in
            let pending = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM job WHERE kind = ? AND status IN ('queued', 'running'))",
                arguments: [kind]) ?? false
            if !pending { _ = try Self.enqueueJob(db, kind: kind, payload: "", now: now) }
        }
    }

    /// Completes the periodic `job` `owner` holds and queues its next turn `interval` seconds
    /// from now, in one transaction (so the chain is never lost nor doubled).
    public func completePeriodicJob(_ job: Job, owner: String, interval: Double) async throws {
        let now = clock.now()
        try await write { db in
            guard try Self.completeJob(job.id, owner: owner, db) else { return }
            var next = try Self.enqueueJob(db, kind: job.kind, payload: job.payload, now: now)
            next.runAfter = now.addingTimeInterval(interval)
            try next.update(db)
        }
    }
}
