import Core
import Foundation
import Store
import Testing
import TestSupport

/// A statement's engine log: kept in order with the statement, bounded, cleared on a re-run.
@Suite struct StatementLogTests {
    @Test func linesAreKeptInOrderUpToTheLimitAndClearedWhenTheRunStartsOver() async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            let user = try await store.ensureLocalUser()
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let execution = try await store.createExecution(
                engine: engine.id, cell: nil, owner: user.id, query: "SELECT 1; SELECT 2",
                statements: [.init(text: "SELECT 1", startLine: 1), .init(text: "SELECT 2", startLine: 1)])

            let first = try #require(try await store.appendStatementLog(execution.id, index: 1, message: "query id q-1"))
            #expect(first.message == "query id q-1")
            clock.advance(by: 1)
            let long = String(repeating: "x", count: RunLogEntry.maxMessageLength + 10)
            let second = try #require(try await store.appendStatementLog(execution.id, index: 1, message: long))
            #expect(second.message.count == RunLogEntry.maxMessageLength + 1 && second.message.hasSuffix("…"))

            var statements = try await store.executionWithStatements(execution.id).1
            #expect(statements[0].log.isEmpty)
            #expect(statements[1].log == [first, second])
            #expect(statements[1].log[1].at > statements[1].log[0].at)

            for n in 2..<(RunLogEntry.limit + 5) {
                let kept = try await store.appendStatementLog(execution.id, index: 1, message: "line \(n)")
                #expect((kept == nil) == (n >= RunLogEntry.limit), "line \(n)")
            }
            statements = try await store.executionWithStatements(execution.id).1
            #expect(statements[1].log.count == RunLogEntry.limit)
            #expect(statements[1].log.last?.message == "The log is full; later lines were dropped.")

            await #expect(throws: StoreError.self) {
                try await store.appendStatementLog(execution.id, index: 7, message: "no such statement")
            }

            // A run started over (its worker died) starts with an empty log.
            #expect(try await store.startExecution(execution.id))
            try await store.requeueExecution(execution.id)
            statements = try await store.executionWithStatements(execution.id).1
            #expect(statements[1].log.isEmpty)
        }
    }
}
