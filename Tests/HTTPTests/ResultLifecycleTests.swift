import Core
import Foundation
import Testing
import TestSupport

/// Caps and retention as a user of the API meets them, on the hub `querybook serve` runs.
@Suite struct ResultLifecycleTests {
    @Test func expiredResultsAnswer410AndTheRunSaysWhen() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.resultRetentionDays = 2.0 / 86_400  // two seconds
            config.retentionInterval = 0.5
            try await TestHub.withLiveServer(config) { base in
                let id = try await Self.run(base, "SELECT id FROM events LIMIT 5")
                let (fresh, _) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=0")
                #expect(fresh == 200)
                var snapshot: [String: Any] = [:]
                for _ in 0..<100 where snapshot["resultExpiredAt"] as? String == nil {
                    try await Task.sleep(for: .milliseconds(100))
                    snapshot = try #require(try await LiveHTTP.send(.GET, base + "api/executions/\(id)").1 as? [String: Any])
                }
                #expect(snapshot["resultExpiredAt"] as? String != nil, "retention swept the run within 10 s")
                #expect(snapshot["status"] as? String == "done")
                let statements = try #require(snapshot["statements"] as? [[String: Any]])
                #expect(statements.first?["rowCount"] as? Int == 5)
                let (status, body) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=0")
                #expect(status == 410)
                let error = try #require((body as? [String: Any])?["error"] as? [String: String])
                #expect(error["code"] == "result_expired")
                #expect(error["message"]?.contains("run the query again") == true)
            }
        }
    }

    @Test func theSizeCapCutsARunAndTheSnapshotSaysSo() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.maxResultBytes = 65_536
            try await TestHub.withLiveServer(config) { base in
                let id = try await Self.run(base, "SELECT * FROM events")
                let snapshot = try #require(try await LiveHTTP.send(.GET, base + "api/executions/\(id)").1 as? [String: Any])
                let statement = try #require((snapshot["statements"] as? [[String: Any]])?.first)
                #expect(statement["truncated"] as? Bool == true)
                #expect(statement["truncatedBy"] as? String == "bytes")
                let rowCount = try #require(statement["rowCount"] as? Int)
                #expect(rowCount > 0 && rowCount < 20_000)
                let page = try #require(try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=0&limit=1").1 as? [String: Any])
                #expect(page["total"] as? Int == rowCount)
            }
        }
    }

    /// Submits `query` on the demo engine and waits until the run has finished.
    static func run(_ base: String, _ query: String) async throws -> Int {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["engine": "demo", "query": query]), as: UTF8.self)
        let (status, created) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
        #expect(status == 201)
        let id = try #require((created as? [String: Any])?["id"] as? Int)
        for _ in 0..<300 {
            let snapshot = try await LiveHTTP.send(.GET, base + "api/executions/\(id)").1 as? [String: Any]
            if ["done", "failed", "cancelled"].contains(snapshot?["status"] as? String ?? "") { return id }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("run \(id) did not finish within 15 s")
        return id
    }
}
