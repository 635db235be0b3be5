import Foundation

/// Renders a query cell's template (issue 9) into the SQL that runs: doc variables, built-ins
/// such as `ds` and `latest_partition`, filters. The scheduler calls it for every cell it runs;
/// the run route calls it for a person's run.
public protocol QueryRendering: Sendable {
    /// - Parameters:
    ///   - doc: the doc whose variables apply, if the query is a doc's cell.
    ///   - at: the instant `today`, `ds` and friends are taken from (a scheduled run's slot).
    /// - Throws: an error whose description says what is wrong and on which line.
    func render(_ query: String, doc: DocID?, engine: EngineID, user: UserID, at: Date) async throws -> String
}

/// When a schedule tells people how its run went.
public enum NotifyOn: String, Codable, Sendable, CaseIterable {
    case never, failure, success, always

    public func applies(succeeded: Bool) -> Bool {
        switch self {
        case .never: false
        case .failure: !succeeded
        case .success: succeeded
        case .always: true
        }
    }
}

/// Where and when a schedule's notifications go.
public struct NotifySettings: Codable, Sendable, Hashable {
    public var on: NotifyOn
    /// A Slack or Teams incoming webhook, or any URL that takes a JSON POST.
    public var webhookURL: String?
    public var emails: [String]

    public init(on: NotifyOn = .never, webhookURL: String? = nil, emails: [String] = []) {
        self.on = on
        self.webhookURL = webhookURL
        self.emails = emails
    }
}

/// What a finished scheduled run tells people.
public struct ScheduleNotice: Sendable, Hashable {
    /// The cell that failed, with the engine's (or the template's) error.
    public struct FailedCell: Sendable, Hashable {
        public var cell: CellID
        public var title: String
        public var error: String
        public var execution: ExecutionID?

        public init(cell: CellID, title: String, error: String, execution: ExecutionID?) {
            self.cell = cell
            self.title = title
            self.error = error
            self.execution = execution
        }
    }

    public var doc: DocID
    public var docTitle: String
    public var runID: Int64
    public var succeeded: Bool
    /// `schedule`, `manual` or `catch-up`.
    public var trigger: String
    public var scheduledFor: Date
    public var startedAt: Date
    public var finishedAt: Date
    /// How many query cells ran (or were to run).
    public var cellCount: Int
    public var attempts: Int
    public var failedCell: FailedCell?

    public init(
        doc: DocID, docTitle: String, runID: Int64, succeeded: Bool, trigger: String, scheduledFor: Date,
        startedAt: Date, finishedAt: Date, cellCount: Int, attempts: Int, failedCell: FailedCell?
    ) {
        self.doc = doc
        self.docTitle = docTitle
        self.runID = runID
        self.succeeded = succeeded
        self.trigger = trigger
        self.scheduledFor = scheduledFor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.cellCount = cellCount
        self.attempts = attempts
        self.failedCell = failedCell
    }
}

/// How one notification went; kept in the run's history.
public struct NotificationOutcome: Codable, Sendable, Hashable {
    public enum Channel: String, Codable, Sendable { case webhook, email }
    public var channel: Channel
    /// The webhook's host or the email address: never a full URL (webhook URLs hold secrets).
    public var target: String
    public var sent: Bool
    public var error: String?
    public var at: Date

    public init(channel: Channel, target: String, sent: Bool, error: String?, at: Date) {
        self.channel = channel
        self.target = target
        self.sent = sent
        self.error = error
        self.at = at
    }
}

/// Delivers a schedule's notifications. Never throws: a failure to notify is an outcome, and
/// never fails the run.
public protocol ScheduleNotifying: Sendable {
    func deliver(_ notice: ScheduleNotice, settings: NotifySettings) async -> [NotificationOutcome]
}
