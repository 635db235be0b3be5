import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A stand-in Trino coordinator on a real loopback port: it answers `POST /v1/statement`
/// with the first page of the exchange the statement names (`SELECT paged` → `paged`…), each
/// `GET` of a `nextUri` with the next page, and records every request, so tests can see the
/// headers the client sent and the `DELETE` that cancelled a query.
final class TrinoStandIn: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: [String]]
    }

    private let exchanges: [String: [String]]
    private let log = Mutex<[Request]>([])
    /// `POST`s to answer with 503 first (a gateway's hiccup).
    private let busyAnswers = Mutex(0)

    init(exchanges: [String: [String]], busyAnswers: Int = 0) {
        self.exchanges = exchanges
        self.busyAnswers.withLock { $0 = busyAnswers }
    }

    var requests: [Request] { log.withLock { $0 } }

    /// Runs `body` with the coordinator's base URL while it serves.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/v1/statement") { request, _ -> Response in
            self.record(request)
            if self.busyAnswers.withLock({ n in defer { n = max(0, n - 1) }; return n > 0 }) {
                return Response(status: .serviceUnavailable)
            }
            let statement = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let name = statement.split(separator: " ").last.map(String.init) ?? ""
            return self.page(name, index: 0, request: request)
        }
        router.get("/v1/statement/:stage/:query/:token/:page") { request, context -> Response in
            self.record(request)
            let page = Int(context.parameters.get("page") ?? "") ?? 0
            // Tokens are `<exchange>-y<n>` (see `page`).
            let token = context.parameters.get("token") ?? ""
            let name = token.range(of: "-y").map { String(token[..<$0.lowerBound]) } ?? ""
            return self.page(name, index: page, request: request)
        }
        router.delete("/v1/statement/:stage/:query/:token/:page") { request, _ -> Response in
            self.record(request)
            return Response(status: .noContent)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw TrinoStandInError() }
            try await body("http://127.0.0.1:\(port)")
        }
    }

    struct TrinoStandInError: Error {}

    private func record(_ request: Hummingbird.Request) {
        var headers: [String: [String]] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased(), default: []].append(field.value) }
        log.withLock { $0.append(Request(method: request.method.rawValue, path: request.uri.path, headers: headers)) }
    }

    private func page(_ name: String, index: Int, request: Hummingbird.Request) -> Response {
        let host = request.head.authority ?? "127.0.0.1"
        let base = "http://\(host)"
        let pages = exchanges[name] ?? []
        var text: String
        if index < pages.count {
            text = pages[index]
        } else if let running = exchanges["\(name)+"]?.first {
            text = running.replacingOccurrences(of: "{next}", with: String(index + 1))
                .replacingOccurrences(of: "{n}", with: String(index))
        } else {
            return Response(status: .notFound)
        }
        text = text.replacingOccurrences(of: "{base}", with: base)
        // The stand-in names the exchange in each URI's token, so pages find their way back.
        text = text.replacingOccurrences(of: "/y", with: "/\(name)-y")
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
