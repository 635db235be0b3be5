import AsyncHTTPClient
import Core
import Foundation
import NIOCore
import NIOHTTP1

/// Runs statements on Trino (or Presto) through its REST client protocol: `POST
/// /v1/statement`, then `GET` each `nextUri` until there is none; `DELETE` of the `nextUri`
/// cancels the query in the cluster.
///
/// Rows are handed to the sink page by page as Trino sends them (one page in memory at a
/// time). Progress (`progressPercentage`, processed rows and bytes) and the query id go to
/// `sink.report`. Cancel, the row cap and the time limit are checked before every request
/// for the next page and end the query with a `DELETE`; the time limit is also sent as the
/// session property `query_max_run_time`, so Trino stops a query the client no longer follows.
public struct TrinoEngine: QueryEngine {
    public let config: TrinoConfig
    private let client: HTTPClient

    /// Bytes one page may have; Trino's pages are about 1 MB.
    static let pageLimit = 64 << 20
    /// How often a 502/503/504 (a gateway's hiccup, says the protocol) is retried.
    static let retries = 20

    public init(config: TrinoConfig, client: HTTPClient = .shared) {
        self.config = config
        self.client = client
    }

    public func execute(
        _ statement: String, limits: QueryLimits, cancellation: QueryCancellation, sink: any RowSink
    ) async throws -> StatementOutcome {
        if config.password != nil, config.scheme == .http {
            throw EngineError.unavailable("Trino takes passwords only over HTTPS: turn on TLS for \(config.address).")
        }
        let started = ContinuousClock.now
        let deadline = started.advanced(by: .seconds(max(1, limits.timeout)))
        var page = try await send(firstRequest(statement, timeout: limits.timeout), timeout: limits.timeout)
        var columns: [ColumnType]?
        var rowCount = 0
        var state: String?
        if let id = page.id { sink.report(EngineProgress(message: "Trino query id \(id)")) }
        while true {
            if let now = page.state, now != state {
                if state != nil { sink.report(EngineProgress(message: "Trino query \(now.lowercased())")) }
                state = now
            }
            sink.report(
                EngineProgress(percent: page.progressPercentage, rowsRead: page.processedRows, bytesRead: page.processedBytes))
            if let failure = page.error { throw failure.engineError(timeout: limits.timeout) }
            if columns == nil, let described = page.columns {
                let mapped = described.map {
                    ResultColumn(name: $0.name, type: TrinoTypes.columnType($0.type), engineType: $0.type)
                }
                try sink.begin(columns: mapped)
                columns = mapped.map(\.type)
            }
            for row in page.data {
                if rowCount >= limits.maxRows {
                    await cancelQuery(page.nextURI)
                    return StatementOutcome(rowCount: rowCount, truncated: true)
                }
                let types = columns ?? []
                try sink.append(row.enumerated().map { TrinoTypes.value($1, type: $0 < types.count ? types[$0] : .text) })
                rowCount += 1
            }
            guard let next = page.nextURI else { break }
            if cancellation.isCancelled || Task.isCancelled {
                await cancelQuery(next)
                throw EngineError.cancelled
            }
            if ContinuousClock.now >= deadline {
                await cancelQuery(next)
                throw EngineError.timedOut(seconds: limits.timeout)
            }
            page = try await send(request(next, method: .GET), timeout: limits.timeout)
        }
        if columns == nil { try sink.begin(columns: []) }
        return StatementOutcome(rowCount: rowCount, truncated: false)
    }

    /// Runs `SELECT 1` with a short limit; throws what a failed run would.
    public func testConnection(timeout: Double = 5) async throws {
        final class Discard: RowSink {
            func begin(columns: [ResultColumn]) throws {}
            func append(_ row: [Value]) throws {}
        }
        _ = try await execute(
            "SELECT 1", limits: QueryLimits(timeout: timeout, maxRows: 1), cancellation: QueryCancellation(), sink: Discard())
    }

    /// The `POST /v1/statement` with the session's headers (only the first request needs them).
    func firstRequest(_ statement: String, timeout: Double) -> HTTPClientRequest {
        var request = request("\(config.address)/v1/statement", method: .POST)
        let prefix = config.flavor.headerPrefix
        request.headers.add(name: prefix + "User", value: config.user)
        request.headers.add(name: prefix + "Source", value: config.source)
        if let catalog = config.catalog { request.headers.add(name: prefix + "Catalog", value: catalog) }
        if let schema = config.schema { request.headers.add(name: prefix + "Schema", value: schema) }
        var session = config.sessionProperties
        session["query_max_run_time"] = "\(Int(max(1, timeout.rounded(.up))))s"
        for (name, value) in session.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: prefix + "Session", value: "\(name)=\(Self.encode(value))")
        }
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: statement))
        return request
    }

    private func request(_ url: String, method: HTTPMethod) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let password = config.password, config.scheme == .https {
            let token = Data("\(config.user):\(password)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(token)")
        }
        return request
    }

    /// Sends a request, retrying what the protocol says to retry, and reads the page.
    private func send(_ request: HTTPClientRequest, timeout: Double) async throws -> TrinoPage {
        var attempt = 0
        while true {
            let status: HTTPResponseStatus
            let body: ByteBuffer
            do {
                let response = try await client.execute(request, timeout: .seconds(Int64(max(1, timeout.rounded(.up)))))
                status = response.status
                body = try await response.body.collect(upTo: Self.pageLimit)
            } catch {
                throw EngineError.unavailable("Cannot reach Trino at \(config.address): \(Self.reason(error)).")
            }
            if [.badGateway, .serviceUnavailable, .gatewayTimeout].contains(status), attempt < Self.retries {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50 + Int.random(in: 0...50)))
                continue
            }
            if status == .unauthorized || status == .forbidden {
                throw EngineError.unavailable("Trino at \(config.address) refused the login of user \(config.user).")
            }
            guard status == .ok else {
                let text = String(buffer: body).prefix(500)
                throw EngineError.failed(RunError(message: "Trino answered HTTP \(status.code): \(text)"))
            }
            return try TrinoPage(json: Array(buffer: body))
        }
    }

    /// Ends the query in the cluster (`DELETE` of its next URI); best effort, never throws.
    private func cancelQuery(_ next: String?) async {
        guard let next else { return }
        // In a task of its own, so a cancelled caller still sends it.
        let client = client
        let request = request(next, method: .DELETE)
        await Task.detached {
            _ = try? await client.execute(request, timeout: .seconds(5))
        }.value
    }

    private static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }

    private static func reason(_ error: any Error) -> String {
        let detail = String(describing: error)
        return detail.contains("refused") ? "connection refused" : detail
    }
}
