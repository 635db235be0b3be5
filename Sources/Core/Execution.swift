import Foundation

/// Where a run, or one of its statements, stands.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, done, failed, cancelled

    /// `true` once nothing more will happen to it.
    public var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .done, .failed, .cancelled: true
        }
    }
}

/// An engine's error, placed in the user's text.
public struct RunError: Codable, Sendable, Hashable, Error {
    public var message: String
    /// 1-based line in the whole query text, when the engine told us where.
    public var line: Int?
    public var column: Int?

    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }
}

/// One run of some SQL on one engine.
public struct Execution: Codable, Sendable, Hashable {
    public var id: ExecutionID
    public var engineID: EngineID
    public var cellID: CellID?
    public var ownerID: UserID
    public var query: String
    public var status: RunStatus
    public var error: RunError?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// When retention removed the run's stored results; `nil` while they are kept.
    public var resultExpiredAt: Date?

    public init(
        id: ExecutionID, engineID: EngineID, cellID: CellID?, ownerID: UserID, query: String, status: RunStatus,
        error: RunError? = nil, createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
        resultExpiredAt: Date? = nil
    ) {
        self.id = id
        self.engineID = engineID
        self.cellID = cellID
        self.ownerID = ownerID
        self.query = query
        self.status = status
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.resultExpiredAt = resultExpiredAt
    }
}

/// Which cap cut a statement's result short.
public enum Truncation: String, Codable, Sendable, CaseIterable {
    /// The row cap: the smallest of `max-rows`, the engine's row cap and the cell's row limit.
    case rows
    /// The run's size cap on stored results (`max-result-bytes`, compressed bytes).
    case bytes
}

/// One statement of an execution, with its own status and result.
public struct StatementRun: Codable, Sendable, Hashable {
    public var executionID: ExecutionID
    public var index: Int
    public var text: String
    /// 1-based line of the statement's first character in the execution's query.
    public var startLine: Int
    public var status: RunStatus
    public var rowCount: Int
    public var columns: [ResultColumn]
    public var error: RunError?
    /// `true` when a cap cut the result short; ``truncatedBy`` says which.
    public var truncated: Bool
    public var truncatedBy: Truncation?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// What the engine said while the statement ran, oldest first (at most ``RunLogEntry/limit``).
    public var log: [RunLogEntry]

    public init(
        executionID: ExecutionID, index: Int, text: String, startLine: Int, status: RunStatus = .queued,
        rowCount: Int = 0, columns: [ResultColumn] = [], error: RunError? = nil, truncatedBy: Truncation? = nil,
        startedAt: Date? = nil, finishedAt: Date? = nil, log: [RunLogEntry] = []
    ) {
        self.executionID = executionID
        self.index = index
        self.text = text
        self.startLine = startLine
        self.status = status
        self.rowCount = rowCount
        self.columns = columns
        self.error = error
        self.truncated = truncatedBy != nil
        self.truncatedBy = truncatedBy
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.log = log
    }
}

/// One line of a statement's log: a message from the engine (a notice, a stage, its query id).
public struct RunLogEntry: Codable, Sendable, Hashable {
    /// The most lines one statement keeps; later ones are dropped after a last line saying so.
    public static let limit = 200
    /// The longest message kept, in characters; longer ones are cut with "…".
    public static let maxMessageLength = 2_000

    public var at: Date
    public var message: String

    public init(at: Date, message: String) {
        self.at = at
        self.message = message.count > Self.maxMessageLength
            ? String(message.prefix(Self.maxMessageLength)) + "…" : message
    }
}
