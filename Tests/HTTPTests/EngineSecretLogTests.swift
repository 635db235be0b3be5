import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TestSupport

/// Secrets never reach the log: every engine route, good and bad, with the server logging at
/// `trace`, and the captured log searched for the secret.
@Suite struct EngineSecretLogTests {
    static let secret = "Log-Never-Sees-Th1s"

    @Test func engineRoutesNeverLogTheSecret() async throws {
        let capture = LogCapture()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(capture: capture) }
        logger.logLevel = .trace
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: logger)
            try await app.test(.router) { client in
                let pg = #"{"name": "pg", "kind": "postgres", "secret": "\#(Self.secret)", "settings": {"host": "h", "user": "u"}}"#
                let requests: [(HTTPRequest.Method, String, String?)] = [
                    (.post, "/api/engines", pg),
                    (.post, "/api/engines", pg),
                    (.post, "/api/engines", #"{"name": "x", "kind": 5, "secret": "\#(Self.secret)"}"#),
                    (.post, "/api/engines", #"{"name": "x", "secret": "\#(Self.secret)", "#),
                    (.patch, "/api/engines/2", #"{"secret": "\#(Self.secret)", "settings": {"host": "h", "port": 0, "user": "u"}}"#),
                    (.post, "/api/engines/2/test", nil),
                    (.post, "/api/engines/test", pg),
                    (.post, "/api/executions", #"{"engine": "pg", "query": "SELECT 1"}"#),
                ]
                for (method, uri, body) in requests {
                    _ = try await client.execute(
                        uri: uri, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
                        body: body.map { ByteBuffer(string: $0) })
                }
            }
        }
        let lines = capture.lines
        #expect(!lines.isEmpty, "the server logged nothing at trace: the capture is not wired")
        for line in lines { #expect(!line.contains(Self.secret), "logged: \(line)") }
    }
}

final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        capture.append("\(level) \(message) \(self.metadata.merging(metadata ?? [:]) { $1 })")
    }
}
