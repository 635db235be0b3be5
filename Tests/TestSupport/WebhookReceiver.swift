import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A webhook receiver on a loopback port for tests: keeps every POST body and content type,
/// answering with `status`.
public final class WebhookReceiver: Sendable {
    public let bodies = Mutex<[Data]>([])
    public let contentTypes = Mutex<[String]>([])
    public let status: HTTPResponse.Status

    public init(status: HTTPResponse.Status = .ok) { self.status = status }

    /// Serves `POST /hooks/{secret}` while `body` runs; `body` gets the hook's URL.
    public func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hooks/:secret") { request, _ -> Response in
            let data = Data(buffer: try await request.body.collect(upTo: 1 << 20))
            self.bodies.withLock { $0.append(data) }
            self.contentTypes.withLock { $0.append(request.headers[.contentType] ?? "") }
            return Response(status: self.status, body: .init(byteBuffer: ByteBuffer(string: self.status == .ok ? "ok" : "invalid_token")))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)/hooks/T0KEN")
        }
    }
}
