import Core
import Foundation
import Logging
import Results
import ServiceLifecycle
import Store

/// Removes stored results older than the retention age, as a periodic job of the store's
/// durable queue (kind `results.expire`): each turn sweeps, then queues the next turn
/// `interval` seconds later in the same transaction that completes it. The lease keeps two
/// processes on one data dir from sweeping at once; a turn missed while the server was down
/// runs once at start.
///
/// A swept run keeps its row, statements, counts and errors; only its result files go, and
/// `resultExpiredAt` says when.
public final class ResultRetention: Service, Sendable {
    public static let jobKind = "results.expire"

    let store: HubStore
    let results: ResultStore
    /// Age in seconds past which a finished run's results are removed; `0` keeps them.
    let maxAge: Double
    let interval: Double
    let logger: Logger
    private let owner = "retention:\(getpid()):\(UUID().uuidString.prefix(8))"

    public init(store: HubStore, results: ResultStore, maxAge: Double, interval: Double, logger: Logger) {
        self.store = store
        self.results = results
        self.maxAge = maxAge
        self.interval = max(1, interval)
        self.logger = logger
    }

    /// Runs due turns until shutdown, looking for one every `interval` (at most a minute).
    public func run() async throws {
        guard maxAge > 0 else {
            // Keeping results for ever: nothing to do, but a service must last until shutdown.
            try? await gracefulShutdown()
            return
        }
        try await store.ensurePeriodicJob(kind: Self.jobKind)
        let pause = min(interval, 60)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.runDueTurn()
                } catch {
                    self.logger.error("Result retention sweep failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(pause))
            }
        }
    }

    /// Claims the retention job if it is due, sweeps and queues the next turn. Returns the
    /// number of runs swept, or `nil` when no turn was due.
    @discardableResult
    public func runDueTurn() async throws -> Int? {
        guard let job = try await store.claimNextJob(kinds: [Self.jobKind], owner: owner, lease: 600) else {
            return nil
        }
        let swept = try await sweep()
        try await store.completePeriodicJob(job, owner: owner, interval: interval)
        if swept > 0 { logger.info("Removed expired results", metadata: ["runs": "\(swept)"]) }
        return swept
    }

    /// Removes the results of every run finished more than `maxAge` ago; returns how many.
    ///
    /// Files go first, then the mark: a crash in between leaves a run whose files are gone
    /// but not yet marked, which the next sweep marks.
    public func sweep() async throws -> Int {
        guard maxAge > 0 else { return 0 }
        let cutoff = store.now.addingTimeInterval(-maxAge)
        var swept = 0
        while true {
            let ids = try await store.runsWithResults(finishedBefore: cutoff, limit: 200)
            if ids.isEmpty { return swept }
            for id in ids { try results.remove(execution: id) }
            try await store.markResultsExpired(ids)
            swept += ids.count
        }
    }
}
