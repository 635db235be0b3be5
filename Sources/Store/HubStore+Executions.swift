import Core
import Foundation
import GRDB

/// A statement to record with a new execution.
public struct PlannedStatement: Sendable, Hashable {
    public var text: String
    public var startLine: Int

    public init(text: String, startLine: Int) {
        self.text = text
        self.startLine = startLine
    }
}

extension HubStore {
    /// The job kind that runs an execution; its payload is the execution id.
    public static let executionJobKind = "execution"

    /// Records a run with its statements and enqueues the job that runs it, in one transaction.
    public func createExecution(
        engine: EngineID, cell: CellID?, owner: UserID, query: String, statements: [PlannedStatement]
    ) async throws -> Execution {
        let now = clock.now()
        return try await write { db in
            try Self.requireEngine(db, engine)
            if let cell, try Cell.fetchOne(db, key: cell.rawValue) == nil {
                throw StoreError.invalid("No cell with id \(cell).")
            }
            try db.execute(
                sql: """
                    INSERT INTO execution (engineID, cellID, ownerID, query, status, createdAt)
                    VALUES (?, ?, ?, ?, 'queued', ?)
                    """,
                arguments: [engine, cell, owner, query, now])
            let id = ExecutionID(db.lastInsertedRowID)
            for (index, statement) in statements.enumerated() {
                try StatementRun(executionID: id, index: index, text: statement.text, startLine: statement.startLine)
                    .insert(db)
            }
            _ = try Self.enqueueJob(db, kind: Self.executionJobKind, payload: String(id.rawValue), now: now)
            return Execution(
                id: id, engineID: engine, cellID: cell, ownerID: owner, query: query, status: .queued, createdAt: now)
        }
    }

    /// The ids of a cell's runs, newest first, at most `limit`.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when there is no such cell.
    public func executionIDs(ofCell cell: CellID, limit: Int) async throws -> [ExecutionID] {
        try await read { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM cell WHERE id = ?", arguments: [cell.rawValue]) != nil else {
                throw StoreError.notFound(entity: "cell", id: cell.rawValue)
            }
            return try Int64.fetchAll(
                db, sql: "SELECT id FROM execution WHERE cellID = ? ORDER BY id DESC LIMIT ?",
                arguments: [cell.rawValue, limit]
            ).map { ExecutionID(rawValue: $0) }
        }
    }

    /// The execution and its statements, in order.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func executionWithStatements(_ id: ExecutionID) async throws -> (Execution, [StatementRun]) {
        try await read { db in
            guard let execution = try Execution.fetchOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "execution", id: id.rawValue)
            }
            let statements = try StatementRun.filter(Column("executionID") == id).order(Column("index")).fetchAll(db)
            return (execution, statements)
        }
    }

    /// Marks a queued execution running. Returns `false` (and changes nothing) when it is no
    /// longer queued, for example cancelled while it waited.
    public func startExecution(_ id: ExecutionID) async throws -> Bool {
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: "UPDATE execution SET status = 'running', startedAt = ? WHERE id = ? AND status = 'queued'",
                arguments: [now, id])
            return db.changesCount > 0
        }
    }

    /// Marks one statement running.
    public func startStatement(_ id: ExecutionID, index: Int) async throws {
        let now = clock.now()
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE statementRun SET status = 'running', startedAt = ?
                    WHERE executionID = ? AND "index" = ? AND status = 'queued'
                    """,
                arguments: [now, id, index])
        }
    }

    /// Records how one statement ended.
    public func finishStatement(
        _ id: ExecutionID, index: Int, status: RunStatus, rowCount: Int, columns: [ResultColumn],
        truncatedBy: Truncation?, error: RunError?
    ) async throws {
        let now = clock.now()
        let columnsJSON = String(decoding: try JSONEncoder().encode(columns), as: UTF8.self)
        let errorJSON = try error.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE statementRun SET status = ?, rowCount = ?, columns = ?, truncated = ?, truncatedBy = ?, error = ?,
                        finishedAt = ?, startedAt = coalesce(startedAt, ?)
                    WHERE executionID = ? AND "index" = ?
                    """,
                arguments: [status, rowCount, columnsJSON, truncatedBy != nil, truncatedBy?.rawValue, errorJSON, now, now, id, index])
        }
    }

    /// Adds a line to a statement's log and returns it as kept, or `nil` once the log is full
    /// (the line at the limit says that later ones were dropped).
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func appendStatementLog(_ id: ExecutionID, index: Int, message: String) async throws -> RunLogEntry? {
        let now = clock.now()
        return try await write { db in
            guard var run = try StatementRun.filter(Column("executionID") == id && Column("index") == index).fetchOne(db)
            else { throw StoreError.notFound(entity: "statement", id: id.rawValue) }
            guard run.log.count < RunLogEntry.limit else { return nil }
            let entry = run.log.count == RunLogEntry.limit - 1
                ? RunLogEntry(at: now, message: "The log is full; later lines were dropped.")
                : RunLogEntry(at: now, message: message)
            run.log.append(entry)
            try run.update(db, columns: ["log"])
            return entry
        }
    }

    /// Ends the execution with `status`; statements that never ran become `cancelled`. A run
    /// that ends `done` gets its analytics job (``analyticsJobKind``) in the same transaction.
    /// Returns `false` when it had already ended.
    @discardableResult
    public func finishExecution(_ id: ExecutionID, status: RunStatus, error: RunError?) async throws -> Bool {
        let now = clock.now()
        let errorJSON = try error.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE execution SET status = ?, error = ?, finishedAt = ?
                    WHERE id = ? AND status IN ('queued', 'running')
                    """,
                arguments: [status, errorJSON, now, id])
            guard db.changesCount > 0 else { return false }
            try db.execute(
                sql: """
                    UPDATE statementRun SET status = 'cancelled', finishedAt = ?
                    WHERE executionID = ? AND status IN ('queued', 'running')
                    """,
                arguments: [now, id])
            if status == .done {
                _ = try Self.enqueueJob(db, kind: Self.analyticsJobKind, payload: String(id.rawValue), now: now)
            }
            return true
        }
    }

    /// Puts a `running` execution whose worker died back to `queued`, its statements reset, so
    /// it runs again from the start. Does nothing to a run that has ended.
    public func requeueExecution(_ id: ExecutionID) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE execution SET status = 'queued', startedAt = NULL WHERE id = ? AND status = 'running'",
                arguments: [id])
            // A run cancelled or failed meanwhile keeps its statements as they ended.
            guard db.changesCount > 0 else { return }
            try db.execute(
                sql: """
                    UPDATE statementRun SET status = 'queued', rowCount = 0, columns = '[]', error = NULL,
                        truncated = 0, truncatedBy = NULL, startedAt = NULL, finishedAt = NULL, log = '[]'
                    WHERE executionID = ?
                    """,
                arguments: [id])
        }
    }

    /// Executions still `queued` or `running`, oldest first.
    public func unfinishedExecutions() async throws -> [Execution] {
        try await read { db in
            try Execution.filter(["queued", "running"].contains(Column("status"))).order(Column("id")).fetchAll(db)
        }
    }
}
