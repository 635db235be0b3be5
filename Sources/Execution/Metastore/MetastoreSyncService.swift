import Core
import Engines
import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Keeps the metastore in line with the engines: claims due syncs from the store's durable
/// job queue (kind `metastore.sync`, one pending job per engine), reads the engine's catalog
/// with a ``MetadataReader`` and ingests it (``HubStore/ingestTables(_:engine:batchSize:)``).
///
/// Every engine without a sync row gets a sync queued when seen (at start, and on each look
/// for work, so a new engine is synced within `pollInterval`); afterwards each engine is
/// synced every `intervalHours` (default 24, `0` only on demand). The job's lease, renewed
/// while a sync runs, keeps two processes on one data dir from syncing one engine at once;
/// a sync whose process died is taken over once its lease expires. A `Service`: it stops on
/// graceful shutdown (a sync in flight is cancelled and taken over later).
public final class MetastoreSyncService: Service, Sendable {
    let store: HubStore
    let engines: EngineCache
    /// Seconds each catalog statement may take (tightened by the engine's own time limit).
    let queryTimeout: Double
    let pollInterval: Double
    let lease: Double
    let logger: Logger
    /// When syncs abandoned by a dead worker were last looked for (a write, so not every poll).
    private let abandonedCheck = Mutex<ContinuousClock.Instant?>(nil)
    let owner = "metastore:\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"

    public init(
        store: HubStore, engines: EngineCache, queryTimeout: Double, pollInterval: Double = 1, lease: Double = 60,
        logger: Logger
    ) {
        self.store = store
        self.engines = engines
        self.queryTimeout = queryTimeout
        self.pollInterval = max(0.05, pollInterval)
        self.lease = max(1, lease)
        self.logger = logger
    }

    /// A service that shares the runs' engines (and so PostgreSQL's pooled connections) and
    /// their time limit.
    public convenience init(executions: ExecutionService, pollInterval: Double = 1, logger: Logger) {
        self.init(
            store: executions.store, engines: executions.engineCache, queryTimeout: executions.settings.queryTimeout,
            pollInterval: pollInterval, lease: max(30, executions.settings.jobLease), logger: logger)
    }

    /// Looks for due syncs every `pollInterval` until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.runDueSyncs()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("Metastore sync failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(self.pollInterval))
            }
        }
    }

    /// Queues a sync for engines that never had one, then runs every due sync, one after
    /// another. Returns how many ran.
    @discardableResult
    public func runDueSyncs() async throws -> Int {
        try await store.ensureMetastoreSyncs()
        let now = ContinuousClock.now
        if abandonedCheck.withLock({ last in
            guard last.map({ now - $0 >= .seconds(30) }) ?? true else { return false }
            last = now
            return true
        }) {
            try await store.failAbandonedMetastoreSyncs()
        }
        var count = 0
        while !Task.isCancelled, let claimed = try await store.claimMetastoreSync(owner: owner, lease: lease) {
            await run(claimed.job, engine: claimed.engine)
            count += 1
        }
        return count
    }

    /// Syncs `engine` under `job`'s lease, and records how it ended.
    private func run(_ job: Job, engine: EngineID) async {
        let outcome: Result<IngestionCounts, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepLease(job) }
            defer { group.cancelAll() }
            do {
                return .success(try await sync(engine))
            } catch {
                return .failure(error)
            }
        }
        if Task.isCancelled { return }  // shutting down: the job is taken over once its lease ends
        let message: String?
        switch outcome {
        case .success(let counts):
            message = nil
            logger.info(
                "Metastore synced",
                metadata: [
                    "engine": "\(engine)", "added": "\(counts.added)", "updated": "\(counts.updated)",
                    "removed": "\(counts.removed)", "unchanged": "\(counts.unchanged)",
                ])
        case .failure(let error as EngineError):
            message = ExecutionService.message(for: error)
        case .failure(let error as SyncRefusal):
            message = error.message
        case .failure(let error):
            logger.error("Metastore sync of engine \(engine) failed in the hub", metadata: ["error": "\(error)"])
            message = "The hub could not store the engine's tables."
        }
        do {
            try await store.finishMetastoreSync(job, engine: engine, owner: owner, error: message)
        } catch {
            logger.error("Could not record the end of a metastore sync", metadata: ["error": "\(error)"])
        }
    }

    /// Reads `engine`'s catalog and ingests it.
    func sync(_ id: EngineID) async throws -> IngestionCounts {
        guard let info = try await store.engine(id) else { throw SyncRefusal(message: "The engine no longer exists.") }
        guard !info.disabled else { throw SyncRefusal(message: "The engine \(info.name) is disabled.") }
        let engine = try engines.engine(for: info, secret: try await store.engineSecret(id))
        var timeout = queryTimeout
        if let limit = info.limits.timeLimit, limit > 0 { timeout = timeout > 0 ? min(timeout, limit) : limit }
        let cancellation = QueryCancellation()
        let definitions = try await withTaskCancellationHandler {
            try await MetadataReader(
                engine: engine, kind: info.kind, catalog: info.kind == .trino ? info.settings.catalog : nil,
                timeout: timeout, cancellation: cancellation
            ).tables()
        } onCancel: {
            cancellation.cancel()
        }
        return try await store.ingestTables(definitions, engine: id)
    }

    private func keepLease(_ job: Job) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(lease / 3))
            if Task.isCancelled { return }
            _ = try? await store.renewLease(job.id, owner: owner, lease: lease)
        }
    }

    /// A sync that cannot start, in words for the admin.
    struct SyncRefusal: Error {
        var message: String
    }
}
