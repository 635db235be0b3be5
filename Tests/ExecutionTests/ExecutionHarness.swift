import Core
import Engines
import Execution
import Foundation
import Logging
import Realtime
import Results
import ServiceLifecycle
import Store
import TestSupport

/// The real execution pieces on a temp dir: store, a SQLite engine file, results, broker and
/// the service running in a service group.
struct ExecutionHarness {
    let store: HubStore
    let results: ResultStore
    let broker: EventBroker
    let service: ExecutionService
    let engine: EngineInfo
    let user: User

    static func with(
        settings: ExecutionSettings = ExecutionSettings(workers: 2, queryTimeout: 60, maxRows: 10_000_000),
        clock: ManualClock? = nil,
        resultsRoot: URL? = nil,
        prepare: (HubStore, EngineInfo, User) async throws -> Void = { _, _, _ in },
        _ body: (ExecutionHarness) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { dir in
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock ?? ManualClock(Date()))
            let user = try await store.ensureLocalUser()
            let enginePath = dir.appending(path: "engine.sqlite").path
            try await makeEngineFile(at: enginePath)
            let engine = try await store.upsertSQLiteEngine(name: "test", path: enginePath, description: "")
            try await prepare(store, engine, user)
            let results = ResultStore(root: resultsRoot ?? dir.appending(path: "results"))
            let broker = EventBroker(firstID: 0)
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let service = ExecutionService(store: store, results: results, broker: broker, settings: settings, logger: logger)
            let harness = ExecutionHarness(
                store: store, results: results, broker: broker, service: service, engine: engine, user: user)
            let group = ServiceGroup(services: [service], gracefulShutdownSignals: [], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                do {
                    try await body(harness)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// A small engine file: the demo schema with 20,000 events.
    static func makeEngineFile(at path: String) async throws {
        try await TestHub.copyDemo(to: URL(fileURLWithPath: path))
    }

    func submit(_ query: String) async throws -> ExecutionID {
        try await service.submit(engine: engine.name, query: query, cell: nil, owner: user.id).execution.id
    }

    /// Waits (at most `timeout` seconds) for an `execution` event of `id` that satisfies `until`.
    func waitFor(
        _ id: ExecutionID, timeout: Double = 30, until: @escaping @Sendable (ExecutionSnapshot) -> Bool
    ) async throws -> ExecutionSnapshot {
        let current = try await service.snapshot(id)
        if until(current) { return current }
        let stream = await broker.subscribe(topics: ["execution:\(id)"], after: 0)
        return try await withThrowingTaskGroup(of: ExecutionSnapshot?.self) { group in
            group.addTask {
                for await delivery in stream {
                    guard case .event(let event) = delivery, event.name == "execution" else { continue }
                    let snapshot = try JSONDecoder.api.decode(ExecutionSnapshot.self, from: Data(event.data.utf8))
                    if until(snapshot) { return snapshot }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw HarnessError.timedOut }
            return first
        }
    }

    func waitUntilFinished(_ id: ExecutionID, timeout: Double = 60) async throws -> ExecutionSnapshot {
        try await waitFor(id, timeout: timeout) { $0.status.isFinal }
    }

    enum HarnessError: Error { case timedOut }
}

extension JSONDecoder {
    /// Decodes the API's dates (ISO 8601 with milliseconds).
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return decoder
    }
}
