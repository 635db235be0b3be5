import Foundation
import Testing
import TestSupport

/// Engines on real database servers, configured through the admin API and used like any
/// engine: a run goes through the live hub to the server and back, with what the server
/// reports (its query id, progress) arriving as events and kept with the run.
/// Needs the servers `Tests/Servers/with-servers.sh` starts; fails, never skips, without them.
@Suite(.serialized) struct ServerEngineLiveTests {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The password user of the test ClickHouse, as the admin would type it into the form.
    private func clickHouseEngineBody(name: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["QUERYBOOK_TEST_CLICKHOUSE"].flatMap(URL.init(string:)), let host = url.host,
            let port = url.port, let user = environment["QUERYBOOK_TEST_CLICKHOUSE_USER"],
            let password = environment["QUERYBOOK_TEST_CLICKHOUSE_PASSWORD"]
        else {
            throw Missing(
                description: "QUERYBOOK_TEST_CLICKHOUSE(_USER/_PASSWORD) not set: run through "
                    + "`bash Tests/Servers/with-servers.sh swift test --skip-build --filter ServerEngineLive`")
        }
        let body: [String: Any] = [
            "name": name, "kind": "clickhouse", "secret": password,
            "settings": ["host": host, "port": port, "user": user],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    /// The test PostgreSQL's role and database, as the admin would type them into the form.
    private func postgresEngineBody(name: String) throws -> String {
        guard let url = ProcessInfo.processInfo.environment["QUERYBOOK_TEST_POSTGRES"].flatMap(URLComponents.init(string:)),
            let host = url.host, let port = url.port, let user = url.user, let password = url.password
        else {
            throw Missing(
                description: "QUERYBOOK_TEST_POSTGRES not set: run through "
                    + "`bash Tests/Servers/with-servers.sh swift test --skip-build --filter ServerEngineLive`")
        }
        let database = String(url.path.dropFirst())
        let body: [String: Any] = [
            "name": name, "kind": "postgres", "secret": password,
            "settings": ["host": host, "port": port, "user": user, "database": database],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    private func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any])
    }

    @Test func clickHouseRunReportsItsQueryIDAndRowsThroughTheHub() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let (created, engine) = try await LiveHTTP.send(
                    .POST, base + "api/engines", json: try clickHouseEngineBody(name: "warehouse"))
                #expect(created == 201, "\(String(describing: engine))")
                let engineID = try #require(try object(engine)["id"] as? Int)
                #expect(try object(engine)["secret"] as? String == "set")

                let (_, test) = try await LiveHTTP.send(.POST, base + "api/engines/\(engineID)/test")
                #expect(try object(test)["ok"] as? Bool == true, "\(String(describing: test))")

                let query = #"{"engine": "warehouse", "query": "SELECT number AS n, toString(number * 2) AS s FROM numbers(2500);\nSELECT 1 +* 2"}"#
                let (status, run) = try await LiveHTTP.send(.POST, base + "api/executions", json: query)
                #expect(status == 201)
                let id = try #require(try object(run)["id"] as? Int)
                let eventID = try #require(try object(run)["eventId"] as? UInt64)
                let stream = try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
                var logLines: [String] = []
                var final: String?
                for try await message in stream {
                    if message.event == "log" {
                        logLines.append(try #require(try object(JSONSerialization.jsonObject(with: Data(message.data.utf8)))["message"] as? String))
                    }
                    if message.event == "execution" {
                        let status = try object(JSONSerialization.jsonObject(with: Data(message.data.utf8)))["status"] as? String
                        if let status, ["done", "failed", "cancelled"].contains(status) {
                            final = status
                            break
                        }
                    }
                }
                // The second statement is a syntax error: the run fails there, with its place.
                #expect(final == "failed")
                #expect(logLines.contains { $0.contains("querybook-") }, "the engine's query id arrives as a log event: \(logLines)")

                let (_, stored) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)")
                let statements = try #require(try object(stored)["statements"] as? [[String: Any]])
                #expect(statements.map { $0["status"] as? String } == ["done", "failed"])
                #expect(statements[0]["rowCount"] as? Int == 2500)
                let log = try #require(statements[0]["log"] as? [[String: Any]])
                #expect(log.contains { ($0["message"] as? String)?.contains("querybook-") == true }, "the log is kept with the run")
                let error = try object(statements[1]["error"])
                #expect(error["line"] as? Int == 2, "the error's line counts in the whole query: \(error)")

                let (_, page) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=0&offset=2490&limit=100")
                let rows = try #require(try object(page)["rows"] as? [[Any]])
                #expect(rows.count == 10)
                #expect(rows.first?.first as? Int == 2490)
                #expect(rows.first?.last as? String == "4980")

                // The secret never comes back, in the list either.
                let (_, list) = try await LiveHTTP.send(.GET, base + "api/engines")
                let text = String(decoding: try JSONSerialization.data(withJSONObject: try #require(list)), as: UTF8.self)
                let password = try #require(ProcessInfo.processInfo.environment["QUERYBOOK_TEST_CLICKHOUSE_PASSWORD"])
                #expect(!text.contains(password))
            }
        }
    }

    @Test func aWrongPasswordGivesAClearConnectionTestMessageWithoutIt() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                var body = try JSONSerialization.jsonObject(with: Data(try clickHouseEngineBody(name: "bad").utf8)) as? [String: Any] ?? [:]
                body["secret"] = "not-the-password-4711"
                let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                let (status, answer) = try await LiveHTTP.send(.POST, base + "api/engines/test", json: json)
                #expect(status == 200)
                let result = try object(answer)
                #expect(result["ok"] as? Bool == false)
                let message = try #require(result["message"] as? String)
                #expect(!message.isEmpty && !message.contains("not-the-password-4711"), "\(message)")
            }
        }
    }

    @Test func postgresRunKeepsItsSessionAcrossStatementsAndMarksAnErrorLine() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let (created, engine) = try await LiveHTTP.send(
                    .POST, base + "api/engines", json: try postgresEngineBody(name: "pg"))
                #expect(created == 201, "\(String(describing: engine))")
                let engineID = try #require(try object(engine)["id"] as? Int)
                let (_, test) = try await LiveHTTP.send(.POST, base + "api/engines/\(engineID)/test")
                #expect(try object(test)["ok"] as? Bool == true, "\(String(describing: test))")

                func run(_ query: String) async throws -> [String: Any] {
                    let body = String(decoding: try JSONSerialization.data(withJSONObject: ["engine": "pg", "query": query]), as: UTF8.self)
                    let (status, run) = try await LiveHTTP.send(.POST, base + "api/executions", json: body)
                    #expect(status == 201)
                    let id = try #require(try object(run)["id"] as? Int)
                    let eventID = try #require(try object(run)["eventId"] as? UInt64)
                    let stream = try await SSEClient.connect(base + "api/events?topics=execution:\(id)", lastEventID: eventID - 1)
                    for try await message in stream where message.event == "execution" {
                        let snapshot = try object(JSONSerialization.jsonObject(with: Data(message.data.utf8)))
                        if let status = snapshot["status"] as? String, ["done", "failed", "cancelled"].contains(status) {
                            return snapshot
                        }
                    }
                    throw Missing(description: "the event stream ended before run \(id) did")
                }

                // A temporary table made by the first statement is there for the second.
                let done = try await run(
                    "CREATE TEMP TABLE t AS SELECT g AS n, 'é' || g AS s, g * 1.5::numeric AS d FROM generate_series(1, 300) g;\n"
                        + "SELECT n, s, d FROM t ORDER BY n")
                #expect(done["status"] as? String == "done", "\(done)")
                let id = try #require(done["id"] as? Int)
                let (_, page) = try await LiveHTTP.send(.GET, base + "api/executions/\(id)/rows?statement=1&offset=298&limit=10")
                let body = try object(page)
                #expect(body["total"] as? Int == 300)
                let rows = try #require(body["rows"] as? [[Any]])
                #expect(rows.count == 2)
                #expect(rows.first?[1] as? String == "é299")
                #expect(rows.first?[2] as? String == "448.5")
                let columns = try #require(body["columns"] as? [[String: Any]])
                #expect(columns.map { $0["type"] as? String } == ["integer", "text", "decimal"])

                let failed = try await run("SELECT 1;\nSELECT nosuchcolumn\n  FROM t")
                let statements = try #require(failed["statements"] as? [[String: Any]])
                let error = try object(statements[1]["error"])
                #expect(error["line"] as? Int == 2, "\(error)")
                #expect((error["message"] as? String)?.contains("nosuchcolumn") == true, "\(error)")
            }
        }
    }
}
