import App
import Core
import Engines
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Configurations and running servers for tests: the real `buildApplication`, a temp data
/// dir, a small demo engine and a free port.
public enum TestHub {
    /// Puts a copy of the test process's one 20k-event demo database at `url`.
    public static func copyDemo(to url: URL) async throws {
        let shared = try await DemoCache.shared.url()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: shared, to: url)
    }

    /// A test configuration on `dataDirectory`: port 0, a 20k-row demo (copied in, not built),
    /// quick heartbeats.
    public static func config(_ dataDirectory: URL) async throws -> ServerConfig {
        try await copyDemo(to: dataDirectory.appending(path: "demo.sqlite"))
        var config = ServerConfig(dataDirectory: dataDirectory)
        config.port = 0
        config.demoEventRows = 20_000
        config.workers = 2
        config.heartbeatInterval = 1
        return config
    }

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// Starts the hub as `querybook serve` does, calls `body` with its base URL (ending in
    /// `/`), then shuts it down gracefully and waits until it has stopped.
    public static func withLiveServer<T: Sendable>(
        _ config: ServerConfig, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let (ready, readyFeed) = AsyncStream<String>.makeStream()
        let app = try await buildApplication(config, logger: logger) { url in readyFeed.yield(url) }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ready.makeAsyncIterator()
            guard let url = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body(url)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

/// Builds the shared demo database once, on a thread of its own: building blocks for a second
/// or more, and blocking Swift's few cooperative threads would stall every other test.
actor DemoCache {
    static let shared = DemoCache()
    private var building: Task<URL, any Error>?

    /// One file per test process, removed when the process exits (it is 24 MB).
    static let path = FileManager.default.temporaryDirectory.appending(path: "querybook-test-demo-\(getpid()).sqlite").path

    func url() async throws -> URL {
        if let building { return try await building.value }
        let task = Task<URL, any Error> {
            let url = URL(fileURLWithPath: Self.path)
            try? FileManager.default.removeItem(at: url)
            atexit {
                for suffix in ["", "-wal", "-shm"] { unlink(DemoCache.path + suffix) }
            }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                Thread { continuation.resume(with: Result { try DemoDatabase.create(at: url, eventRows: 20_000) }) }.start()
            }
            return url
        }
        building = task
        return try await task.value
    }
}
