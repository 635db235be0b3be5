import AsyncHTTPClient
import Core
import Foundation
import NIOCore
import Synchronization

/// One statement on ClickHouse: the streaming request, the progress poller and the cancel
/// watcher as child tasks of one task group, and `KILL QUERY` whenever the run stops before
/// ClickHouse finished it (cancel, row cap, the client's time limit, an error of the sink).
struct ClickHouseRun: Sendable {
    let http: ClickHouseHTTP
    let statement: String
    let limits: QueryLimits
    let queryID: String
    let access: ClickHouseSinkAccess

    /// Seconds past the time limit after which the client stops a run itself: ClickHouse
    /// checks its limit between blocks and its error then waits behind rows already sent
    /// (megabytes of socket buffers), so a slow reader would otherwise see it late.
    static let timeLimitGrace: Double = 0.25

    /// The client's own time limit went off.
    private struct TimeLimitReached: Error {}

    /// The time limit when there is one (a positive, finite timeout).
    private var timeLimit: Double? {
        limits.timeout > 0 && limits.timeout.isFinite && limits.timeout < 1e9 ? limits.timeout : nil
    }

    /// Runs the statement; see ``ClickHouseEngine/execute(_:limits:cancellation:sink:)``.
    func execute(cancellation: QueryCancellation) async throws -> StatementOutcome {
        let cancelled = StopFlag()
        let (signals, signal) = AsyncStream<Void>.makeStream()
        cancellation.onCancel {
            cancelled.set()
            signal.yield()
            signal.finish()
        }
        let outcome: StatementOutcome
        do {
            outcome = try await withTaskCancellationHandler {
                try await withThrowingTaskGroup(of: StatementOutcome?.self) { group in
                    group.addTask { try await stream() }
                    group.addTask {
                        await ClickHouseProgressPoller(http: http, queryID: queryID).run(reportingTo: access)
                        return nil
                    }
                    group.addTask {
                        for await _ in signals { throw EngineError.cancelled }
                        return nil
                    }
                    if let timeLimit {
                        group.addTask {
                            try await Task.sleep(for: .seconds(timeLimit + Self.timeLimitGrace))
                            throw TimeLimitReached()
                        }
                    }
                    while let result = try await group.next() {
                        if let outcome = result {
                            group.cancelAll()
                            return outcome
                        }
                    }
                    throw EngineError.cancelled
                }
            } onCancel: {
                cancelled.set()
                signal.yield()
                signal.finish()
            }
        } catch {
            if cancelled.isSet {
                await kill()
                throw EngineError.cancelled
            }
            switch error {
            case let error as EngineError:
                // ClickHouse ended the query itself (its error), or cannot be reached.
                throw error
            case is TimeLimitReached:
                await kill()
                throw EngineError.timedOut(seconds: limits.timeout)
            default:
                // The sink's own errors pass through unchanged; the query must not go on.
                await kill()
                throw error
            }
        }
        if cancelled.isSet {
            // Cancelled while the last rows came in: what the caller asked for wins.
            await kill()
            throw EngineError.cancelled
        }
        if outcome.truncated { await kill() }
        return outcome
    }

    /// `KILL QUERY … SYNC` from a request of its own, shielded from the caller's cancellation
    /// (it runs in a task of its own, awaited) so a cancelled run still stops on the server.
    /// Returns once ClickHouse has stopped the query, or gave up trying.
    func kill() async {
        let http = http
        let sql = "KILL QUERY WHERE query_id = '\(queryID)' SYNC"
        _ = await Task { try? await http.run(sql, timeout: 10) }.value
    }

    /// The query id and format: all a read-only (`readonly=1`) user may send.
    private var baseParameters: [(String, String)] {
        [("query_id", queryID), ("default_format", "TabSeparatedWithNamesAndTypes")]
    }

    /// The base parameters and the settings: progress headers and the time limit.
    private var parameters: [(String, String)] {
        var parameters = baseParameters + [
            ("send_progress_in_http_headers", "1"),
            ("http_headers_progress_interval_ms", "1000"),
        ]
        if let timeLimit {
            // 18.16 reads max_execution_time as whole seconds (0.5 would mean no limit).
            parameters.append(("max_execution_time", String(Int(max(1, timeLimit.rounded(.up))))))
            parameters.append(("timeout_overflow_mode", "throw"))
        }
        return parameters
    }

    /// Sends the statement and hands the streamed rows to the sink; returns early, marked
    /// truncated, once a row past the cap arrives (dropping the body closes the request).
    ///
    /// A user whose profile is `readonly=1` may not set any setting: ClickHouse refuses the
    /// request before running anything (code 164), and it is sent once more without them,
    /// the client's own time limit and `KILL QUERY` standing in for `max_execution_time`.
    private func stream() async throws -> StatementOutcome {
        var response = try await send(http.request(statement, parameters: parameters))
        if response.status != .ok {
            let error = try await serverError(in: response)
            guard error.isReadOnlySetting else {
                throw error.engineError(statement: statement, timeout: limits.timeout)
            }
            access.report(
                EngineProgress(
                    message: "ClickHouse user \(http.config.user) is read-only (readonly=1): running without "
                        + "settings; the hub's own time limit applies"))
            response = try await send(http.request(statement, parameters: baseParameters, settings: false))
            guard response.status == .ok else {
                throw try await serverError(in: response).engineError(statement: statement, timeout: limits.timeout)
            }
        }
        if let progress = ClickHouseProgressPoller.progress(fromHeaders: response.headers) { access.report(progress) }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        let parser = ClickHouseRowParser(
            statement: statement, limits: limits, sink: access.sink,
            tabSeparated: contentType.isEmpty || contentType.hasPrefix("text/tab-separated-values"))
        var chunks = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await chunks.next()
            } catch {
                throw transportError(error)
            }
            guard let chunk else { break }
            // Outside the `do`: errors the sink throws pass through as they are.
            guard try chunk.withUnsafeReadableBytes({ try parser.consume($0) }) else {
                return StatementOutcome(rowCount: parser.rowCount, truncated: true)
            }
        }
        return try parser.finish()
    }

    private func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        do {
            return try await http.client.execute(request, deadline: .distantFuture)
        } catch {
            throw transportError(error)
        }
    }

    /// The exception in the body of a response whose status is not 200.
    private func serverError(in response: HTTPClientResponse) async throws -> ClickHouseServerError {
        do {
            return ClickHouseServerError(
                text: String(buffer: try await response.body.collect(upTo: ClickHouseHTTP.sideQueryLimit)))
        } catch {
            throw transportError(error)
        }
    }

    private func transportError(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        return http.unavailable(error)
    }
}

/// Whether a run was cancelled; set from any thread, read after the run's tasks end.
private final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .sequentiallyConsistent) }

    var isSet: Bool { flag.load(ordering: .sequentiallyConsistent) }
}
