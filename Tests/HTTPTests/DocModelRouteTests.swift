import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Clone, duplicate, favorites, views, the doc list's parameters and chart cells, through the
/// real router.
@Suite struct DocModelRouteTests {
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in try await body(client) }
        }
    }

    func cells(_ client: any TestClientProtocol, _ docID: Int) async throws -> [[String: Any]] {
        try #require(try await client.json(.get, "/api/docs/\(docID)").object?["cells"] as? [[String: Any]])
    }

    func titles(_ client: any TestClientProtocol, _ query: String) async throws -> [String] {
        let list = try await client.json(.get, "/api/docs\(query)")
        #expect(list.status == .ok, "\(query)")
        return (list.object?["docs"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    @Test func cloneOpensACopyWithEveryCell() async throws {
        try await withClient { client in
            let doc = try #require(try await client.json(.post, "/api/docs", #"{"title": "Funnel"}"#).object)
            let docID = try #require(doc["id"] as? Int)
            let queryID = try #require((doc["cells"] as? [[String: Any]])?.first?["id"] as? Int)
            _ = try await client.json(.patch, "/api/cells/\(queryID)", #"{"content": "SELECT 1", "title": "Q", "rowLimit": 100, "collapsed": true}"#)
            _ = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "text", "content": "Intro", "before": \#(queryID)}"#)
            _ = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "chart", "content": "{\"source\": \#(queryID), \"type\": \"bar\"}"}"#)

            let cloned = try await client.json(.post, "/api/docs/\(docID)/clone")
            #expect(cloned.status == .created)
            let copy = try #require(cloned.object)
            #expect(copy["title"] as? String == "Copy of Funnel")
            #expect(copy["favorite"] as? Bool == false)
            let copyID = try #require(copy["id"] as? Int)
            #expect(copyID != docID)
            let original = try await cells(client, docID)
            let copied = try #require(copy["cells"] as? [[String: Any]])
            #expect(copied.count == 3)
            for (a, b) in zip(original, copied) {
                for key in ["kind", "title", "engineId", "rowLimit", "collapsed"] {
                    #expect(String(describing: a[key]) == String(describing: b[key]), "\(key)")
                }
                #expect(a["id"] as? Int != b["id"] as? Int)
                #expect(b["docId"] as? Int == copyID)
            }
            #expect(copied.map { $0["content"] as? String }.prefix(2) == ["Intro", "SELECT 1"])
            let copiedQueryID = try #require(copied[1]["id"] as? Int)
            #expect((copied[2]["content"] as? String)?.contains(#""source":\#(copiedQueryID)"#) == true)
            #expect(try await cells(client, copyID).map { $0["id"] as? Int } == copied.map { $0["id"] as? Int })
            #expect(try await client.json(.post, "/api/docs/999/clone").status == .notFound)
        }
    }

    @Test func duplicatePlacesTheCopyRightAfter() async throws {
        try await withClient { client in
            let doc = try #require(try await client.json(.post, "/api/docs", #"{}"#).object)
            let docID = try #require(doc["id"] as? Int)
            let first = try #require((doc["cells"] as? [[String: Any]])?.first?["id"] as? Int)
            let last = try #require(try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "text", "content": "end"}"#).object?["id"] as? Int)
            _ = try await client.json(.patch, "/api/cells/\(first)", #"{"content": "SELECT 42", "rowLimit": 10}"#)
            let duplicated = try await client.json(.post, "/api/cells/\(first)/duplicate")
            #expect(duplicated.status == .created)
            let copy = try #require(duplicated.object)
            #expect(copy["content"] as? String == "SELECT 42")
            #expect(copy["rowLimit"] as? Int == 10)
            let copyID = try #require(copy["id"] as? Int)
            #expect(try await cells(client, docID).map { $0["id"] as? Int } == [first, copyID, last])
            #expect(try await client.json(.post, "/api/cells/999/duplicate").status == .notFound)
        }
    }

    @Test func favoritesAndRecentsShowInDocsAndLists() async throws {
        try await withClient { client in
            let a = try #require(try await client.json(.post, "/api/docs", #"{"title": "A"}"#).object?["id"] as? Int)
            let b = try #require(try await client.json(.post, "/api/docs", #"{"title": "B"}"#).object?["id"] as? Int)
            #expect(try await client.json(.get, "/api/docs/\(a)").object?["favorite"] as? Bool == false)
            let put = try await client.json(.put, "/api/docs/\(a)/favorite")
            #expect(put.status == .ok)
            #expect(put.object?["favorite"] as? Bool == true)
            #expect(try await client.json(.put, "/api/docs/\(a)/favorite").status == .ok, "idempotent")
            #expect(try await client.json(.get, "/api/docs/\(a)").object?["favorite"] as? Bool == true)
            #expect(try await titles(client, "?favorite=true") == ["A"])
            let listed = try #require(try await client.json(.get, "/api/docs").object?["docs"] as? [[String: Any]])
            #expect(listed.map { $0["favorite"] as? Bool } == [false, true])
            #expect(listed.allSatisfy { $0.keys.contains("viewedAt") })
            #expect(try await client.json(.delete, "/api/docs/\(a)/favorite").object?["favorite"] as? Bool == false)
            #expect(try await titles(client, "?favorite=true") == [])

            #expect(try await titles(client, "?recent=true") == [])
            #expect(try await client.json(.post, "/api/docs/\(b)/view").status == .noContent)
            #expect(try await client.json(.post, "/api/docs/\(a)/view").status == .noContent)
            #expect(try await titles(client, "?recent=true") == ["A", "B"])
            #expect(try await client.json(.post, "/api/docs/\(b)/view").status == .noContent)
            #expect(try await titles(client, "?recent=true") == ["B", "A"])
            #expect(try await titles(client, "?recent=true&limit=1") == ["B"])

            for path in ["/api/docs/999/favorite"] {
                #expect(try await client.json(.put, path).status == .notFound)
                #expect(try await client.json(.delete, path).status == .notFound)
            }
            #expect(try await client.json(.post, "/api/docs/999/view").status == .notFound)
            #expect(try await client.json(.post, "/api/docs/abc/view").status == .notFound)
        }
    }

    @Test func listSortsFiltersAndPages() async throws {
        try await withClient { client in
            for title in ["beta", "Alpha", "50%_off", "gamma"] {
                _ = try await client.json(.post, "/api/docs", "{\"title\": \"\(title)\"}")
            }
            let archived = try #require(try await client.json(.post, "/api/docs", #"{"title": "old alpha"}"#).object?["id"] as? Int)
            _ = try await client.json(.patch, "/api/docs/\(archived)", #"{"archived": true}"#)
            #expect(try await titles(client, "") == ["gamma", "50%_off", "Alpha", "beta"])
            #expect(try await titles(client, "?sort=title") == ["50%_off", "Alpha", "beta", "gamma"], "title is A to Z by default")
            #expect(try await titles(client, "?sort=title&order=desc") == ["gamma", "beta", "Alpha", "50%_off"])
            #expect(try await titles(client, "?sort=created&order=asc") == ["beta", "Alpha", "50%_off", "gamma"])
            #expect(try await titles(client, "?q=ALPHA") == ["Alpha"])
            #expect(try await titles(client, "?q=alpha&archived=all") == ["old alpha", "Alpha"])
            #expect(try await titles(client, "?archived=true") == ["old alpha"])
            #expect(try await titles(client, "?q=%25") == ["50%_off"])
            #expect(try await titles(client, "?q=%25_") == ["50%_off"])
            #expect(try await titles(client, "?q=_") == ["50%_off"], "`_` matches itself only")
            #expect(try await titles(client, "?owner=me&limit=2&offset=1") == ["50%_off", "Alpha"])
            let page = try #require(try await client.json(.get, "/api/docs?limit=2").object)
            #expect(page["total"] as? Int == 4)
            #expect(page["limit"] as? Int == 2)
            #expect(page["offset"] as? Int == 0)
            // An archived doc still opens and can be restored.
            #expect(try await client.json(.get, "/api/docs/\(archived)").object?["archived"] as? Bool == true)
            #expect(try await client.json(.patch, "/api/docs/\(archived)", #"{"archived": false}"#).object?["archived"] as? Bool == false)
            #expect(try await titles(client, "?q=alpha") == ["old alpha", "Alpha"])
        }
    }

    @Test(arguments: [
        "sort=newest", "sort=", "order=up", "archived=yes", "favorite=1", "recent=yes", "owner=ana", "limit=0",
        "limit=501", "limit=ten", "offset=-1", "colour=red", "q=" + String(repeating: "x", count: 201),
    ])
    func badListParametersAre400(_ query: String) async throws {
        try await withClient { client in
            let response = try await client.json(.get, "/api/docs?\(query)")
            #expect(response.status == .badRequest)
            let error = try #require(response.object?["error"] as? [String: Any])
            #expect(error["code"] as? String == "bad_request")
            #expect((error["message"] as? String)?.isEmpty == false)
        }
    }

    @Test func chartCellsHoldCheckedSettings() async throws {
        try await withClient { client in
            let doc = try #require(try await client.json(.post, "/api/docs", #"{}"#).object)
            let docID = try #require(doc["id"] as? Int)
            let plain = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "chart"}"#)
            #expect(plain.status == .created)
            let chartID = try #require(plain.object?["id"] as? Int)
            #expect(plain.object?["content"] as? String == #"{"source":null,"type":"bar"}"#)
            for bad in [#""{oops""#, #""[]""#, #""{\"type\": \"radar\"}""#, #""{\"source\": \"x\"}""#] {
                let created = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "chart", "content": \#(bad)}"#)
                #expect(created.status == .unprocessableContent, "\(bad)")
                #expect((created.object?["error"] as? [String: Any])?["code"] as? String == "unprocessable")
                let patched = try await client.json(.patch, "/api/cells/\(chartID)", #"{"content": \#(bad)}"#)
                #expect(patched.status == .unprocessableContent, "\(bad)")
            }
            #expect(try await cells(client, docID).count == 2, "no bad chart was saved")
            let good = try await client.json(.patch, "/api/cells/\(chartID)", #"{"content": "{\"source\": 1, \"type\": \"line\"}"}"#)
            #expect(good.status == .ok)
            let collapsed = try await client.json(.post, "/api/docs/\(docID)/cells", #"{"kind": "text", "collapsed": true}"#)
            #expect(collapsed.object?["collapsed"] as? Bool == true)
        }
    }
}
