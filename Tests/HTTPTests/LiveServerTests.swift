import App
import Core
import Foundation
import Testing
import TestSupport

/// The hub as `querybook serve` runs it, over real HTTP on a free port.
@Suite struct LiveServerTests {
    let slowQuery = (1...3).map { n in
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT \(n) AS n, count(*) FROM c;"
    }.joined(separator: "\n")

    @Test func runFollowedLiveThenPaged() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let (status, created) = try await LiveHTTP.send(
                    .POST, base + "api/executions", json: #"{"engine": "demo", "query": "SELECT id, kind FROM events ORDER BY id"}"#)
                #expect(status == 201)
                let id = try #require((created as? [String: Any])?["id"] as? Int)
                let eventID = try #require((created as? [String: Any])?["eventId"] as? UInt64)
                // Subscribing from just before the queued event replays the whole run, however fast.
                let stream = try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
                var statuses: [String] = []
                for try await message in stream where message.event == "execution" {
                    let snapshot = try JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any]
                    let status = try #require(snapshot?["status"] as? String)
                    if statuses.last != status { statuses.append(status) }
                    if ["done", "failed", "cancelled"].contains(status) { break }
                }
                #expect(statuses == ["queued", "running", "done"])
                let (_, page) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=0&offset=19990&limit=100")
                let body = try #require(page as? [String: Any])
                #expect(body["total"] as? Int == 20_000)
                let rows = try #require(body["rows"] as? [[Any]])
                #expect(rows.count == 10)
                #expect(rows.first?.first as? Int == 19_991)
                let columns = try #require(body["columns"] as? [[String: String]])
                #expect(columns == [
                    ["name": "id", "type": "integer", "engineType": "INTEGER"],
                    ["name": "kind", "type": "text", "engineType": "TEXT"],
                ])
                let (cancelStatus, _) = try await LiveHTTP.send(.POST, base + "api/executions/\(id)/cancel")
                #expect(cancelStatus == 409)
            }
        }
    }

    @Test func reconnectingClientSeesEveryEventExactlyOnceInOrder() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { [slowQuery] base in
                let query = String(data: try JSONEncoder().encode(["engine": "demo", "query": slowQuery]), encoding: .utf8)
                let (_, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: query)
                let id = try #require((created as? [String: Any])?["id"] as? Int)
                let eventID = try #require((created as? [String: Any])?["eventId"] as? UInt64)
                let url = base + "api/events?topics=execution:\(id)"

                // A reference client that sees the whole run from its queued event.
                let reference = try await SSEClient.connect(url, lastEventID: eventID - 1)
                var referenceIDs: [UInt64] = []
                var referenceData: [String] = []
                for try await message in reference {
                    referenceIDs.append(try #require(message.id))
                    referenceData.append(message.data)
                    if message.event == "execution", Self.isFinal(message.data) { break }
                }
                let firstID = try #require(referenceIDs.first)
                #expect(firstID == eventID)
                #expect(referenceIDs.count >= 8, "queued, running, 3 × (statement running, done), done")

                // A client that drops after two events and comes back with Last-Event-ID.
                var seen: [UInt64] = []
                var seenData: [String] = []
                let first = try await SSEClient.connect(url, lastEventID: firstID - 1)
                for try await message in first {
                    seen.append(try #require(message.id))
                    seenData.append(message.data)
                    if seen.count == 2 { break }
                }
                let second = try await SSEClient.connect(url, lastEventID: seen.last)
                for try await message in second {
                    seen.append(try #require(message.id))
                    seenData.append(message.data)
                    if seen.count == referenceIDs.count { break }
                }
                #expect(seen == referenceIDs)
                #expect(seenData == referenceData)
                #expect(seen == seen.sorted() && Set(seen).count == seen.count)
            }
        }
    }

    static func isFinal(_ data: String) -> Bool {
        let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
        return ["done", "failed", "cancelled"].contains(object?["status"] as? String ?? "")
    }

    @Test func sqliteFilesGivenAtStartAreReadOnlyEngines() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir.appending(path: "sales.sqlite")
            try await TestHub.copyDemo(to: file)
            var config = try await TestHub.config(dir.appending(path: "data"))
            config.sqliteFiles = [file.path]
            try await TestHub.withLiveServer(config) { base in
                let (_, engines) = try await LiveHTTP.send(.GET, base + "api/engines")
                let names = ((engines as? [String: Any])?["engines"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(names == ["demo", "sales"])
                let (_, created) = try await LiveHTTP.send(
                    .POST, base + "api/executions", json: #"{"engine": "sales", "query": "DELETE FROM events"}"#)
                let id = try #require((created as? [String: Any])?["id"] as? Int)
                let eventID = try #require((created as? [String: Any])?["eventId"] as? UInt64)
                var final: [String: Any]?
                for try await message in try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
                where message.event == "execution" && Self.isFinal(message.data) {
                    final = try JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any]
                    break
                }
                #expect(final?["status"] as? String == "failed")
                let message = (final?["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains("readonly") || message.contains("read-only") || message.contains("read only"), "\(message)")
            }
        }
    }

    @Test func refusesADataDirItCannotWrite() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir.appending(path: "a-file")
            try Data("x".utf8).write(to: file)
            var config = ServerConfig(dataDirectory: file.appending(path: "data"))
            config.port = 0
            await #expect(throws: StartupError.dataDirectoryNotWritable(file.appending(path: "data").path)) {
                _ = try await buildApplication(config, logger: TestHub.logger)
            }
        }
    }
}

@Suite struct ContractTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everySettingIsDocumented() throws {
        let doc = try String(contentsOf: Self.repository.appending(path: "Docs/configuration.md"), encoding: .utf8)
        for key in ConfigLoader.keys.keys.sorted() {
            #expect(doc.contains("`\(key)`"), "Docs/configuration.md does not document `\(key)`")
        }
    }

    @Test func everyRouteIsDocumented() throws {
        let doc = try String(contentsOf: Self.repository.appending(path: "Docs/API.md"), encoding: .utf8)
        let routes = [
            "GET /api/health", "GET /api/engines", "GET /api/docs", "POST /api/docs", "GET /api/docs/{id}",
            "PATCH /api/docs/{id}", "DELETE /api/docs/{id}", "POST /api/docs/{id}/cells", "PATCH /api/cells/{id}",
            "DELETE /api/cells/{id}", "POST /api/cells/{id}/edits", "GET /api/cells/{id}/edits", "POST /api/docs/{id}/presence", "POST /api/executions", "GET /api/executions/{id}",
            "GET /api/executions/{id}/rows", "GET /api/executions/{id}/stats", "GET /api/executions/{id}/chart-data", "GET /api/cells/{id}/executions", "GET /api/executions/{id}/export", "POST /api/executions/{id}/cancel", "GET /api/events",
            "GET /api/docs/{id}/versions", "GET /api/docs/{id}/versions/{n}", "POST /api/docs/{id}/versions/{n}/restore",
            "POST /api/docs/{id}/clone", "POST /api/cells/{id}/duplicate", "PUT /api/docs/{id}/favorite",
            "DELETE /api/docs/{id}/favorite", "POST /api/docs/{id}/view", "POST /api/engines", "PATCH /api/engines/{id}",
            "POST /api/engines/{id}/test", "POST /api/engines/test", "GET /api/session", "POST /api/auth/login",
            "POST /api/auth/logout", "PATCH /api/me", "POST /api/me/password", "GET /api/tokens", "POST /api/tokens",
            "DELETE /api/tokens/{id}", "GET /api/docs/{id}/access", "PUT /api/docs/{id}/access",
            "POST /api/docs/{id}/access-requests", "POST /api/docs/{id}/access-requests/{request}",
            // Directory and admin (issue 7).
            "GET /api/users", "GET /api/admin/users", "POST /api/admin/users", "PATCH /api/admin/users/{id}",
            "GET /api/admin/tokens", "DELETE /api/admin/tokens/{id}", "GET /api/groups", "POST /api/admin/groups",
            "PATCH /api/admin/groups/{id}", "DELETE /api/admin/groups/{id}", "GET /api/environments",
            "POST /api/admin/environments", "PATCH /api/admin/environments/{id}", "DELETE /api/admin/environments/{id}",
            "GET /api/admin/announcements", "POST /api/admin/announcements", "PATCH /api/admin/announcements/{id}",
            "DELETE /api/admin/announcements/{id}", "GET /api/admin/audit",
            // The metastore (issue 8).
            "GET /api/tables", "GET /api/engines/{id}/schemas", "GET /api/tables/{id}", "POST /api/tables/{id}/views",
            "PATCH /api/tables/{id}", "PATCH /api/tables/{id}/columns/{columnId}", "POST /api/tables/{id}/sample",
            "GET /api/admin/metastore", "POST /api/admin/engines/{id}/sync", "PATCH /api/admin/engines/{id}/sync",
        ]
        for route in routes {
            #expect(doc.contains("### `\(route)"), "Docs/API.md does not document \(route)")
        }
    }

    @Test func configurationReadsFlagsOverEnvironment() throws {
        let config = try ConfigLoader.load(
            flags: ["port": "9000"], environment: ["QUERYBOOK_PORT": "8000", "QUERYBOOK_WORKERS": "3", "QUERYBOOK_DATA_DIR": "/tmp/qb"])
        #expect(config.port == 9000)
        #expect(config.workers == 3)
        #expect(config.dataDirectory.path == "/tmp/qb")
        #expect(throws: ConfigLoader.ConfigError.self) { try ConfigLoader.load(flags: ["port": "-1"], environment: [:]) }
    }
}
