import Foundation
import Logging
import ServiceLifecycle
import Store

/// Keeps the search index quick to read: every `interval` seconds, merges its segments a step
/// at a time (``HubStore/mergeSearchIndex(pages:)``) until there is nothing left to merge.
/// Each step is its own short write transaction, with a pause between steps, so edits and runs
/// are never held up for long. Two processes on one data dir may both merge: merging is
/// idempotent, so no lease is needed.
public struct SearchMaintenance: Service {
    let store: HubStore
    let interval: Duration
    let logger: Logger

    public init(store: HubStore, interval: Duration = .seconds(30), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    try await mergeAll()
                } catch {
                    logger.warning("Merging the search index failed; next try in \(interval)", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Merges until a step finds nothing to do (at most `limit` steps); how many did work.
    @discardableResult
    public func mergeAll(limit: Int = 1_000) async throws -> Int {
        var steps = 0
        while steps < limit, !Task.isCancelled, try await store.mergeSearchIndex() {
            steps += 1
            try? await Task.sleep(for: .milliseconds(10))
        }
        return steps
    }
}
