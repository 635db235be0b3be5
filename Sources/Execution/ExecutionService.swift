import Core
import Engines
import Foundation
import Logging
import Realtime
import Results
import ServiceLifecycle
import Store
import Synchronization

/// Runs user SQL: records a run, queues it, runs it on a bounded pool, stores its results
/// and publishes every change of its status.
///
/// A `Service`: `run()` is the dispatcher that claims queued runs from the store's durable
/// job queue and runs at most `settings.workers` at once. On graceful shutdown it cancels the
/// runs in flight (they end `cancelled`) and returns once they have.
public final class ExecutionService: Service, Sendable {
    enum Signal: Sendable { case wake, finished, tick, shutdown }

    let store: HubStore
    let results: ResultStore
    let broker: EventBroker
    let settings: ExecutionSettings
    let logger: Logger
    let workerID: String
    let running = Mutex<[ExecutionID: QueryCancellation]>([:])
    /// One engine per configured engine, so pooled connections outlive a run.
    let engineCache = EngineCache()
    private let signals: AsyncStream<Signal>
    private let signal: AsyncStream<Signal>.Continuation

    public init(store: HubStore, results: ResultStore, broker: EventBroker, settings: ExecutionSettings, logger: Logger) {
        self.store = store
        self.results = results
        self.broker = broker
        self.settings = settings
        self.logger = logger
        self.workerID = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
        (signals, signal) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
    }

    /// Records a run of `query` on the engine named by `engineReference` (id or name) and
    /// queues it, in one transaction; publishes the `queued` state after the commit.
    /// - Returns: the run, and the id of its `queued` event: a client that subscribes with
    ///   `Last-Event-ID` one less than it sees every event of the run.
    /// - Throws: ``ExecutionError/unknownEngine(_:)``, ``ExecutionError/engineDisabled(_:)``,
    ///   ``ExecutionError/emptyQuery``, `StoreError.invalid` for an unknown cell.
    public func submit(engine engineReference: String, query: String, cell: CellID?, owner: UserID) async throws
        -> (execution: Execution, eventID: UInt64?)
    {
        guard let engine = try await store.engine(reference: engineReference) else {
            throw ExecutionError.unknownEngine(engineReference)
        }
        guard !engine.disabled else { throw ExecutionError.engineDisabled(engine.name) }
        let statements = StatementSplitter.split(query).map {
            PlannedStatement(text: $0.text, startLine: $0.startLine)
        }
        guard !statements.isEmpty else { throw ExecutionError.emptyQuery }
        let execution = try await store.createExecution(
            engine: engine.id, cell: cell, owner: owner, query: query, statements: statements)
        let event = await publishSnapshot(execution.id)
        signal.yield(.wake)
        return (execution, event?.id)
    }

    /// Stops a queued or running run. A running one is interrupted in its engine and ends
    /// `cancelled` shortly after (the event says when); a queued one ends at once.
    /// - Returns: the status when this returns.
    /// - Throws: ``ExecutionError/alreadyFinished(_:)``, `StoreError.notFound`.
    public func cancel(_ id: ExecutionID) async throws -> RunStatus {
        let (execution, _) = try await store.executionWithStatements(id)
        guard !execution.status.isFinal else { throw ExecutionError.alreadyFinished(execution.status) }
        if let cancellation = running.withLock({ $0[id] }) {
            cancellation.cancel()
            return execution.status
        }
        // Not running here: it is waiting in the queue (or its worker died); end it now.
        if try await store.finishExecution(id, status: .cancelled, error: nil) {
            await publishSnapshot(id)
            return .cancelled
        }
        let (latest, _) = try await store.executionWithStatements(id)
        if latest.status.isFinal && latest.status != .cancelled { throw ExecutionError.alreadyFinished(latest.status) }
        return latest.status
    }

    /// The run as the API shows it.
    public func snapshot(_ id: ExecutionID) async throws -> ExecutionSnapshot {
        let (execution, statements) = try await store.executionWithStatements(id)
        return ExecutionSnapshot(execution, statements: statements)
    }

    /// A cell's latest runs as the API shows them, newest first, at most `limit`.
    /// - Throws: `StoreError.notFound` when there is no such cell.
    public func snapshots(ofCell cell: CellID, limit: Int) async throws -> [ExecutionSnapshot] {
        var snapshots: [ExecutionSnapshot] = []
        for id in try await store.executionIDs(ofCell: cell, limit: limit) {
            snapshots.append(try await snapshot(id))
        }
        return snapshots
    }

    /// The dispatcher loop; see the type's documentation.
    public func run() async throws {
        await recoverAbandonedRuns()
        let signal = self.signal
        let pollInterval = settings.pollInterval
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(pollInterval))
                        signal.yield(.tick)
                    }
                }
                var active = 0
                var stopping = false
                for await event in signals {
                    switch event {
                    case .finished: active -= 1
                    case .shutdown: stopping = true; cancelAllRunning()
                    case .tick: if !stopping { await recoverAbandonedRuns() }
                    case .wake: break
                    }
                    if stopping {
                        if active == 0 { break }
                        continue
                    }
                    while active < settings.workers, let job = await claim() {
                        active += 1
                        group.addTask {
                            await self.runJob(job)
                            signal.yield(.finished)
                        }
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            signal.yield(.shutdown)
        }
    }

    private func claim() async -> Job? {
        do {
            return try await store.claimNextExecutionJob(owner: workerID, lease: settings.jobLease)
        } catch {
            logger.error("Could not claim a job", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func cancelAllRunning() {
        let all = running.withLock { Array($0.values) }
        for cancellation in all { cancellation.cancel() }
    }

    /// Runs that a dead worker held with no attempts left end `failed` (at start and on every
    /// tick, so a crash loop never leaves a run looking alive).
    private func recoverAbandonedRuns() async {
        do {
            for job in try await store.failExhaustedJobs(kinds: [HubStore.executionJobKind]) {
                guard let id = ExecutionID(job.payload) else { continue }
                let error = RunError(message: "The server stopped while this query ran. Run it again.")
                if try await store.finishExecution(id, status: .failed, error: error) {
                    await publishSnapshot(id)
                }
            }
        } catch {
            logger.error("Could not recover abandoned runs", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes the run's current state on its topic. Call after the change committed.
    @discardableResult
    func publishSnapshot(_ id: ExecutionID) async -> Event? {
        do {
            let data = try JSONCoding.string(try await snapshot(id))
            return await broker.publish(topic: "execution:\(id)", name: "execution", data: data)
        } catch {
            logger.error("Could not publish execution \(id)", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
