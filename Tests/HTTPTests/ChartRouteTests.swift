import Foundation
import Testing
import TestSupport

/// `GET …/chart-data` and `GET /api/cells/{id}/executions` over real HTTP.
@Suite struct ChartRouteTests {
    typealias Route = ResultViewRouteTests

    @Test func chartDataEqualsTheEngineGroupBy() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Route.run(base, "SELECT kind, device, duration_ms FROM events")
                let reference = try await Route.run(
                    base, "SELECT kind, AVG(duration_ms), COUNT(*) FROM events GROUP BY kind ORDER BY kind")
                let (_, expected) = try await Route.get(base + "api/executions/\(reference)/rows?limit=100")
                let expectedRows = try #require(expected["rows"] as? [[Any]])

                let (status, chart) = try await Route.get(
                    base + "api/executions/\(id)/chart-data?statement=0&x=0&value=2:avg&value=*:count")
                #expect(status == 200)
                #expect(chart["labels"] as? [String] == expectedRows.map { $0[0] as? String ?? "?" })
                let series = try #require(chart["series"] as? [[String: Any]])
                #expect(series.map { $0["name"] as? String } == ["avg(duration_ms)", "count(*)"])
                let averages = try #require(series[0]["data"] as? [Double])
                for (average, row) in zip(averages, expectedRows) {
                    #expect(abs(average - (row[1] as? Double ?? .nan)) < 1e-9)
                }
                #expect(series[1]["data"] as? [Int] == expectedRows.map { $0[2] as? Int ?? -1 })
                #expect(chart["rows"] as? Int == 20_000)
                #expect((chart["x"] as? [String: Any])?["name"] as? String == "kind")
                for key in ["bins", "size", "groups", "truncated", "sampled", "other", "skipped"] {
                    #expect(chart.keys.contains(key), "\(key)")
                }

                // A filter narrows the rows before they are grouped.
                let filtered = try await Route.run(
                    base, "SELECT kind, COUNT(*) FROM events WHERE device = 'ios' GROUP BY kind ORDER BY kind")
                let (_, filteredRows) = try await Route.get(base + "api/executions/\(filtered)/rows?limit=100")
                let (_, narrow) = try await Route.get(base + "api/executions/\(id)/chart-data?x=0&value=*:count&filter=1:eq:ios")
                let counts = (narrow["series"] as? [[String: Any]])?.first?["data"] as? [Int]
                #expect(counts == (filteredRows["rows"] as? [[Any]])?.map { $0[1] as? Int ?? -1 })
            }
        }
    }

    @Test func badChartRequestsGetAClearError() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Route.run(base, "SELECT kind, device, duration_ms FROM events LIMIT 500")
                let cases: [(String, Int, String, String)] = [
                    ("x=7&value=*:count", 400, "bad_request", "`x`"),
                    ("x=0&value=2:mode", 400, "bad_request", "aggregation"),
                    ("x=0&value=2", 400, "bad_request", "`value`"),
                    ("x=0&value=*:sum", 400, "bad_request", "`*:count`"),
                    ("x=0&value=2:none&value=2:sum", 400, "bad_request", "none"),
                    ("x=0&value=*:count&bins=0", 400, "bad_request", "`bins`"),
                    ("x=0&value=*:count&bucket=decade", 400, "bad_request", "`bucket`"),
                    ("x=0&value=*:count&sort=y", 400, "bad_request", "`sort`"),
                    ("x=0&value=1:sum", 422, "unprocessable", "Column “device” holds text values, not numbers"),
                ]
                for (query, status, code, message) in cases {
                    let (got, body) = try await Route.get(base + "api/executions/\(id)/chart-data?\(query)")
                    let error = body["error"] as? [String: Any]
                    let text = (error?["message"] as? String) ?? ""
                    #expect(got == status, "\(query)")
                    #expect(error?["code"] as? String == code, "\(query)")
                    #expect(text.contains(message), "\(query): \(text)")
                }
                let (missing, _) = try await Route.get(base + "api/executions/999/chart-data?x=0")
                #expect(missing == 404)
                let (noStatement, _) = try await Route.get(base + "api/executions/\(id)/chart-data?statement=3&x=0")
                #expect(noStatement == 404 || noStatement == 409)
            }
        }
    }

    @Test func aCellListsItsRunsNewestFirst() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let (_, doc) = try await LiveHTTP.send(.POST, base + "api/docs", json: #"{"title":"Runs"}"#)
                let docID = try #require((doc as? [String: Any])?["id"] as? Int)
                let (_, cell) = try await LiveHTTP.send(
                    .POST, base + "api/docs/\(docID)/cells", json: #"{"kind":"query","content":"SELECT 1"}"#)
                let cellID = try #require((cell as? [String: Any])?["id"] as? Int)
                // Tabs on the doc hear of each run of the cell (charts of it follow).
                let stream = try await SSEClient.connect(base + "api/events?topics=doc:\(docID)")
                var runs: [Int] = []
                for query in ["SELECT 1 AS a", "SELECT 2 AS b", "SELECT 3 AS c"] {
                    let body = #"{"engine":"demo","query":"\#(query)","cellId":\#(cellID)}"#
                    let (status, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
                    #expect(status == 201)
                    runs.append(try #require((created as? [String: Any])?["id"] as? Int))
                }
                var announced: [Int] = []
                for try await message in stream where message.event == "doc" {
                    let event = try JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any]
                    guard event?["change"] as? String == "cell.updated", let cell = event?["cell"] as? [String: Any] else { continue }
                    #expect(cell["id"] as? Int == cellID)
                    announced.append(cell["latestExecutionId"] as? Int ?? -1)
                    if announced.count == runs.count { break }
                }
                #expect(announced == runs)
                let (status, list) = try await Route.get(base + "api/cells/\(cellID)/executions?limit=2")
                #expect(status == 200)
                let listed = try #require(list["executions"] as? [[String: Any]])
                #expect(listed.map { $0["id"] as? Int } == [runs[2], runs[1]])
                #expect(listed.first?["query"] as? String == "SELECT 3 AS c")
                let (missing, body) = try await Route.get(base + "api/cells/9999/executions")
                #expect(missing == 404)
                #expect((body["error"] as? [String: Any])?["code"] as? String == "not_found")
                let (bad, _) = try await Route.get(base + "api/cells/\(cellID)/executions?limit=0")
                #expect(bad == 400)
            }
        }
    }
}
