import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

@Suite struct StoreTests {
    func withStore(clock: ManualClock = ManualClock(), _ body: (HubStore, User) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            try await body(store, try await store.ensureLocalUser())
        }
    }

    @Test func migratesFromEmptyAndReopens() async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let store = try HubStore(url: url)
            #expect(try store.appliedMigrations() == ["v1-foundation", "v2-cell-edits", "v3-doc-history", "v4-doc-marks", "v5-engine-settings", "v6-statement-logs", "v7-result-lifecycle", "v8-accounts",
                "v9-metastore", "v10-query-analytics", "v11-search", "v12-doc-variables", "v13-schedules", "v14-search-titles",
            ])
            let user = try await store.ensureLocalUser()
            let reopened = try HubStore(url: url)
            #expect(try await reopened.ensureLocalUser().id == user.id)
            let journal = try await DatabaseQueue(path: url.path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(journal == "wal")
        }
    }

    @Test func cellsKeepTheirOrderUnderInsertsAndMoves() async throws {
        try await withStore { store, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let (doc, first) = try await store.createDoc(title: "T", owner: user.id, firstQueryEngine: engine.id)
            let a = first[0]
            let c = try await store.insertCell(doc: doc.id, kind: .text, content: "c", owner: user.id)
            let b = try await store.insertCell(doc: doc.id, kind: .text, content: "b", placement: .after(a.id), owner: user.id)
            let z = try await store.insertCell(doc: doc.id, kind: .text, content: "z", placement: .first, owner: user.id)
            var order = try await store.docWithCells(doc.id).1.map(\.id)
            #expect(order == [z.id, a.id, b.id, c.id])

            // Moving a cell rewrites only that cell's position.
            let before = try await store.docWithCells(doc.id).1
            let moved = try await store.updateCell(z.id, CellChanges(placement: .after(c.id)), user: user.id)
            let after = try await store.docWithCells(doc.id).1
            order = after.map(\.id)
            #expect(order == [a.id, b.id, c.id, z.id])
            for cell in after where cell.id != z.id {
                #expect(cell.position == before.first { $0.id == cell.id }?.position)
            }
            #expect(moved.position > c.position)

            // Many inserts at the same spot stay ordered.
            var previous = a.id
            var inserted: [CellID] = []
            for index in 0..<50 {
                let cell = try await store.insertCell(
                    doc: doc.id, kind: .text, content: "\(index)", placement: .after(previous), owner: user.id)
                inserted.append(cell.id)
                previous = cell.id
            }
            order = try await store.docWithCells(doc.id).1.map(\.id)
            #expect(order == [a.id] + inserted + [b.id, c.id, z.id])
        }
    }

    @Test func siblingFromAnotherDocIsRefused() async throws {
        try await withStore { store, user in
            let (one, _) = try await store.createDoc(title: "1", owner: user.id, firstQueryEngine: nil)
            let (two, _) = try await store.createDoc(title: "2", owner: user.id, firstQueryEngine: nil)
            let cell = try await store.insertCell(doc: one.id, kind: .text, owner: user.id)
            await #expect(throws: StoreError.self) {
                try await store.insertCell(doc: two.id, kind: .text, placement: .after(cell.id), owner: user.id)
            }
            #expect(try await store.docWithCells(two.id).1.isEmpty)
        }
    }

    @Test func executionIsRecordedWithItsJobInOneTransaction() async throws {
        try await withStore { store, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let execution = try await store.createExecution(
                engine: engine.id, cell: nil, owner: user.id, query: "SELECT 1; SELECT 2",
                statements: [.init(text: "SELECT 1", startLine: 1), .init(text: "SELECT 2", startLine: 1)])
            let (stored, statements) = try await store.executionWithStatements(execution.id)
            #expect(stored.status == .queued)
            #expect(statements.map(\.text) == ["SELECT 1", "SELECT 2"])
            let job = try #require(try await store.claimNextJob(kinds: ["execution"], owner: "w", lease: 30))
            #expect(job.payload == String(execution.id.rawValue))

            // An unknown cell aborts the whole transaction: no execution, no job.
            await #expect(throws: StoreError.self) {
                try await store.createExecution(
                    engine: engine.id, cell: CellID(999), owner: user.id, query: "SELECT 1",
                    statements: [.init(text: "SELECT 1", startLine: 1)])
            }
            #expect(try await store.claimNextJob(kinds: ["execution"], owner: "w", lease: 30) == nil)
        }
    }

    @Test func expiredLeaseIsReclaimedAfterACrashAndExhaustedJobsFail() async throws {
        let clock = ManualClock()
        try await withStore(clock: clock) { store, _ in
            let job = try await store.enqueueJob(kind: "k", payload: "p", maxAttempts: 2)
            let first = try #require(try await store.claimNextJob(kinds: ["k"], owner: "dead", lease: 30))
            #expect(first.id == job.id && first.attempts == 1)
            // While the lease holds nobody else gets it.
            #expect(try await store.claimNextJob(kinds: ["k"], owner: "other", lease: 30) == nil)
            clock.advance(by: 20)
            #expect(try await store.renewLease(job.id, owner: "dead", lease: 30))
            clock.advance(by: 29)
            #expect(try await store.claimNextJob(kinds: ["k"], owner: "other", lease: 30) == nil)
            // The owner dies: no renewal, the lease runs out, another worker re-claims it.
            clock.advance(by: 2)
            let second = try #require(try await store.claimNextJob(kinds: ["k"], owner: "other", lease: 30))
            #expect(second.id == job.id && second.attempts == 2 && second.leaseOwner == "other")
            #expect(try await store.renewLease(job.id, owner: "dead", lease: 30) == false)
            // It dies too: attempts are used up, so the job fails instead of running a third time.
            clock.advance(by: 31)
            #expect(try await store.claimNextJob(kinds: ["k"], owner: "third", lease: 30) == nil)
            let failed = try await store.failExhaustedJobs(kinds: ["k"])
            #expect(failed.map(\.id) == [job.id])
            #expect(try await store.job(job.id)?.status == .failed)
        }
    }

    @Test func requeueLeavesAnEndedRunAlone() async throws {
        try await withStore { store, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let execution = try await store.createExecution(
                engine: engine.id, cell: nil, owner: user.id, query: "SELECT 1",
                statements: [.init(text: "SELECT 1", startLine: 1)])
            _ = try await store.startExecution(execution.id)
            try await store.finishExecution(execution.id, status: .cancelled, error: nil)
            try await store.requeueExecution(execution.id)
            let (run, statements) = try await store.executionWithStatements(execution.id)
            #expect(run.status == .cancelled)
            #expect(statements.map(\.status) == [.cancelled])
        }
    }

    @Test func completedJobIsNotClaimedAgain() async throws {
        let clock = ManualClock()
        try await withStore(clock: clock) { store, _ in
            let job = try await store.enqueueJob(kind: "k", payload: "p")
            _ = try #require(try await store.claimNextJob(kinds: ["k"], owner: "w", lease: 30))
            try await store.completeJob(job.id, owner: "w")
            clock.advance(by: 3600)
            #expect(try await store.claimNextJob(kinds: ["k"], owner: "w", lease: 30) == nil)
            #expect(try await store.job(job.id)?.status == .done)
        }
    }

    @Test func deletingADocKeepsItsExecutions() async throws {
        try await withStore { store, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let (doc, cells) = try await store.createDoc(title: "T", owner: user.id, firstQueryEngine: engine.id)
            let execution = try await store.createExecution(
                engine: engine.id, cell: cells[0].id, owner: user.id, query: "SELECT 1",
                statements: [.init(text: "SELECT 1", startLine: 1)])
            try await store.deleteDoc(doc.id)
            #expect(try await store.doc(doc.id) == nil)
            #expect(try await store.executionWithStatements(execution.id).0.cellID == nil)
            await #expect(throws: StoreError.notFound(entity: "doc", id: doc.id.rawValue)) {
                try await store.deleteDoc(doc.id)
            }
        }
    }
}
