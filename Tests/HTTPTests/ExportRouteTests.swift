import AsyncHTTPClient
import Foundation
@testable import HTTP
import NIOCore
import Results
import Testing
import TestSupport

/// `GET /api/executions/{id}/export` over real HTTP: headers, every format, the errors.
@Suite struct ExportRouteTests {
    static let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"

    /// Submits `query` on the demo engine and waits (on its events) until statement 0 reaches
    /// `status` or the run ends; returns the run's id.
    static func run(_ base: String, _ query: String, until status: String) async throws -> Int {
        let body = String(decoding: try JSONEncoder().encode(["engine": "demo", "query": query]), as: UTF8.self)
        let (_, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
        let id = try #require((created as? [String: Any])?["id"] as? Int)
        let eventID = try #require((created as? [String: Any])?["eventId"] as? UInt64)
        let stream = try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
        for try await message in stream where message.event == "execution" {
            let snapshot = try JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any]
            let statements = snapshot?["statements"] as? [[String: Any]] ?? []
            if statements.first?["status"] as? String == status { return id }
            if ["done", "failed", "cancelled"].contains(snapshot?["status"] as? String ?? "") { break }
        }
        Issue.record("statement 0 of run \(id) never reached \(status)")
        return id
    }

    static func get(_ url: String) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return (Int(response.status.code), headers, Array(buffer: body))
    }

    static func errorCode(_ body: [UInt8]) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    @Test func everyFormatStreamsTheWholeResultWithItsHeaders() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Self.run(base, "SELECT id, kind, 'a,\"b\"' AS tricky FROM events ORDER BY id", until: "done")
                let expected: [(String, String, Int)] = [
                    ("csv", "text/csv; charset=utf-8", 20_001),
                    ("tsv", "text/tab-separated-values; charset=utf-8", 20_001),
                    ("jsonl", "application/x-ndjson; charset=utf-8", 20_000),
                ]
                for (format, type, lines) in expected {
                    let (status, headers, body) = try await Self.get(base + "api/executions/\(id)/export?statement=0&format=\(format)")
                    #expect(status == 200)
                    #expect(headers["content-type"] == type)
                    #expect(headers["content-disposition"] == #"attachment; filename="run-\#(id)-statement-0.\#(format)""#)
                    #expect(headers["x-result-rows"] == "20000")
                    let estimate = try #require(headers["x-export-estimate"].flatMap(Int.init))
                    let ratio = Double(estimate) / Double(body.count)
                    #expect(ratio > 0.8 && ratio < 1.25, "\(format): estimate \(estimate) for \(body.count) bytes")
                    #expect(body.split(separator: UInt8(ascii: "\n")).count == lines, "\(format)")
                }
                let csv = try await Self.get(base + "api/executions/\(id)/export?format=csv")
                let text = String(decoding: csv.body, as: UTF8.self)
                #expect(text.hasPrefix("id,kind,tricky\r\n1,"))
                #expect(text.contains(#","a,""b"""\#r\#n"#))

                let xlsx = try await Self.get(base + "api/executions/\(id)/export?statement=0&format=xlsx")
                #expect(xlsx.status == 200)
                #expect(xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(xlsx.body.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip")
                #expect(Array(xlsx.body.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06], "ends with the central directory")
            }
        }
    }

    /// The export takes the rows route's `sort`, `order` and `filter` and writes that view:
    /// the JSON lines equal the rows API's page of the same view, in order.
    @Test func exportOfASortedFilteredViewEqualsItsRows() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let id = try await Self.run(base, "SELECT id, kind, duration_ms FROM events", until: "done")
                let view = "sort=2&order=desc&filter=1:eq:save"
                let (status, headers, body) = try await Self.get(base + "api/executions/\(id)/export?format=jsonl&\(view)")
                #expect(status == 200)
                let lines = body.split(separator: UInt8(ascii: "\n"))
                let exported = try lines.map { line -> [Int] in
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                    #expect(object["kind"] as? String == "save")
                    return [try #require(object["id"] as? Int), try #require(object["duration_ms"] as? Int)]
                }
                let (pageStatus, _, pageBody) = try await Self.get(base + "api/executions/\(id)/rows?limit=10000&\(view)")
                #expect(pageStatus == 200)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(pageBody)) as? [String: Any])
                let rows = try #require(page["rows"] as? [[Any]])
                #expect(page["total"] as? Int == exported.count)
                #expect(headers["x-result-rows"] == String(exported.count))
                #expect(exported.count > 100 && exported.count < 20_000)
                #expect(exported == rows.map { [$0[0] as? Int ?? -1, $0[2] as? Int ?? -1] })
                #expect(zip(exported, exported.dropFirst()).allSatisfy { $0[1] >= $1[1] }, "longest first")
            }
        }
    }

    @Test func unknownFormatMissingRunAndRunningStatementAreRefused() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let unknown = try await Self.get(base + "api/executions/1/export?format=xml")
                #expect(unknown.status == 400)
                #expect(Self.errorCode(unknown.body) == "bad_request")
                #expect(String(decoding: unknown.body, as: UTF8.self).contains("csv, tsv, jsonl, xlsx"))

                let missing = try await Self.get(base + "api/executions/999/export?format=csv")
                #expect(missing.status == 404)
                #expect(Self.errorCode(missing.body) == "not_found")

                let id = try await Self.run(base, Self.endless, until: "running")
                let running = try await Self.get(base + "api/executions/\(id)/export?statement=0&format=csv")
                #expect(running.status == 409)
                #expect(Self.errorCode(running.body) == "conflict")
                #expect(String(decoding: running.body, as: UTF8.self).contains("running"))
                let noStatement = try await Self.get(base + "api/executions/\(id)/export?statement=5")
                #expect(noStatement.status == 404)
                let badStatement = try await Self.get(base + "api/executions/\(id)/export?statement=-1")
                #expect(badStatement.status == 400)
                let (cancelled, _) = try await LiveHTTP.send(.POST, base + "api/executions/\(id)/cancel")
                #expect(cancelled == 202)
            }
        }
    }

    @Test func anExportPastALimitIsA422WithItsOwnCode() throws {
        let error = APIError.from(ExportError.tooLarge("over 4 GiB"))
        #expect(error?.status == .unprocessableContent)
        #expect(error?.code == "export_too_large")
        #expect(error?.message == "over 4 GiB")
        #expect(APIError.from(ExportError.failed("zlib")) == nil, "an internal failure stays a 500")
        #expect(throws: APIError.self) { try ExportRoutes.format("parquet") }
        #expect(try ExportRoutes.format(nil) == .csv)
    }
}
