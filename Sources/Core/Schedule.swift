import Foundation

public typealias ScheduleID = ID<Schedule>
public typealias ScheduleRunID = ID<ScheduleRun>

/// Whether a schedule fires.
public enum ScheduleStatus: String, Codable, Sendable, CaseIterable {
    /// Fires at its cron times.
    case active
    /// Stopped by a person; resumed by a person.
    case paused
    /// Stopped by the hub (too many failed runs, or its owner was deactivated).
    case disabled
}

/// What started a scheduled run.
public enum ScheduleTrigger: String, Codable, Sendable, CaseIterable {
    case schedule, manual
    /// A fire missed while the server was down, run once when it came back.
    case catchUp = "catch-up"
}

/// Where a scheduled run stands.
public enum ScheduleRunStatus: String, Codable, Sendable, CaseIterable {
    case queued, running
    /// An attempt failed; the next one waits for its backoff delay.
    case retrying
    case done, failed

    /// `true` once nothing more will happen to it.
    public var isFinal: Bool { self == .done || self == .failed }
}

/// A file format a scheduled run exports a cell's result to.
public enum ScheduleExportFormat: String, Codable, Sendable, CaseIterable {
    case csv, xlsx
}

/// One cell whose final statement's result a run writes to a file.
public struct ScheduleExport: Codable, Sendable, Hashable {
    public var cellID: CellID
    public var format: ScheduleExportFormat

    public init(cellID: CellID, format: ScheduleExportFormat) {
        self.cellID = cellID
        self.format = format
    }
}

/// What a person saves as a doc's schedule (validated by the caller: the cron and the zone
/// parse, the numbers are in range).
public struct ScheduleDraft: Sendable, Hashable {
    public var cron: String
    public var timezone: String
    public var retries: Int
    public var retryDelaySeconds: Int
    public var disableAfterFailures: Int
    public var notify: NotifySettings
    public var exports: [ScheduleExport]

    public init(
        cron: String, timezone: String, retries: Int = 2, retryDelaySeconds: Int = 60, disableAfterFailures: Int = 5,
        notify: NotifySettings = NotifySettings(), exports: [ScheduleExport] = []
    ) {
        self.cron = cron
        self.timezone = timezone
        self.retries = retries
        self.retryDelaySeconds = retryDelaySeconds
        self.disableAfterFailures = disableAfterFailures
        self.notify = notify
        self.exports = exports
    }
}

/// A doc's schedule: when it runs, how it retries, whom it tells, what it exports. Runs run
/// as its owner (whoever saved it last), with the owner's permissions.
public struct Schedule: Sendable, Hashable {
    public var id: ScheduleID
    public var docID: DocID
    public var ownerID: UserID
    public var cron: String
    public var timezone: String
    public var status: ScheduleStatus
    public var disabledReason: String?
    public var retries: Int
    public var retryDelaySeconds: Int
    public var disableAfterFailures: Int
    public var consecutiveFailures: Int
    public var notify: NotifySettings
    public var exports: [ScheduleExport]
    /// When the queued fire is due; `nil` unless active.
    public var nextRunAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ScheduleID, docID: DocID, ownerID: UserID, cron: String, timezone: String, status: ScheduleStatus,
        disabledReason: String?, retries: Int, retryDelaySeconds: Int, disableAfterFailures: Int,
        consecutiveFailures: Int, notify: NotifySettings, exports: [ScheduleExport], nextRunAt: Date?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.docID = docID
        self.ownerID = ownerID
        self.cron = cron
        self.timezone = timezone
        self.status = status
        self.disabledReason = disabledReason
        self.retries = retries
        self.retryDelaySeconds = retryDelaySeconds
        self.disableAfterFailures = disableAfterFailures
        self.consecutiveFailures = consecutiveFailures
        self.notify = notify
        self.exports = exports
        self.nextRunAt = nextRunAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One query cell of a scheduled run's current attempt.
public struct ScheduleRunCell: Codable, Sendable, Hashable {
    /// `queued`, `running`, `done`, `failed`, `cancelled`, or `skipped` (empty, or after a failure).
    public var status: String
    public var cellID: CellID
    public var executionID: ExecutionID?

    public init(cellID: CellID, executionID: ExecutionID? = nil, status: String = "queued") {
        self.cellID = cellID
        self.executionID = executionID
        self.status = status
    }
}

/// How one export of a run went; `path` is relative to the export folder.
public struct ScheduleExportOutcome: Codable, Sendable, Hashable {
    public var cellID: CellID
    public var format: ScheduleExportFormat
    public var path: String?
    public var error: String?

    public init(cellID: CellID, format: ScheduleExportFormat, path: String?, error: String?) {
        self.cellID = cellID
        self.format = format
        self.path = path
        self.error = error
    }
}

/// One run of a doc's schedule, over its attempts.
public struct ScheduleRun: Sendable, Hashable {
    public var id: ScheduleRunID
    public var scheduleID: ScheduleID
    public var docID: DocID
    public var trigger: ScheduleTrigger
    public var status: ScheduleRunStatus
    /// The attempt running or last run, from 1; 0 while queued.
    public var attempt: Int
    /// The slot: the instant the templates' `ds` and `today` are taken from.
    public var scheduledFor: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var error: String?
    public var failedCellID: CellID?
    public var cells: [ScheduleRunCell]
    public var notifications: [NotificationOutcome]
    public var exports: [ScheduleExportOutcome]
    /// When the next attempt is due, while `retrying`.
    public var nextAttemptAt: Date?
    public var createdAt: Date

    public init(
        id: ScheduleRunID, scheduleID: ScheduleID, docID: DocID, trigger: ScheduleTrigger, status: ScheduleRunStatus,
        attempt: Int, scheduledFor: Date, startedAt: Date? = nil, finishedAt: Date? = nil, error: String? = nil,
        failedCellID: CellID? = nil, cells: [ScheduleRunCell] = [], notifications: [NotificationOutcome] = [],
        exports: [ScheduleExportOutcome] = [], nextAttemptAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.scheduleID = scheduleID
        self.docID = docID
        self.trigger = trigger
        self.status = status
        self.attempt = attempt
        self.scheduledFor = scheduledFor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.failedCellID = failedCellID
        self.cells = cells
        self.notifications = notifications
        self.exports = exports
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }

    /// Milliseconds from start to finish, once finished.
    public var durationMs: Int? {
        guard let startedAt, let finishedAt else { return nil }
        return Int((finishedAt.timeIntervalSince(startedAt) * 1000).rounded())
    }
}
