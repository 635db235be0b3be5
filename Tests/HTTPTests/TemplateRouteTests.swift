import Foundation
import Testing
import TestSupport

/// Doc variables, the rendered-SQL preview and templated runs over real HTTP, against the
/// demo SQLite engine.
@Suite struct TemplateRouteTests {
    /// A live hub (the local user, no accounts), a new doc, its first (query) cell and the demo engine.
    func withDoc(_ body: @Sendable (AccountClient, _ doc: Int64, _ cell: Int64, _ engine: Int64) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await TestHub.config(dir)) { base in
                let client = AccountClient(base: base)
                let doc = try await client.object(.POST, "/api/docs", as: .anonymous, body: #"{"title": "Templates"}"#)
                let cell = try #require((doc["cells"] as? [[String: Any]])?.first?["id"] as? Int64)
                let engines = try await client.object(.GET, "/api/engines", as: .anonymous)["engines"] as? [[String: Any]] ?? []
                let demo = try #require(engines.first { $0["name"] as? String == "demo" }?["id"] as? Int64)
                try await body(client, try #require(doc["id"] as? Int64), cell, demo)
            }
        }
    }

    static let good = #"""
        {"variables": [
          {"name": "start_date", "type": "date", "value": "{{ ds_add(end_date, -7) }}"},
          {"name": "end_date", "type": "date", "value": "2026-02-27"},
          {"name": "kinds", "type": "list", "value": ["click", "save"]},
          {"name": "min_ms", "type": "number", "value": 100},
          {"name": "who", "type": "string", "value": "x'; DROP TABLE events; --"}
        ]}
        """#

    func error(_ reply: Reply) -> [String: Any] { reply.json?["error"] as? [String: Any] ?? [:] }

    @Test func variablesAreSavedInOrderAndUsedByThePreview() async throws {
        try await withDoc { client, doc, _, engine in
            let empty = try await client.object(.GET, "/api/docs/\(doc)/variables", as: .anonymous)["variables"] as? [Any]
            #expect(empty?.isEmpty == true)
            let saved = try await client.object(.PUT, "/api/docs/\(doc)/variables", as: .anonymous, body: Self.good)
            let names = (saved["variables"] as? [[String: Any]])?.map { $0["name"] as? String }
            #expect(names == ["start_date", "end_date", "kinds", "min_ms", "who"])
            let read = try await client.object(.GET, "/api/docs/\(doc)/variables", as: .anonymous)
            #expect((read["variables"] as? [[String: Any]])?.map { $0["name"] as? String } == names)
            #expect((read["variables"] as? [[String: Any]])?[2]["value"] as? [String] == ["click", "save"])

            let query = "SELECT count(*) FROM events\nWHERE created_at >= {{ start_date | sql_string }} AND kind IN {{ kinds | sql_list }}"
            let body = try Self.json(["query": query, "engineId": engine])
            let rendered = try await client.object(.POST, "/api/docs/\(doc)/render", as: .anonymous, body: body)
            #expect(rendered["sql"] as? String == "SELECT count(*) FROM events\nWHERE created_at >= '2026-02-20' AND kind IN ('click', 'save')")

            // Unsaved values to try win over the saved ones, and are not saved.
            let trial = #"{"query": "{{ min_ms * 2 }}", "engineId": \#(engine), "variables": [{"name": "min_ms", "type": "number", "value": 7}]}"#
            #expect(try await client.object(.POST, "/api/docs/\(doc)/render", as: .anonymous, body: trial)["sql"] as? String == "14")
            let after = try await client.object(.GET, "/api/docs/\(doc)/variables", as: .anonymous)
            #expect((after["variables"] as? [[String: Any]])?.count == 5)
        }
    }

    @Test func badVariablesAreRefusedWholeAndNothingIsSaved() async throws {
        try await withDoc { client, doc, _, _ in
            try await client.object(.PUT, "/api/docs/\(doc)/variables", as: .anonymous, body: Self.good)
            let many = (0...100).map { #"{"name": "v\#($0)", "type": "number", "value": 1}"# }.joined(separator: ",")
            let cases: [(String, String, String)] = [
                (#"{"variables": [{"name": "ok", "type": "number", "value": 1}, {"name": "9lives", "type": "string", "value": "x"}]}"#,
                 "invalid_variable", "'9lives'"),
                (#"{"variables": [{"name": "ds", "type": "string", "value": "x"}]}"#, "invalid_variable", "'ds' is a built-in"),
                (#"{"variables": [{"name": "a", "type": "string", "value": "x"}, {"name": "a", "type": "string", "value": "y"}]}"#,
                 "invalid_variable", "two variables named 'a'"),
                (#"{"variables": [{"name": "n", "type": "number", "value": "5"}]}"#, "invalid_variable", "Variable 'n'"),
                (#"{"variables": [{"name": "d", "type": "date", "value": "2026-02-30"}]}"#, "invalid_variable", "Variable 'd'"),
                (#"{"variables": [{"name": "t", "type": "timestamp", "value": "x"}]}"#, "invalid_variable", "unknown type 'timestamp'"),
                (#"{"variables": [{"name": "l", "type": "list", "value": [true]}]}"#, "invalid_variable", "Variable 'l'"),
                (#"{"variables": [{"name": "s", "type": "string", "value": "{{ x | nope }}"}]}"#, "invalid_variable", "unknown filter 'nope'"),
                (#"{"variables": [{"name": "a", "type": "string", "value": "{{ b }}"}, {"name": "b", "type": "string", "value": "{{ a }}"}]}"#,
                 "variable_cycle", "Variables refer to each other in a cycle: a → b → a."),
                (#"{"variables": [\#(many)]}"#, "invalid_variable", "at most 100"),
                (#"{"variables": [{"name": "o", "type": "string", "value": {"x": 1}}]}"#, "bad_request", ""),
                (#"{"variables": 5}"#, "bad_request", ""),
            ]
            for (body, code, words) in cases {
                let reply = try await client.send(.PUT, "/api/docs/\(doc)/variables", body: body)
                #expect(reply.status == 400, "\(body.prefix(80)): \(reply.text)")
                #expect(reply.errorCode == code, "\(body.prefix(80)): \(reply.text)")
                #expect(words.isEmpty || (error(reply)["message"] as? String ?? "").contains(words), "\(reply.text)")
            }
            let kept = try await client.object(.GET, "/api/docs/\(doc)/variables", as: .anonymous)
            #expect((kept["variables"] as? [[String: Any]])?.map { $0["name"] as? String } == ["start_date", "end_date", "kinds", "min_ms", "who"])
        }
    }

    @Test func aTemplateErrorSaysItsLineAndColumn() async throws {
        try await withDoc { client, doc, _, engine in
            let reply = try await client.send(
                .POST, "/api/docs/\(doc)/render", body: try Self.json(["query": "SELECT\n  {{ who | sql_strin }}", "engineId": engine]))
            #expect(reply.status == 400)
            let detail = error(reply)
            #expect(detail["code"] as? String == "template_error")
            #expect(detail["message"] as? String == "Line 2: unknown filter 'sql_strin'.")
            #expect(detail["line"] as? Int == 2)
            #expect(detail["column"] as? Int == 12)

            // Other errors carry no line or column.
            let missing = try await client.send(.GET, "/api/docs/999999/variables")
            #expect(missing.status == 404)
            #expect(error(missing)["line"] == nil)

            let undefined = try await client.send(
                .POST, "/api/docs/\(doc)/render", body: try Self.json(["query": "SELECT 1\nFROM t\nWHERE d = '{{ start_date }}'", "engineId": engine]))
            #expect(error(undefined)["message"] as? String == "Line 3: 'start_date' is not defined.")
            let cycle = try await client.send(
                .POST, "/api/docs/\(doc)/render",
                body: #"{"query": "{{ a }}", "engineId": \#(engine), "variables": [{"name": "a", "type": "string", "value": "{{ a }}"}]}"#)
            #expect(cycle.status == 400)
            #expect(cycle.errorCode == "variable_cycle")
            let noEngine = try await client.send(.POST, "/api/docs/\(doc)/render", body: #"{"query": "{{ ds }}", "engineId": 999}"#)
            #expect(noEngine.status == 422)
            let noQuery = try await client.send(.POST, "/api/docs/\(doc)/render", body: #"{"engineId": \#(engine)}"#)
            #expect(noQuery.status == 400)
        }
    }

    @Test func aCellsRunRecordsTheRenderedSQLAndQuotingHolds() async throws {
        try await withDoc { client, doc, cell, engine in
            try await client.object(.PUT, "/api/docs/\(doc)/variables", as: .anonymous, body: Self.good)
            let query = "SELECT {{ who | sql_string }} AS who, count(*) AS n FROM events WHERE kind IN {{ kinds | sql_list }}"
            let created = try await client.object(
                .POST, "/api/executions", as: .anonymous, body: try Self.json(["engine": engine, "query": query, "cellId": cell]))
            let id = try #require(created["id"] as? Int64)
            #expect(try await client.waitForRun(id, as: .anonymous) == "done")
            let run = try await client.object(.GET, "/api/executions/\(id)", as: .anonymous)
            #expect(
                run["query"] as? String
                    == "SELECT 'x''; DROP TABLE events; --' AS who, count(*) AS n FROM events WHERE kind IN ('click', 'save')")
            let rows = try await client.object(.GET, "/api/executions/\(id)/rows", as: .anonymous)["rows"] as? [[Any]]
            // The value came back whole, as text: the quote did not end the literal.
            #expect(rows?.first?.first as? String == "x'; DROP TABLE events; --")
            #expect((rows?.first?[1] as? Int ?? 0) > 0)
        }
    }

    @Test func aTemplateErrorCreatesNoRun() async throws {
        try await withDoc { client, _, cell, engine in
            let reply = try await client.send(
                .POST, "/api/executions", body: try Self.json(["engine": engine, "query": "SELECT {{ nope }}", "cellId": cell]))
            #expect(reply.status == 400)
            #expect(reply.errorCode == "template_error")
            #expect(error(reply)["line"] as? Int == 1)
            let runs = try await client.object(.GET, "/api/cells/\(cell)/executions", as: .anonymous)["executions"] as? [Any]
            #expect(runs?.isEmpty == true)

            // Without a cell: built-ins only.
            let plain = try await client.object(
                .POST, "/api/executions", as: .anonymous, body: try Self.json(["engine": "demo", "query": "SELECT '{{ ds_add(ds, 0) }}' AS d"]))
            let id = try #require(plain["id"] as? Int64)
            #expect(try await client.waitForRun(id, as: .anonymous) == "done")
            let run = try await client.object(.GET, "/api/executions/\(id)", as: .anonymous)
            #expect((run["query"] as? String)?.firstMatch(of: /SELECT '\d{4}-\d{2}-\d{2}' AS d/) != nil)
        }
    }

    @Test func latestPartitionAsksTheEngine() async throws {
        try await withDoc { client, doc, _, engine in
            let direct = try await client.object(
                .POST, "/api/executions", as: .anonymous, body: try Self.json(["engine": engine, "query": "SELECT MAX(created_at) FROM events"]))
            let id = try #require(direct["id"] as? Int64)
            #expect(try await client.waitForRun(id, as: .anonymous) == "done")
            let rows = try await client.object(.GET, "/api/executions/\(id)/rows", as: .anonymous)["rows"] as? [[Any]]
            let latest = try #require(rows?.first?.first as? String)

            let rendered = try await client.object(
                .POST, "/api/docs/\(doc)/render", as: .anonymous,
                body: try Self.json(["query": "WHERE created_at = '{{ latest_partition('main.events', 'created_at') }}'", "engineId": engine]))
            #expect(rendered["sql"] as? String == "WHERE created_at = '\(latest)'")

            let missing = try await client.send(
                .POST, "/api/docs/\(doc)/render",
                body: try Self.json(["query": "\n{{ latest_partition('main.nope', 'dt') }}", "engineId": engine]))
            #expect(missing.status == 400)
            #expect(missing.errorCode == "template_error")
            #expect(error(missing)["line"] as? Int == 2)
            #expect((error(missing)["message"] as? String ?? "").contains("no such table"), "\(missing.text)")
        }
    }

    @Test func quotingFollowsTheEnginesSQL() async throws {
        try await withDoc { client, doc, _, engine in
            let pg = try await client.object(
                .POST, "/api/engines", as: .anonymous,
                body: #"{"name": "pg-quoting", "kind": "postgres", "settings": {"host": "127.0.0.1", "port": 1, "database": "x", "user": "u", "tls": false}}"#
            )["id"] as? Int64
            let query = #"{{ 'a\\\'' | sql_string }} {{ 'my"t' | sql_identifier }}"#
            let onPostgres = try await client.object(
                .POST, "/api/docs/\(doc)/render", as: .anonymous, body: try Self.json(["query": query, "engineId": try #require(pg)]))
            #expect(onPostgres["sql"] as? String == #"E'a\\''' "my""t""#)
            let onSQLite = try await client.object(
                .POST, "/api/docs/\(doc)/render", as: .anonymous, body: try Self.json(["query": query, "engineId": engine]))
            #expect(onSQLite["sql"] as? String == #"'a\''' "my""t""#)
        }
    }

    static func json(_ object: [String: any Sendable]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
