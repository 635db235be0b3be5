import Core
import Foundation
import GRDB

extension HubStore {
    /// Adds a job to the durable queue on its own (for jobs not tied to another change).
    public func enqueueJob(kind: String, payload: String, maxAttempts: Int = 3) async throws -> Job {
        let now = clock.now()
        return try await write { db in
            try Self.enqueueJob(db, kind: kind, payload: payload, maxAttempts: maxAttempts, now: now)
        }
    }

    /// Claims the oldest ready job of `kinds` for `owner` under a lease of `lease` seconds.
    ///
    /// Ready means queued and due, or running under a lease that expired (its owner died).
    /// A claim counts an attempt; a job whose attempts are used up is not claimed: see
    /// ``failExhaustedJobs(kinds:)``.
    public func claimNextJob(kinds: [String], owner: String, lease: Double) async throws -> Job? {
        let now = clock.now()
        let expires = now.addingTimeInterval(lease)
        let kindsJSON = String(decoding: try JSONEncoder().encode(kinds), as: UTF8.self)
        return try await write { db in
            guard
                var job = try Job.fetchOne(
                    db,
                    sql: """
                        SELECT * FROM job
                        WHERE kind IN (SELECT value FROM json_each(?)) AND attempts < maxAttempts
                          AND ((status = 'queued' AND runAfter <= ?) OR (status = 'running' AND leaseExpiresAt < ?))
                        ORDER BY runAfter, id LIMIT 1
                        """,
                    arguments: [kindsJSON, now, now])
            else { return nil }
            return try Self.lease(&job, to: owner, until: expires, db)
        }
    }

    /// Marks a claimed `job` running under `owner`'s lease until `expires`, counting the
    /// attempt; every claimer ends with this, inside its claiming transaction.
    static func lease(_ job: inout Job, to owner: String, until expires: Date, _ db: Database) throws -> Job {
        job.status = .running
        job.attempts += 1
        job.leaseOwner = owner
        job.leaseExpiresAt = expires
        try job.update(db)
        return job
    }

    /// Extends the lease of a job `owner` holds. Returns `false` when the lease was lost.
    public func renewLease(_ id: JobID, owner: String, lease: Double) async throws -> Bool {
        let expires = clock.now().addingTimeInterval(lease)
        return try await write { db in
            try db.execute(
                sql: "UPDATE job SET leaseExpiresAt = ? WHERE id = ? AND leaseOwner = ? AND status = 'running'",
                arguments: [expires, id, owner])
            return db.changesCount > 0
        }
    }

    /// Marks a job `owner` holds as done.
    public func completeJob(_ id: JobID, owner: String) async throws {
        try await write { db in _ = try Self.completeJob(id, owner: owner, db) }
    }

    /// Marks job `id` done if `owner` still holds it; `false` when it did not.
    static func completeJob(_ id: JobID, owner: String, _ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE job SET status = 'done', leaseOwner = NULL, leaseExpiresAt = NULL
                WHERE id = ? AND leaseOwner = ?
                """,
            arguments: [id, owner])
        return db.changesCount > 0
    }

    /// Marks a job failed for good, with the reason.
    public func failJob(_ id: JobID, error: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE job SET status = 'failed', lastError = ?, leaseOwner = NULL, leaseExpiresAt = NULL WHERE id = ?",
                arguments: [error, id])
        }
    }

    /// Fails the jobs whose lease expired with no attempts left, and returns them, so their
    /// owners' work can be marked failed too.
    public func failExhaustedJobs(kinds: [String]) async throws -> [Job] {
        let now = clock.now()
        return try await write { db in
            var jobs = try Job.filter(kinds.contains(Column("kind")))
                .filter(Column("status") == "running" && Column("leaseExpiresAt") < now)
                .filter(Column("attempts") >= Column("maxAttempts"))
                .fetchAll(db)
            for index in jobs.indices {
                jobs[index].status = .failed
                jobs[index].lastError = "The worker running it stopped \(jobs[index].attempts) times."
                jobs[index].leaseOwner = nil
                jobs[index].leaseExpiresAt = nil
                try jobs[index].update(db)
            }
            return jobs
        }
    }

    /// The job with `id`, if any.
    public func job(_ id: JobID) async throws -> Job? {
        try await read { db in try Job.fetchOne(db, key: id.rawValue) }
    }

    static func enqueueJob(_ db: Database, kind: String, payload: String, maxAttempts: Int = 3, now: Date) throws -> Job {
        try db.execute(
            sql: """
                INSERT INTO job (kind, payload, status, attempts, maxAttempts, runAfter, createdAt)
                VALUES (?, ?, 'queued', 0, ?, ?, ?)
                """,
            arguments: [kind, payload, maxAttempts, now, now])
        return Job(
            id: JobID(db.lastInsertedRowID), kind: kind, payload: payload, maxAttempts: maxAttempts, runAfter: now,
            createdAt: now)
    }

    /// Makes the one queued job of `kind` with `payload` due at `at`: moves it (its attempts
    /// reset when `resetAttempts`), or adds one with `maxAttempts`. Running jobs are not
    /// looked at: the callers decide what a running one means.
    static func moveOrEnqueueJob(
        kind: String, payload: String, at: Date, now: Date, maxAttempts: Int, resetAttempts: Bool = false, _ db: Database
    ) throws {
        try db.execute(
            sql: "UPDATE job SET runAfter = ?\(resetAttempts ? ", attempts = 0" : "") WHERE kind = ? AND payload = ? AND status = 'queued'",
            arguments: [at, kind, payload])
        guard db.changesCount == 0 else { return }
        try db.execute(
            sql: """
                INSERT INTO job (kind, payload, status, attempts, maxAttempts, runAfter, createdAt)
                VALUES (?, ?, 'queued', 0, ?, ?, ?)
                """,
            arguments: [kind, payload, maxAttempts, at, now])
    }
}
