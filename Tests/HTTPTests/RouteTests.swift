import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Every API route through the real router, as a client sees it.
@Suite struct RouteTests {
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in try await body(client) }
        }
    }

    @Test func healthAndEngines() async throws {
        try await withClient { client in
            let health = try await client.json(.get, "/api/health")
            #expect(health.status == .ok)
            #expect(health.object?["status"] as? String == "ok")
            let engines = try await client.json(.get, "/api/engines")
            let list = try #require(engines.object?["engines"] as? [[String: Any]])
            #expect(list.map { $0["name"] as? String } == ["demo"])
            #expect(list[0]["path"] == nil, "engine paths are not exposed")
        }
    }

    @Test func docAndCellLifecycle() async throws {
        try await withClient { client in
            let created = try await client.json(.post, "/api/docs", #"{"title": "Growth"}"#)
            #expect(created.status == .created)
            let doc = try #require(created.object)
            let docID = try #require(doc["id"] as? Int)
            let firstCell = try #require((doc["cells"] as? [[String: Any]])?.first)
            #expect(firstCell["kind"] as? String == "query")
            #expect(firstCell["engineId"] as? Int == 1)
            let firstID = try #require(firstCell["id"] as? Int)

            let text = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "text", "content": "Notes", "before": \#(firstID)}"#)
            #expect(text.status == .created)
            let textID = try #require(text.object?["id"] as? Int)
            let last = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "query", "content": "SELECT 2"}"#)
            let lastID = try #require(last.object?["id"] as? Int)
            #expect(try await cellOrder(client, docID) == [textID, firstID, lastID])

            let moved = try await client.json(.patch, "/api/cells/\(textID)", #"{"after": \#(lastID), "content": "Moved"}"#)
            #expect(moved.status == .ok)
            #expect(moved.object?["content"] as? String == "Moved")
            #expect(try await cellOrder(client, docID) == [firstID, lastID, textID])
            let first = try await client.json(.patch, "/api/cells/\(textID)", #"{"after": null}"#)
            #expect(first.status == .ok)
            #expect(try await cellOrder(client, docID) == [textID, firstID, lastID])

            let renamed = try await client.json(.patch, "/api/docs/\(docID)", #"{"title": "Growth 2026"}"#)
            #expect(renamed.object?["title"] as? String == "Growth 2026")
            let list = try await client.json(.get, "/api/docs")
            #expect((list.object?["docs"] as? [[String: Any]])?.first?["title"] as? String == "Growth 2026")

            #expect(try await client.json(.delete, "/api/cells/\(lastID)").status == .noContent)
            #expect(try await cellOrder(client, docID) == [textID, firstID])
            #expect(try await client.json(.delete, "/api/docs/\(docID)").status == .noContent)
            #expect(try await client.json(.get, "/api/docs/\(docID)").status == .notFound)
        }
    }

    @Test func archivedDocsAreListedApart() async throws {
        try await withClient { client in
            let created = try await client.json(.post, "/api/docs", #"{}"#)
            let id = try #require(created.object?["id"] as? Int)
            _ = try await client.json(.patch, "/api/docs/\(id)", #"{"archived": true}"#)
            #expect((try await client.json(.get, "/api/docs").object?["docs"] as? [Any])?.isEmpty == true)
            #expect((try await client.json(.get, "/api/docs?archived=true").object?["docs"] as? [Any])?.count == 1)
        }
    }

    struct BadRequest: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let body: String?
        let status: HTTPResponse.Status
        let code: String
        var testDescription: String { "\(method) \(path) → \(status.code)" }
    }

    static let badRequests: [BadRequest] = [
        .init(method: .post, path: "/api/docs", body: "{not json", status: .badRequest, code: "bad_request"),
        .init(method: .post, path: "/api/docs", body: #"{"title": 5}"#, status: .badRequest, code: "bad_request"),
        .init(method: .post, path: "/api/docs", body: "", status: .badRequest, code: "bad_request"),
        .init(method: .post, path: "/api/docs", body: "{\"title\": \"" + String(repeating: "x", count: 2_000_000) + "\"}",
              status: .contentTooLarge, code: "payload_too_large"),
        .init(method: .get, path: "/api/docs/999", body: nil, status: .notFound, code: "not_found"),
        .init(method: .get, path: "/api/docs/abc", body: nil, status: .notFound, code: "not_found"),
        .init(method: .patch, path: "/api/docs/999", body: #"{"title": "x"}"#, status: .notFound, code: "not_found"),
        .init(method: .patch, path: "/api/docs/1", body: #"{"archived": "yes"}"#, status: .badRequest, code: "bad_request"),
        .init(method: .delete, path: "/api/docs/999", body: nil, status: .notFound, code: "not_found"),
        .init(method: .post, path: "/api/docs/1/cells", body: #"{"kind": "video"}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/docs/1/cells", body: #"{"kind": "text", "after": 999}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/docs/1/cells", body: #"{"kind": "query", "engineId": 999}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/docs/999/cells", body: #"{"kind": "text"}"#, status: .notFound, code: "not_found"),
        .init(method: .post, path: "/api/docs/1/cells", body: #"{"content": "no kind"}"#, status: .badRequest, code: "bad_request"),
        .init(method: .patch, path: "/api/cells/999", body: #"{"content": "x"}"#, status: .notFound, code: "not_found"),
        .init(method: .patch, path: "/api/cells/1", body: #"{"rowLimit": -5}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .patch, path: "/api/cells/1", body: #"{"after": 1}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .delete, path: "/api/cells/999", body: nil, status: .notFound, code: "not_found"),
        .init(method: .post, path: "/api/executions", body: #"{"engine": "nope", "query": "SELECT 1"}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/executions", body: #"{"engine": "demo", "query": "  -- nothing\n"}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/executions", body: #"{"engine": "demo", "query": "SELECT 1", "cellId": 999}"#, status: .unprocessableContent, code: "unprocessable"),
        .init(method: .post, path: "/api/executions", body: #"{"query": "SELECT 1"}"#, status: .badRequest, code: "bad_request"),
        .init(method: .get, path: "/api/executions/999", body: nil, status: .notFound, code: "not_found"),
        .init(method: .get, path: "/api/executions/999/rows", body: nil, status: .notFound, code: "not_found"),
        .init(method: .post, path: "/api/executions/999/cancel", body: nil, status: .notFound, code: "not_found"),
        .init(method: .get, path: "/api/events", body: nil, status: .badRequest, code: "bad_request"),
        .init(method: .get, path: "/api/events?topics=secrets:1", body: nil, status: .badRequest, code: "bad_request"),
        .init(method: .get, path: "/api/nope", body: nil, status: .notFound, code: "not_found"),
    ]

    @Test(arguments: badRequests)
    func badInputGetsTheErrorShapeAndChangesNothing(_ bad: BadRequest) async throws {
        try await withClient { client in
            let setup = try await client.json(.post, "/api/docs", #"{"title": "Keep me"}"#)
            let docID = try #require(setup.object?["id"] as? Int)
            #expect(docID == 1)
            let before = try await client.raw(.get, "/api/docs/1")
            let executionsBefore = try await client.json(.get, "/api/executions/1").status

            let response = try await client.json(bad.method, bad.path, bad.body)
            #expect(response.status == bad.status)
            let error = try #require(response.object?["error"] as? [String: Any], "error shape")
            #expect(error["code"] as? String == bad.code)
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(response.object?.count == 1)

            let after = try await client.raw(.get, "/api/docs/1")
            #expect(after == before)
            #expect(try await client.json(.get, "/api/executions/1").status == executionsBefore)
        }
    }

    @Test func pagesAndAssetsAreServed() async throws {
        try await withClient { client in
            for path in [
                "/", "/docs", "/docs/5", "/executions/3", "/admin", "/admin/engines", "/admin/users", "/sign-in",
                "/settings/profile", "/settings/tokens", "/tables", "/tables/5", "/tables/5/lineage", "/search", "/schedules",
            ] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            let codemirror = try await client.execute(uri: "/assets/vendor/codemirror/lib/codemirror.js", method: .get)
            #expect(codemirror.status == .ok)
            #expect(codemirror.headers[.contentType] == "text/javascript; charset=utf-8")
            let etag = try #require(codemirror.headers[.eTag])
            let again = try await client.execute(uri: "/assets/vendor/codemirror/lib/codemirror.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            let chartJS = try await client.execute(uri: "/assets/vendor/chart.js/chart.min.js", method: .get)
            #expect(chartJS.status == .ok)
            #expect(chartJS.headers[.contentType] == "text/javascript; charset=utf-8")
            // cronstrue, bundled from node-cronstrue by esbuild at build time (when both are installed).
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/esbuild") {
                let cronstrue = try await client.execute(uri: "/assets/vendor/cronstrue/cronstrue.js", method: .get)
                #expect(cronstrue.status == .ok)
                #expect(String(buffer: cronstrue.body).contains("toString"))
            }
            #expect(try await client.execute(uri: "/assets/nope.js", method: .get).status == .notFound)
        }
    }

    @Test func presenceListsTabsAndLetsThemLeave() async throws {
        try await withClient { client in
            _ = try await client.json(.post, "/api/docs", #"{}"#)
            let joined = try await client.json(
                .post, "/api/docs/1/presence", #"{"clientId": "tab-1", "cellId": 1, "selection": {"anchor": 3, "head": 5}}"#)
            #expect(joined.status == .ok)
            let present = try #require(joined.object?["present"] as? [[String: Any]])
            #expect(present.count == 1)
            #expect(present[0]["initials"] as? String == "LU")
            #expect((present[0]["selection"] as? [String: Int]) == ["anchor": 3, "head": 5])
            let second = try await client.json(.post, "/api/docs/1/presence", #"{"clientId": "tab-2"}"#)
            #expect((second.object?["present"] as? [Any])?.count == 2)
            let left = try await client.json(.post, "/api/docs/1/presence", #"{"clientId": "tab-2", "leave": true}"#)
            #expect((left.object?["present"] as? [[String: Any]])?.map { $0["clientId"] as? String } == ["tab-1"])
            #expect(try await client.json(.post, "/api/docs/9/presence", #"{"clientId": "x"}"#).status == .notFound)
            #expect(try await client.json(.post, "/api/docs/1/presence", #"{"clientId": ""}"#).status == .badRequest)
        }
    }

    func cellOrder(_ client: any TestClientProtocol, _ docID: Int) async throws -> [Int] {
        let doc = try await client.json(.get, "/api/docs/\(docID)")
        return (doc.object?["cells"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }
}

struct JSONResult: @unchecked Sendable {
    let status: HTTPResponse.Status
    let object: [String: Any]?
}

extension TestClientProtocol {
    func json(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> JSONResult {
        let response = try await execute(
            uri: path, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
            body: body.map { ByteBuffer(string: $0) })
        let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return JSONResult(status: response.status, object: object)
    }

    func raw(_ method: HTTPRequest.Method, _ path: String) async throws -> String {
        let response = try await execute(uri: path, method: method)
        return String(buffer: response.body)
    }
}
