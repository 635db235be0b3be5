import Core
import Foundation

/// An execution as the API returns it and as `execution` events carry it.
public struct ExecutionSnapshot: Codable, Sendable, Hashable {
    public var id: Int64
    public var status: RunStatus
    public var engineId: Int64
    public var cellId: Int64?
    public var query: String
    public var error: RunError?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// When retention removed the stored results (`null` while they are kept); the run's
    /// statements, counts and errors stay.
    public var resultExpiredAt: Date?
    public var statements: [StatementSnapshot]

    public init(_ execution: Execution, statements: [StatementRun]) {
        id = execution.id.rawValue
        status = execution.status
        engineId = execution.engineID.rawValue
        cellId = execution.cellID?.rawValue
        query = execution.query
        error = execution.error
        createdAt = execution.createdAt
        startedAt = execution.startedAt
        finishedAt = execution.finishedAt
        resultExpiredAt = execution.resultExpiredAt
        self.statements = statements.map(StatementSnapshot.init)
    }

    // Keys without a value are written as `null`, so clients always see every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(engineId, forKey: .engineId)
        try c.encode(cellId, forKey: .cellId)
        try c.encode(query, forKey: .query)
        try c.encode(error, forKey: .error)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(resultExpiredAt, forKey: .resultExpiredAt)
        try c.encode(statements, forKey: .statements)
    }
}

/// One statement of an ``ExecutionSnapshot``.
public struct StatementSnapshot: Codable, Sendable, Hashable {
    public var index: Int
    public var status: RunStatus
    public var text: String
    public var startLine: Int
    public var rowCount: Int
    public var columns: [ResultColumn]
    public var error: RunError?
    public var truncated: Bool
    /// Which cap cut the result: `rows` or `bytes`; `null` when it is whole.
    public var truncatedBy: Truncation?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var log: [RunLogEntry]

    public init(_ run: StatementRun) {
        index = run.index
        status = run.status
        text = run.text
        startLine = run.startLine
        rowCount = run.rowCount
        columns = run.columns
        error = run.error
        truncated = run.truncated
        truncatedBy = run.truncatedBy
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        log = run.log
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(status, forKey: .status)
        try c.encode(text, forKey: .text)
        try c.encode(startLine, forKey: .startLine)
        try c.encode(rowCount, forKey: .rowCount)
        try c.encode(columns, forKey: .columns)
        try c.encode(error, forKey: .error)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(truncatedBy, forKey: .truncatedBy)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(log, forKey: .log)
    }
}

/// The data of a `progress` event: rows stored so far, and what the engine itself reports
/// (`null` when it does not say).
public struct ProgressSnapshot: Codable, Sendable, Hashable {
    public var executionId: Int64
    public var statement: Int
    public var rowCount: Int
    public var percent: Double?
    public var rowsRead: Int64?
    public var bytesRead: Int64?

    public init(executionId: Int64, statement: Int, rowCount: Int, engine: EngineProgress? = nil) {
        self.executionId = executionId
        self.statement = statement
        self.rowCount = rowCount
        percent = engine?.percent
        rowsRead = engine?.rowsRead
        bytesRead = engine?.bytesRead
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(executionId, forKey: .executionId)
        try c.encode(statement, forKey: .statement)
        try c.encode(rowCount, forKey: .rowCount)
        try c.encode(percent, forKey: .percent)
        try c.encode(rowsRead, forKey: .rowsRead)
        try c.encode(bytesRead, forKey: .bytesRead)
    }
}

/// The data of a `log` event: one line the engine reported for a statement.
public struct LogSnapshot: Codable, Sendable, Hashable {
    public var executionId: Int64
    public var statement: Int
    public var at: Date
    public var message: String
}
