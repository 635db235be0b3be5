import App
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// `/api/docs/{id}/versions` through the real router, with a clock moved by hand.
@Suite struct HistoryRouteTests {
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol, ManualClock) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger, clock: clock)
            try await app.test(.router) { client in try await body(client, clock) }
        }
    }

    /// A doc with version 1 ("Draft", `first`) and version 2 ("Final", `second`); the cell's id.
    func twoVersions(
        _ client: any TestClientProtocol, _ clock: ManualClock, first: String, second: String
    ) async throws -> Int {
        let created = try await client.json(.post, "/api/docs", #"{"title": "Draft"}"#)
        let cellID = try #require((created.object?["cells"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect(try await client.json(.patch, "/api/cells/\(cellID)", #"{"content": "\#(first)"}"#).status == .ok)
        clock.advance(by: 120)
        #expect(try await client.json(.patch, "/api/cells/\(cellID)", #"{"content": "\#(second)"}"#).status == .ok)
        #expect(try await client.json(.patch, "/api/docs/1", #"{"title": "Final"}"#).status == .ok)
        return cellID
    }

    @Test func versionsAreListedShownAndRestored() async throws {
        try await withClient { client, clock in
            let cellID = try await twoVersions(client, clock, first: "SELECT 1", second: "SELECT 2")
            let list = try await client.json(.get, "/api/docs/1/versions")
            #expect(list.status == .ok)
            #expect(list.object?["docId"] as? Int == 1)
            var versions = try #require(list.object?["versions"] as? [[String: Any]])
            #expect(versions.map { $0["number"] as? Int } == [2, 1])
            #expect(versions.map { $0["current"] as? Bool } == [true, false])
            #expect(versions.map { $0["changeCount"] as? Int } == [2, 2])
            #expect(versions[1]["restoredFrom"] is NSNull, "null keys are written out")
            let authors = try #require(versions[0]["authors"] as? [[String: Any]])
            #expect(authors.map { $0["name"] as? String } == ["Local user"])
            #expect(authors.map { $0["id"] as? Int } == [1])
            #expect(versions[0]["startedAt"] as? String != versions[1]["startedAt"] as? String)

            let one = try await client.json(.get, "/api/docs/1/versions/1")
            #expect(one.status == .ok)
            #expect(one.object?["number"] as? Int == 1)
            #expect(one.object?["current"] as? Bool == false)
            let shown = try #require(one.object?["doc"] as? [String: Any])
            #expect(shown["title"] as? String == "Draft")
            let shownCells = try #require(shown["cells"] as? [[String: Any]])
            #expect(shownCells.map { $0["content"] as? String } == ["SELECT 1"])
            #expect(shownCells.first?["kind"] as? String == "query")
            #expect(shownCells.first?["rowLimit"] is NSNull)
            let two = try await client.json(.get, "/api/docs/1/versions/2")
            #expect(two.object?["current"] as? Bool == true)
            #expect(((two.object?["doc"] as? [String: Any])?["cells"] as? [[String: Any]])?.first?["content"] as? String == "SELECT 2")

            clock.advance(by: 10)
            let restored = try await client.json(.post, "/api/docs/1/versions/1/restore")
            #expect(restored.status == .ok)
            #expect(restored.object?["title"] as? String == "Draft")
            let cells = try #require(restored.object?["cells"] as? [[String: Any]])
            #expect(cells.map { $0["id"] as? Int } == [cellID])
            #expect(cells.map { $0["content"] as? String } == ["SELECT 1"])
            #expect(cells.first?["version"] as? Int == 3)
            #expect(try await client.json(.get, "/api/docs/1").object?["title"] as? String == "Draft")

            versions = try #require(try await client.json(.get, "/api/docs/1/versions").object?["versions"] as? [[String: Any]])
            #expect(versions.map { $0["number"] as? Int } == [3, 2, 1])
            #expect(versions[0]["restoredFrom"] as? Int == 1)
            #expect(versions.map { $0["current"] as? Bool } == [true, false, false])
            let before = try await client.json(.get, "/api/docs/1/versions/2")
            #expect((before.object?["doc"] as? [String: Any])?["title"] as? String == "Final")
        }
    }

    @Test(arguments: [
        ("POST", "/api/docs/1/versions/2/restore", HTTPResponse.Status.conflict, "conflict"),
        ("POST", "/api/docs/1/versions/9/restore", .notFound, "not_found"),
        ("POST", "/api/docs/99/versions/1/restore", .notFound, "not_found"),
        ("POST", "/api/docs/1/versions/abc/restore", .badRequest, "bad_request"),
        ("POST", "/api/docs/1/versions/0/restore", .badRequest, "bad_request"),
        ("GET", "/api/docs/1/versions/9", .notFound, "not_found"),
        ("GET", "/api/docs/1/versions/-1", .badRequest, "bad_request"),
        ("GET", "/api/docs/99/versions", .notFound, "not_found"),
        ("GET", "/api/docs/x/versions", .notFound, "not_found"),
    ])
    func badVersionRequestsGetTheErrorShapeAndChangeNothing(
        method: String, path: String, status: HTTPResponse.Status, code: String
    ) async throws {
        try await withClient { client, clock in
            _ = try await twoVersions(client, clock, first: "SELECT 1", second: "SELECT 2")
            let doc = try await client.raw(.get, "/api/docs/1")
            let history = try await client.raw(.get, "/api/docs/1/versions")
            let answer = try await client.json(method == "POST" ? .post : .get, path)
            #expect(answer.status == status)
            let error = try #require(answer.object?["error"] as? [String: Any], "error shape")
            #expect(error["code"] as? String == code)
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(answer.object?.count == 1)
            if status == .conflict {
                #expect((error["message"] as? String)?.contains("current version") == true)
            }
            #expect(try await client.raw(.get, "/api/docs/1") == doc)
            #expect(try await client.raw(.get, "/api/docs/1/versions") == history)
        }
    }

    /// A tab still on the old text, with an edit of its own not yet sent, catches up on the
    /// restore from the edit log and ends where the server is.
    @Test func aClientBehindTheRestoreCatchesUpAndConverges() async throws {
        try await withClient { client, clock in
            let cellID = try await twoVersions(client, clock, first: "a.b.c.d", second: "w.x.y.z")
            let tab = SimulatedEditor(name: "tab", text: "w.x.y.z", version: 2)
            var random = SeededRandom(seed: 9)
            _ = try tab.edit(using: &random)
            #expect(tab.text != "w.x.y.z")

            #expect(try await client.json(.post, "/api/docs/1/versions/1/restore").status == .ok)
            let log = try await client.json(.get, "/api/cells/\(cellID)/edits?after=2")
            #expect(log.status == .ok)
            let edits = try #require(log.object?["edits"] as? [[String: Any]])
            #expect(edits.count == 1)
            #expect(edits.first?["clientId"] as? String == "restore")

            // The tab sends its edit on version 2 (the server transforms it past the restore),
            // then reads what it missed.
            let payload = try #require(tab.nextToSend())
            let body = String(decoding: try JSONEncoder().encode(EditRequest(
                baseVersion: payload.base, operation: payload.operation, clientId: tab.name, editId: payload.editID)),
                as: UTF8.self)
            #expect(try await client.json(.post, "/api/cells/\(cellID)/edits", body).status == .ok)
            let missed = try await client.json(.get, "/api/cells/\(cellID)/edits?after=2")
            for edit in missed.object?["edits"] as? [[String: Any]] ?? [] {
                let operation = try JSONDecoder().decode(
                    TextOperation.self, from: JSONSerialization.data(withJSONObject: edit["operation"] ?? []))
                try tab.receive(
                    version: try #require(edit["version"] as? Int), operation: operation,
                    clientID: try #require(edit["clientId"] as? String), editID: try #require(edit["editId"] as? String))
            }
            #expect(tab.isSettled)
            let cell = try #require((try await client.json(.get, "/api/docs/1").object?["cells"] as? [[String: Any]])?.first)
            #expect(tab.text == cell["content"] as? String)
            #expect(tab.version == cell["version"] as? Int)
            // The restored text is there, and so is what the tab typed (a deletion of old text is moot).
            var rest = tab.text
            for token in tab.tokens {
                #expect(rest.contains(token))
                rest = rest.replacingOccurrences(of: token, with: "")
            }
            #expect(rest == "a.b.c.d")
        }
    }
}
