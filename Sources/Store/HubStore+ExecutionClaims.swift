import Core
import Foundation
import GRDB

extension HubStore {
    /// Claims the oldest ready run for `owner` under a lease of `lease` seconds, skipping runs
    /// whose engine already has as many runs going as its `concurrency` allows.
    ///
    /// "Going" means a claimed job under a live lease, whoever holds it, so the cap holds
    /// across workers and processes sharing the file. A skipped run stays queued, in its
    /// place, and is claimed once one of its engine's runs completes; runs on other engines
    /// are claimed meanwhile. Otherwise as ``claimNextJob(kinds:owner:lease:)``.
    public func claimNextExecutionJob(owner: String, lease: Double) async throws -> Job? {
        let now = clock.now()
        let expires = now.addingTimeInterval(lease)
        let kind = Self.executionJobKind
        return try await write { db in
            guard
                var job = try Job.fetchOne(
                    db,
                    sql: """
                        SELECT job.* FROM job
                        LEFT JOIN execution e ON e.id = CAST(job.payload AS INTEGER)
                        LEFT JOIN engine g ON g.id = e.engineID
                        WHERE job.kind = ? AND job.attempts < job.maxAttempts
                          AND ((job.status = 'queued' AND job.runAfter <= ?)
                               OR (job.status = 'running' AND job.leaseExpiresAt < ?))
                          AND (g.concurrency IS NULL OR g.concurrency > (
                              SELECT count(*) FROM job busy
                              JOIN execution be ON be.id = CAST(busy.payload AS INTEGER)
                              WHERE busy.kind = ? AND busy.status = 'running' AND busy.leaseExpiresAt >= ?
                                AND be.engineID = e.engineID))
                        ORDER BY job.runAfter, job.id LIMIT 1
                        """,
                    arguments: [kind, now, now, kind, now])
            else { return nil }
            return try Self.lease(&job, to: owner, until: expires, db)
        }
    }
}
