import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Someone calling the API in the account tests: a signed-in session (cookie and CSRF token),
/// an API token, or nobody.
struct Caller: Sendable {
    var cookie: String?
    var csrf: String?
    var bearer: String?

    static let anonymous = Caller()
}

/// An answer, with its body as text and parsed JSON.
struct Reply: Sendable {
    let status: Int
    let headers: [String: String]
    let text: String

    var json: [String: any Sendable]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: any Sendable]
    }

    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
}

/// Plain HTTP against a live hub.
struct AccountClient: Sendable {
    let base: String

    /// Sends one request as `caller`. `body` is JSON text. For an event stream only the head
    /// and the first chunk are read.
    func send(
        _ method: HTTPMethod, _ path: String, as caller: Caller = .anonymous, body: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path.dropFirst())
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        if let cookie = caller.cookie { request.headers.add(name: "Cookie", value: "qb_session=\(cookie)") }
        if let csrf = caller.csrf, method != .GET { request.headers.add(name: "X-CSRF-Token", value: csrf) }
        if let bearer = caller.bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let status = Int(response.status.code)
        if headers["content-type"]?.hasPrefix("text/event-stream") == true {
            var first = ""
            for try await chunk in response.body {
                first = String(buffer: chunk)
                break
            }
            return Reply(status: status, headers: headers, text: first)
        }
        let collected = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: status, headers: headers, text: String(buffer: collected))
    }

    /// Signs in; the session's cookie and CSRF token.
    func signIn(_ username: String, _ password: String) async throws -> Caller {
        let reply = try await send(.POST, "/api/auth/login", body: #"{"username": "\#(username)", "password": "\#(password)"}"#)
        guard reply.status == 200, let setCookie = reply.headers["set-cookie"],
            let value = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last,
            let csrf = reply.json?["csrfToken"] as? String
        else { throw ClientError.status(reply.status, reply.text) }
        return Caller(cookie: String(value), csrf: csrf)
    }

    /// The JSON object of a request that must succeed.
    @discardableResult
    func object(_ method: HTTPMethod, _ path: String, as caller: Caller, body: String? = nil) async throws -> [String: any Sendable] {
        let reply = try await send(method, path, as: caller, body: body)
        guard (200..<300).contains(reply.status), let json = reply.json else { throw ClientError.status(reply.status, reply.text) }
        return json
    }

    /// Waits until a run has ended; its status.
    func waitForRun(_ id: Int64, as caller: Caller) async throws -> String {
        for _ in 0..<300 {
            let run = try await object(.GET, "/api/executions/\(id)", as: caller)
            if let status = run["status"] as? String, ["done", "failed", "cancelled"].contains(status) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClientError.status(0, "run \(id) did not end")
    }

    enum ClientError: Error {
        case status(Int, String)
    }
}
