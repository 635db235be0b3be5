import Foundation
import Testing
import TestSupport

/// `GET …/rows` with sort and filter, and `GET …/stats`, over real HTTP.
@Suite struct ResultViewRouteTests {
    /// Runs `query` on the demo engine and returns the run's id once it has ended.
    static func run(_ base: String, _ query: String) async throws -> Int {
        let body = String(decoding: try JSONEncoder().encode(["engine": "demo", "query": query]), as: UTF8.self)
        let (status, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
        #expect(status == 201)
        let id = try #require((created as? [String: Any])?["id"] as? Int)
        let eventID = try #require((created as? [String: Any])?["eventId"] as? UInt64)
        let stream = try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
        for try await message in stream where message.event == "execution" && LiveServerTests.isFinal(message.data) {
            break
        }
        return id
    }

    static func get(_ url: String) async throws -> (Int, [String: Any]) {
        let (status, body) = try await LiveHTTP.send(.GET, url)
        return (status, body as? [String: Any] ?? [:])
    }

    @Test func sortedAndFilteredPagesMatchTheEngine() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Self.run(base, "SELECT id, kind, duration_ms, country FROM events")
                let reference = try await Self.run(
                    base,
                    "SELECT id, kind, duration_ms, country FROM events WHERE duration_ms >= 5000 AND country LIKE 'd%' ORDER BY kind DESC, id")

                let query = "sort=1&order=desc&filter=2:ge:5000&filter=3:startswith:d&offset=10&limit=25"
                let (status, page) = try await Self.get(base + "api/executions/\(id)/rows?statement=0&\(query)")
                #expect(status == 200)
                let (_, expected) = try await Self.get(base + "api/executions/\(reference)/rows?statement=0&offset=10&limit=25")
                #expect(page["resultTotal"] as? Int == 20_000)
                #expect(page["total"] as? Int == expected["total"] as? Int)
                #expect((page["total"] as? Int ?? 0) > 35)
                #expect(page["offset"] as? Int == 10)
                let rows = try #require(page["rows"] as? [[Any]])
                let expectedRows = try #require(expected["rows"] as? [[Any]])
                #expect(rows.count == 25)
                #expect(rows.map { "\($0)" } == expectedRows.map { "\($0)" })
                #expect((page["columns"] as? [[String: Any]])?.count == 4)

                // A filter VALUE may hold colons; without any view parameter the page is the stored result.
                let (colonStatus, colon) = try await Self.get(
                    base + "api/executions/\(id)/rows?filter=1:eq:a%3Ab:c&limit=5")
                #expect(colonStatus == 200)
                #expect(colon["total"] as? Int == 0)
                let (_, plain) = try await Self.get(base + "api/executions/\(id)/rows?limit=1")
                #expect(plain["total"] as? Int == 20_000 && plain["resultTotal"] as? Int == 20_000)
            }
        }
    }

    @Test func badViewParametersGetA400NamingThem() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Self.run(base, "SELECT id, kind FROM events LIMIT 10")
                let bad = [
                    ("sort=2", "sort"), ("sort=-1", "sort"), ("sort=kind", "sort"), ("sort=0&order=up", "order"),
                    ("filter=0:like:x", "filter"), ("filter=0:eq", "filter"), ("filter=5:null:", "filter"),
                    ("filter=0:gt:ten", "filter"), ("filter=x:eq:1", "filter"),
                ]
                for (query, parameter) in bad {
                    let (status, body) = try await Self.get(base + "api/executions/\(id)/rows?\(query)")
                    #expect(status == 400, "\(query)")
                    let error = try #require(body["error"] as? [String: Any], "\(query)")
                    #expect(error["code"] as? String == "bad_request")
                    #expect((error["message"] as? String)?.contains("`\(parameter)`") == true, "\(query): \(error)")
                    #expect(body.count == 1)
                }
                let (missing, _) = try await Self.get(base + "api/executions/\(id)/stats?statement=3")
                #expect(missing == 404)
                let (unknown, _) = try await Self.get(base + "api/executions/999/stats")
                #expect(unknown == 404)
            }
        }
    }

    @Test func statisticsOfAStoredResult() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Self.run(
                    base, "SELECT id, kind, CASE WHEN id % 4 = 0 THEN NULL ELSE duration_ms END AS d, x'00ff' AS b FROM events")
                let (status, body) = try await Self.get(base + "api/executions/\(id)/stats?statement=0")
                #expect(status == 200)
                let columns = try #require(body["columns"] as? [[String: Any]])
                #expect(columns.map { $0["name"] as? String } == ["id", "kind", "d", "b"])
                let idColumn = columns[0]
                #expect(idColumn["index"] as? Int == 0 && idColumn["type"] as? String == "integer")
                #expect(idColumn["count"] as? Int == 20_000 && idColumn["nulls"] as? Int == 0)
                let distinct = try #require(idColumn["distinct"] as? Int)
                #expect(abs(distinct - 20_000) < 400)
                #expect(idColumn["min"] as? Int == 1 && idColumn["max"] as? Int == 20_000)
                let bins = try #require((idColumn["histogram"] as? [String: Any])?["bins"] as? [[String: Any]])
                #expect(bins.count == 20)
                #expect(bins.compactMap { $0["count"] as? Int }.reduce(0, +) == 20_000)
                #expect(bins.first?["from"] as? Double == 1 && bins.last?["to"] as? Double == 20_000)

                let kind = columns[1]
                #expect(kind["distinct"] as? Int == 5)
                #expect(kind["min"] as? String == "click" && kind["max"] as? String == "view")
                #expect(kind["histogram"] is NSNull)
                #expect(columns[2]["nulls"] as? Int == 5_000 && columns[2]["count"] as? Int == 15_000)
                #expect(columns[3]["min"] as? String == "\\x00ff" && columns[3]["distinct"] as? Int == 1)

                // The second answer comes from the cache and is the same.
                let (_, again) = try await Self.get(base + "api/executions/\(id)/stats")
                #expect((again as NSDictionary).isEqual(to: body))
            }
        }
    }

    @Test func statisticsOfARunningStatementAreRefused() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT count(*) FROM c"
                let body = String(decoding: try JSONEncoder().encode(["engine": "demo", "query": slow]), as: UTF8.self)
                let (_, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
                let id = try #require((created as? [String: Any])?["id"] as? Int)
                let (status, error) = try await Self.get(base + "api/executions/\(id)/stats")
                #expect(status == 409)
                #expect((error["error"] as? [String: Any])?["code"] as? String == "conflict")
                let (rowsStatus, _) = try await Self.get(base + "api/executions/\(id)/rows?sort=0")
                #expect(rowsStatus == 409)
                _ = try await LiveHTTP.send(.POST, base + "api/executions/\(id)/cancel")
            }
        }
    }
}
