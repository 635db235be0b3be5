import Core
import Foundation
import GRDB

extension MetastoreSyncStatus: DatabaseValueConvertible {}

extension MetastoreSyncState: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metastoreSync"
}

/// The metastore sync schedule, on the durable job queue: each engine has at most one
/// pending job of kind ``metastoreSyncJobKind`` (payload: the engine id, `runAfter`: when it
/// is due), so its lease keeps two processes from syncing one engine at once. Every change
/// here is one transaction that keeps the job and the engine's `metastoreSync` row in step.
extension HubStore {
    public static let metastoreSyncJobKind = "metastore.sync"

    /// Gives every engine without a `metastoreSync` row one, with a sync queued now (new
    /// engines, and the demo engine at first start). Returns the engines queued.
    @discardableResult
    public func ensureMetastoreSyncs() async throws -> [EngineID] {
        let unseen = "SELECT id FROM engine WHERE id NOT IN (SELECT engineID FROM metastoreSync) ORDER BY id"
        // Called every second by the sync service: an idle hub only reads.
        guard try await read({ db in try !EngineID.fetchAll(db, sql: unseen).isEmpty }) else { return [] }
        let now = clock.now()
        return try await write { db in
            let missing = try EngineID.fetchAll(db, sql: unseen)
            for engine in missing {
                try MetastoreSyncState(engineID: engine, status: .queued, nextRunAt: now).insert(db)
                try Self.scheduleSyncJob(engine, at: now, now: now, db)
            }
            return missing
        }
    }

    /// Every engine's sync state with the engine's name, by engine name; engines not yet
    /// seen by ``ensureMetastoreSyncs()`` show as `idle`.
    public func metastoreSyncs() async throws -> [(state: MetastoreSyncState, engineName: String)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT e.id AS id, e.name AS engineName, s.* FROM engine e LEFT JOIN metastoreSync s ON s.engineID = e.id ORDER BY e.name COLLATE NOCASE, e.id"
            ).map { row in
                let id = EngineID(rawValue: row["id"])
                let state = (row["engineID"] as Int64?) == nil ? MetastoreSyncState(engineID: id) : try MetastoreSyncState(row: row)
                return (state, row["engineName"])
            }
        }
    }

    /// One engine's sync state and name.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for no such engine.
    public func metastoreSync(_ engine: EngineID) async throws -> (state: MetastoreSyncState, engineName: String) {
        try await read { db in try Self.syncState(engine, db) }
    }

    static func syncState(_ engine: EngineID, _ db: Database) throws -> (state: MetastoreSyncState, engineName: String) {
        guard let name = try String.fetchOne(db, sql: "SELECT name FROM engine WHERE id = ?", arguments: [engine]) else {
            throw StoreError.notFound(entity: "engine", id: engine.rawValue)
        }
        let state = try MetastoreSyncState.fetchOne(db, key: engine.rawValue) ?? MetastoreSyncState(engineID: engine)
        return (state, name)
    }

    /// Queues a sync of `engine` now: the scheduled job moves up, or one is added.
    /// - Throws: ``StoreError/conflict(_:)`` when one is already queued or running,
    ///   ``StoreError/notFound(entity:id:)`` for no such engine.
    public func requestMetastoreSync(_ engine: EngineID) async throws -> (state: MetastoreSyncState, engineName: String) {
        let now = clock.now()
        return try await write { db in
            var (state, name) = try Self.syncState(engine, db)
            guard !state.isPending else {
                throw StoreError.conflict("A sync of \(name) is already \(state.status.rawValue).")
            }
            state.status = .queued
            state.nextRunAt = now
            try state.save(db)
            try Self.scheduleSyncJob(engine, at: now, now: now, db)
            return (state, name)
        }
    }

    /// Sets the hours between `engine`'s scheduled syncs (`0`: only when asked) and moves the
    /// next scheduled one accordingly (from the end of the last sync; at once if overdue).
    /// - Throws: ``StoreError/invalid(_:)`` for a negative or non-finite interval.
    public func setMetastoreSyncInterval(_ engine: EngineID, hours: Double) async throws
        -> (state: MetastoreSyncState, engineName: String)
    {
        guard hours >= 0, hours.isFinite else { throw StoreError.invalid("The interval must be 0 or more hours.") }
        let now = clock.now()
        return try await write { db in
            var (state, name) = try Self.syncState(engine, db)
            state.intervalHours = hours
            if !state.isPending {
                if hours == 0 {
                    try Self.dropScheduledSyncJobs(engine, db)
                    state.nextRunAt = nil
                } else {
                    let due = (state.finishedAt ?? now).addingTimeInterval(hours * 3600)
                    state.nextRunAt = due
                    try Self.scheduleSyncJob(engine, at: due, now: now, db)
                }
            }
            try state.save(db)
            return (state, name)
        }
    }

    /// Claims the next due sync for `owner` under a `lease` of seconds and marks the
    /// engine's sync `running` with its counters reset, in one transaction.
    public func claimMetastoreSync(owner: String, lease: Double) async throws -> (job: Job, engine: EngineID)? {
        let now = clock.now()
        let due = try await read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM job WHERE kind = ? AND attempts < maxAttempts
                      AND ((status = 'queued' AND runAfter <= ?) OR (status = 'running' AND leaseExpiresAt < ?)))
                    """,
                arguments: [Self.metastoreSyncJobKind, now, now]) ?? false
        }
        // Asked every second: only a due sync costs a write.
        guard due else { return nil }
        return try await write { db in
            guard
                var job = try Job.fetchOne(
                    db,
                    sql: """
                        SELECT * FROM job WHERE kind = ? AND attempts < maxAttempts
                          AND ((status = 'queued' AND runAfter <= ?) OR (status = 'running' AND leaseExpiresAt < ?))
                        ORDER BY runAfter, id LIMIT 1
                        """,
                    arguments: [Self.metastoreSyncJobKind, now, now])
            else { return nil }
            job = try Self.lease(&job, to: owner, until: now.addingTimeInterval(lease), db)
            guard let engine = EngineID(job.payload),
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM engine WHERE id = ?)", arguments: [engine]) == true
            else {
                // The engine is gone: nothing to sync.
                _ = try Self.completeJob(job.id, owner: owner, db)
                return nil
            }
            var state = try Self.syncState(engine, db).state
            state.status = .running
            state.startedAt = now
            state.finishedAt = nil
            state.error = nil
            state.tablesTotal = 0
            state.tablesDone = 0
            state.tablesAdded = 0
            state.tablesUpdated = 0
            state.tablesRemoved = 0
            state.nextRunAt = nil
            try state.save(db)
            return (job, engine)
        }
    }

    /// Ends the sync `owner` holds as `job`: `done`, or `failed` with `error`; queues the
    /// next one after the engine's interval (none for `0`). Returns `false`, changing
    /// nothing, when the lease was lost (another worker took the job over).
    @discardableResult
    public func finishMetastoreSync(_ job: Job, engine: EngineID, owner: String, error: String?) async throws -> Bool {
        let now = clock.now()
        return try await write { db in
            guard try Self.completeJob(job.id, owner: owner, db) else { return false }
            try Self.endSync(engine, error: error, now: now, db)
            return true
        }
    }

    /// Syncs whose worker died with no attempts left end `failed` and get their next turn.
    public func failAbandonedMetastoreSyncs() async throws {
        let jobs = try await failExhaustedJobs(kinds: [Self.metastoreSyncJobKind])
        let now = clock.now()
        for job in jobs {
            guard let engine = EngineID(job.payload) else { continue }
            try await write { db in
                try Self.endSync(engine, error: "The server stopped during the sync.", now: now, db)
            }
        }
    }

    private static func endSync(_ engine: EngineID, error: String?, now: Date, _ db: Database) throws {
        guard var state = try MetastoreSyncState.fetchOne(db, key: engine.rawValue) else { return }
        state.status = error == nil ? .done : .failed
        state.error = error
        state.finishedAt = now
        state.nextRunAt = nil
        if state.intervalHours > 0 {
            let due = now.addingTimeInterval(state.intervalHours * 3600)
            state.nextRunAt = due
            try scheduleSyncJob(engine, at: due, now: now, db)
        }
        try state.save(db)
    }

    /// Makes `engine`'s one queued sync job due at `at`: moves the queued one, or adds one.
    /// A running job is left alone (its end schedules the next).
    static func scheduleSyncJob(_ engine: EngineID, at: Date, now: Date, _ db: Database) throws {
        try moveOrEnqueueJob(kind: metastoreSyncJobKind, payload: engine.description, at: at, now: now, maxAttempts: 3, db)
    }

    private static func dropScheduledSyncJobs(_ engine: EngineID, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM job WHERE kind = ? AND payload = ? AND status = 'queued'",
            arguments: [metastoreSyncJobKind, engine.description])
    }
}
