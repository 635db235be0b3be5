import Core
import Execution
import Foundation
import Logging
import Store
import Testing

/// The analytics worker against real runs: the job a successful run leaves, the tables of its
/// statements in the engine's dialect, and a job that is done once.
@Suite struct QueryAnalyticsTests {
    func analytics(_ harness: ExecutionHarness) -> QueryAnalytics {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return QueryAnalytics(store: harness.store, logger: logger)
    }

    @Test func aSuccessfulRunIsAnalysedOnceStatementByStatement() async throws {
        try await ExecutionHarness.with { harness in
            let id = try await harness.submit(
                """
                -- FROM hidden
                SELECT e.kind, u.country FROM events e JOIN main.users u ON u.id = e.user_id LIMIT 3;
                WITH recent AS (SELECT * FROM pins ORDER BY created_at DESC LIMIT 5) SELECT count(*) FROM recent
                """)
            _ = try await harness.waitFor(id) { $0.status == .done }
            let tables = try await QueryAnalytics.tables(of: id, store: harness.store)
            #expect(tables.map(\.index) == [0, 1])
            #expect(tables[0].reads == [NamedTable(name: "events"), NamedTable(schema: "main", name: "users")])
            #expect(tables[1].reads == [NamedTable(name: "pins")])
            #expect(tables.allSatisfy { $0.writes.isEmpty && $0.lineage.isEmpty })

            let worker = analytics(harness)
            #expect(try await worker.drain() == 1)
            #expect(try await worker.drain() == 0)
            // Recording it again (a job run twice) changes nothing.
            #expect(!(try await harness.store.recordTableUse(execution: id, statements: tables)))
        }
    }

    @Test func failedRunsLeaveNoAnalyticsJob() async throws {
        try await ExecutionHarness.with { harness in
            let id = try await harness.submit("SELECT * FROM events; SELECT * FROM no_such_table")
            _ = try await harness.waitFor(id) { $0.status == .failed }
            #expect(try await analytics(harness).drain() == 0)
            #expect(try await QueryAnalytics.tables(of: id, store: harness.store).isEmpty)
        }
    }
}
