import Foundation
import Testing
import TestSupport

/// `latest_partition` against a real PostgreSQL (`make test` starts one; alone:
/// `bash Tests/Servers/with-servers.sh swift test --skip-build --filter TemplateServerLive`).
@Suite struct TemplateServerLiveTests {
    struct Missing: Error, CustomStringConvertible { let description: String }

    @Test func latestPartitionOnPostgresQuotesTheNames() async throws {
        guard let url = ProcessInfo.processInfo.environment["QUERYBOOK_TEST_POSTGRES"].flatMap(URLComponents.init(string:)),
            let host = url.host, let port = url.port, let user = url.user, let password = url.password
        else {
            throw Missing(description: "QUERYBOOK_TEST_POSTGRES not set: run through `bash Tests/Servers/with-servers.sh …`")
        }
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let client = AccountClient(base: base)
                let engine = try await client.object(
                    .POST, "/api/engines", as: .anonymous,
                    body: try TemplateRouteTests.json([
                        "name": "pg-templates", "kind": "postgres", "secret": password,
                        "settings": ["host": host, "port": port, "user": user, "database": String(url.path.dropFirst())] as [String: any Sendable],
                    ]))["id"] as? Int64
                let engineID = try #require(engine)
                // A mixed-case name: found only when latest_partition quotes it.
                let table = "TplParts_\(UUID().uuidString.prefix(8))"
                func run(_ sql: String) async throws {
                    let made = try await client.object(
                        .POST, "/api/executions", as: .anonymous, body: try TemplateRouteTests.json(["engine": engineID, "query": sql]))
                    #expect(try await client.waitForRun(try #require(made["id"] as? Int64), as: .anonymous) == "done")
                }
                try await run(#"CREATE TABLE public."\#(table)" AS SELECT '2026-11-' || lpad(g::text, 2, '0') AS dt, g AS n FROM generate_series(1, 30) g"#)
                let doc = try await client.object(.POST, "/api/docs", as: .anonymous, body: #"{"title": "PG templates"}"#)
                let docID = try #require(doc["id"] as? Int64)
                let rendered = try await client.object(
                    .POST, "/api/docs/\(docID)/render", as: .anonymous,
                    body: try TemplateRouteTests.json([
                        "query": "{{ latest_partition('public.\(table)', 'dt') }} {{ latest_partition('public.\(table)', 'n') + 1 }}",
                        "engineId": engineID,
                    ]))
                #expect(rendered["sql"] as? String == "2026-11-30 31")
                try await run(#"DROP TABLE public."\#(table)""#)
            }
        }
    }
}
