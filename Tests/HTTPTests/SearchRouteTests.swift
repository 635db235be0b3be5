import App
import Foundation
import Testing
import TestSupport

/// `GET /api/search` over real HTTP with accounts: what each person finds, snippets, hostile
/// text, bad filters, and reindexing.
@Suite struct SearchRouteTests {
    static let password = "search-password-1"

    func withHub(_ body: @Sendable (AccountClient, _ ann: Caller, _ bob: Caller) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            _ = try await Accounts.create(config, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            _ = try await Accounts.create(config, username: "bob", displayName: "Bob Builder", password: Self.password, admin: false)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                try await body(client, try await client.signIn("ann", Self.password), try await client.signIn("bob", Self.password))
            }
        }
    }

    static func results(_ reply: Reply) -> [[String: any Sendable]] {
        reply.json?["results"] as? [[String: any Sendable]] ?? []
    }

    static func search(_ client: AccountClient, _ query: String, as caller: Caller) async throws -> Reply {
        var components = URLComponents(string: "/api/search")!
        components.queryItems = [URLQueryItem(name: "q", value: query)]
        return try await client.send(.GET, components.percentEncodedQuery.map { "/api/search?" + $0 } ?? "/api/search", as: caller)
    }

    @Test func eachPersonFindsWhatTheyMayRead() async throws {
        try await withHub { client, ann, bob in
            let secret = try await client.object(.POST, "/api/docs", as: ann, body: #"{"title": "Quarterly zebra plan", "public": false}"#)
            let secretID = secret["id"] as! Int64
            try await client.object(
                .POST, "/api/docs/\(secretID)/cells", as: ann, body: #"{"kind": "text", "content": "Zebra budget: confidential."}"#)
            let open = try await client.object(.POST, "/api/docs", as: bob, body: #"{"title": "Zebra crossing counts"}"#)
            let openID = open["id"] as! Int64
            let query = (open["cells"] as! [[String: Any]])[0]["id"] as! Int64
            try await client.object(.PATCH, "/api/cells/\(query)", as: bob, body: #"{"content": "SELECT count(*) FROM zebra_crossings"}"#)

            let bobs = try await Self.search(client, "zebra", as: bob)
            #expect(bobs.status == 200)
            let bobSees = Self.results(bobs)
            #expect(bobSees.allSatisfy { ($0["docId"] as? Int64) != secretID && ($0["id"] as? Int64) != secretID })
            #expect(bobSees.contains { $0["type"] as? String == "doc" && $0["id"] as? Int64 == openID })
            let queryHit = try #require(bobSees.first { $0["type"] as? String == "query" })
            #expect(queryHit["url"] as? String == "/docs/\(openID)#cell-\(query)")
            #expect((queryHit["user"] as? [String: Any])?["username"] as? String == "bob")
            let snippet = try #require(queryHit["snippet"] as? [[String: Any]])
            #expect(snippet.contains { $0["hit"] as? Bool == true && ($0["text"] as? String)?.lowercased() == "zebra" })

            let annSees = Self.results(try await Self.search(client, "zebra", as: ann))
            let secretHit = try #require(annSees.first { $0["type"] as? String == "doc" && $0["id"] as? Int64 == secretID })
            #expect(secretHit["url"] as? String == "/docs/\(secretID)")
            #expect((secretHit["owner"] as? [String: Any])?["username"] as? String == "ann")

            let people = Self.results(try await client.send(.GET, "/api/search?q=builder&type=user", as: ann))
            #expect(people.count == 1)
            #expect(people.first?["username"] as? String == "bob")
            #expect(people.first?["url"] as? String == "/search?type=doc&owner=\(people.first?["id"] as? Int64 ?? 0)")
        }
    }

    @Test func anyTextIsAnsweredAndBadFiltersAreNamed() async throws {
        try await withHub { client, _, bob in
            for text in ["\"", "'", "AND OR NOT", "NEAR(a b", "title:x", "*", "^", "((", "\\", "😀", "%_",
                String(repeating: "x", count: 10_000), String(repeating: "\" OR ", count: 2_000)]
            {
                let reply = try await Self.search(client, text, as: bob)
                #expect(reply.status == 200, "\(text.prefix(20)): \(reply.status) \(reply.text.prefix(200))")
                #expect(reply.json?["results"] is [Any])
            }
            let empty = try await client.send(.GET, "/api/search", as: bob)
            #expect(empty.status == 200)
            #expect(Self.results(empty).isEmpty)
            for (query, name) in [
                ("type=folder", "`type`"), ("owner=me", "`owner`"), ("from=yesterday", "`from`"), ("limit=0", "`limit`"),
                ("limit=1000", "`limit`"), ("sort=new", "`sort`"),
            ] {
                let reply = try await client.send(.GET, "/api/search?q=x&\(query)", as: bob)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.errorCode == "bad_request")
                #expect(((reply.json?["error"] as? [String: Any])?["message"] as? String)?.contains(name) == true, "\(query)")
            }
            let anonymous = try await client.send(.GET, "/api/search?q=x")
            #expect(anonymous.status == 401)
        }
    }

    @Test func adminsRebuildTheIndex() async throws {
        try await withHub { client, ann, bob in
            try await client.object(.POST, "/api/docs", as: bob, body: #"{"title": "Heron counts"}"#)
            #expect(try await client.send(.POST, "/api/admin/search/reindex", as: bob).status == 403)
            let rebuilt = try await client.object(.POST, "/api/admin/search/reindex", as: ann)
            #expect((rebuilt["entries"] as? Int ?? 0) >= 4)
            let found = Self.results(try await client.send(.GET, "/api/search?q=heron&type=doc", as: bob))
            #expect(found.map { $0["title"] as? String } == ["Heron counts"])
        }
    }

    @Test func completionsNameTheirBadParameters() async throws {
        try await withHub { client, _, bob in
            let engines = try await client.object(.GET, "/api/engines", as: bob)["engines"] as! [[String: Any]]
            let demo = engines.first { $0["name"] as? String == "demo" }!["id"] as! Int64
            let badKind = try await client.send(.GET, "/api/engines/\(demo)/completions?kind=index", as: bob)
            #expect(badKind.status == 400)
            let noTable = try await client.send(.GET, "/api/engines/\(demo)/completions?kind=column", as: bob)
            #expect(noTable.status == 400)
            #expect(noTable.text.contains("`table`"))
            let unknown = try await client.send(.GET, "/api/engines/999/completions?kind=table", as: bob)
            #expect(unknown.status == 422)
        }
    }
}
