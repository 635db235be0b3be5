import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Requests to one ClickHouse server's HTTP interface: building them (settings as URL
/// parameters, credentials as headers, the statement as the body), and running the small
/// side queries (progress polls, `KILL QUERY`, test connection) whole.
///
/// Sendable; every call is independent and may run concurrently with others.
struct ClickHouseHTTP: Sendable {
    let config: ClickHouseConfig
    let client: HTTPClient

    /// URL parameters configured settings may not set.
    static let reserved: Set<String> = ["user", "password", "query", "query_id", "default_format", "database"]

    /// Bytes a side query may return; they return a line or two.
    static let sideQueryLimit = 1 << 20

    /// A `POST` of `statement` with `parameters` (ClickHouse settings and HTTP options) on top
    /// of the database and, unless `settings` is false, the configured settings.
    func request(_ statement: String, parameters: [(String, String)], settings: Bool = true) -> HTTPClientRequest {
        // Credentials never go into the URL, and the engine's own parameters win.
        var merged = (settings ? config.settings : [:]).sorted { $0.key < $1.key }.filter { key, _ in
            !Self.reserved.contains(key.lowercased()) && !parameters.contains { $0.0 == key }
        }
        if let database = config.database, !database.isEmpty, !parameters.contains(where: { $0.0 == "database" }) {
            merged.append(("database", database))
        }
        merged += parameters
        let query = merged.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: "\(config.address)/?\(query)")
        request.method = .POST
        request.headers.add(name: "X-ClickHouse-User", value: config.user)
        if let password = config.password, !password.isEmpty {
            request.headers.add(name: "X-ClickHouse-Key", value: password)
        }
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: statement))
        return request
    }

    /// Runs a small statement and returns its whole body as text.
    ///
    /// Throws ``EngineError/unavailable(_:)`` when the server cannot be reached or refuses
    /// the login, the mapped server error when ClickHouse answers with one.
    /// The configured settings are left out: a bad one must not stop a `KILL QUERY`, and a
    /// `readonly=1` user may not send any.
    func run(_ statement: String, parameters: [(String, String)] = [], timeout: Double) async throws -> String {
        let request = request(statement, parameters: parameters, settings: false)
        let text: String
        let status: HTTPResponseStatus
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            status = response.status
            text = String(buffer: try await response.body.collect(upTo: Self.sideQueryLimit))
        } catch {
            throw unavailable(error)
        }
        guard status == .ok else {
            throw ClickHouseServerError(text: text).engineError(statement: statement, timeout: timeout)
        }
        return text
    }

    /// The error for a request that never got an answer, naming the server but never the
    /// password (it is not part of the address).
    func unavailable(_ error: any Error) -> EngineError {
        if let engineError = error as? EngineError { return engineError }
        let reason: String
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout:
            reason = "no answer in time"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            reason = "the server closed the connection"
        default:
            let detail = String(describing: error)
            // NIO's connection errors list every address tried; the errno is what helps.
            reason = detail.contains("refused") ? "connection refused" : detail
        }
        return .unavailable("Cannot reach ClickHouse at \(config.address): \(reason)")
    }

    /// Percent-encodes a URL query name or value (everything but RFC 3986's unreserved set).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
