import Core
import Execution
import Foundation
import Store
import Templating
import Testing

/// `QueryTemplater` on a real store and SQLite engine: doc variables from the store,
/// built-ins at the instant given, `latest_partition` through the engine.
@Suite struct QueryTemplaterTests {
    static let noon = ISO8601DateFormatter().date(from: "2026-12-31T12:00:00Z")!

    @Test func rendersWithTheDocsVariablesAndTheInstantGiven() async throws {
        try await ExecutionHarness.with { harness in
            let templater = QueryTemplater(executions: harness.service, timeZone: TimeZone(identifier: "UTC")!)
            let (doc, _) = try await harness.store.createDoc(title: "T", owner: harness.user.id, firstQueryEngine: harness.engine.id)
            try await harness.store.replaceVariables(
                of: doc.id, with: [DocVariable(name: "since", type: .date, value: .string("{{ ds_add(ds, -6) }}"))])
            let sql = try await templater.render(
                "WHERE d BETWEEN {{ since | sql_string }} AND {{ ds_add(ds, 1) | sql_string }}", doc: doc.id,
                engine: harness.engine.id, user: harness.user.id, at: Self.noon)
            #expect(sql == "WHERE d BETWEEN '2026-12-25' AND '2027-01-01'")
            // Without a doc: built-ins only, so a doc's variable is not defined.
            await #expect(throws: TemplateError.self) {
                try await templater.render("{{ since }}", doc: nil, engine: harness.engine.id, user: harness.user.id, at: Self.noon)
            }
            // No template syntax: returned as is, without looking anything up.
            #expect(try await templater.render("SELECT '}'", doc: DocID(999), engine: EngineID(999), user: harness.user.id, at: Self.noon)
                    == "SELECT '}'")
        }
    }

    @Test func latestPartitionIsTheEnginesMax() async throws {
        try await ExecutionHarness.with { harness in
            let templater = QueryTemplater(executions: harness.service)
            let sql = try await templater.render(
                "{{ latest_partition('main.events', 'created_at') }}|{{ latest_partition('events', 'id') }}", variables: [],
                engine: harness.engine.id, at: Self.noon)
            let parts = sql.split(separator: "|").map(String.init)
            #expect(parts.count == 2)
            #expect(parts[0].firstMatch(of: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) != nil, "\(sql)")
            #expect(parts[1] == "20000")
            do {
                _ = try await templater.render(
                    "SELECT 1\n  {{ latest_partition('main.nope', 'dt') }}", variables: [], engine: harness.engine.id, at: Self.noon)
                Issue.record("rendered")
            } catch let error as TemplateError {
                #expect(error.line == 2)
                #expect(error.column == 6)
                #expect(error.message.hasPrefix("Line 2: latest_partition('main.nope', 'dt'): no such table"), "\(error.message)")
            }
        }
    }
}
