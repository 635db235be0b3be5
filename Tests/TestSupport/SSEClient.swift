import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One server-sent event as a browser would see it.
public struct SSEMessage: Sendable, Hashable {
    public var id: UInt64?
    public var event: String
    public var data: String
}

/// A minimal server-sent-events client over AsyncHTTPClient, for tests.
public enum SSEClient {
    /// Connects and yields events until the stream ends or the consumer stops. `headers`: for
    /// example a session cookie.
    public static func connect(
        _ url: String, lastEventID: UInt64? = nil, headers: [String: String] = [:]
    ) async throws -> AsyncThrowingStream<SSEMessage, any Error> {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        guard response.status == .ok else {
            throw SSEError.status(Int(response.status.code))
        }
        let body = response.body
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var pending = ""
                    var message = SSEMessage(id: nil, event: "message", data: "")
                    for try await buffer in body {
                        pending += String(buffer: buffer)
                        while let newline = pending.firstIndex(of: "\n") {
                            let line = String(pending[..<newline])
                            pending = String(pending[pending.index(after: newline)...])
                            if line.isEmpty {
                                if !message.data.isEmpty { continuation.yield(message) }
                                message = SSEMessage(id: nil, event: "message", data: "")
                            } else if line.hasPrefix("id: ") {
                                message.id = UInt64(line.dropFirst(4))
                            } else if line.hasPrefix("event: ") {
                                message.event = String(line.dropFirst(7))
                            } else if line.hasPrefix("data: ") {
                                message.data += String(line.dropFirst(6))
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public enum SSEError: Error, Equatable { case status(Int) }
}

/// Small JSON helpers over AsyncHTTPClient for live-server tests.
public enum LiveHTTP {
    /// Sends a request and returns the status and the decoded JSON body (or `nil`).
    public static func send(_ method: HTTPMethod, _ url: String, json: String? = nil) async throws -> (Int, Any?) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        let object = body.readableBytes > 0 ? try? JSONSerialization.jsonObject(with: Data(buffer: body)) : nil
        return (Int(response.status.code), object)
    }
}
