import Core
import Foundation

/// A scheduled run as the API returns it and as `schedule.run` events carry it. Every key
/// is written, `null` when it has no value.
public struct ScheduleRunSnapshot: Encodable, Sendable, Hashable {
    public struct CellState: Encodable, Sendable, Hashable {
        public var cellId: Int64
        public var executionId: Int64?
        public var status: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cellId, forKey: .cellId)
            try c.encode(executionId, forKey: .executionId)
            try c.encode(status, forKey: .status)
        }

        enum CodingKeys: String, CodingKey { case cellId, executionId, status }
    }

    public struct Notification: Encodable, Sendable, Hashable {
        public var channel: String
        public var target: String
        public var sent: Bool
        public var error: String?
        public var at: Date

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(channel, forKey: .channel)
            try c.encode(target, forKey: .target)
            try c.encode(sent, forKey: .sent)
            try c.encode(error, forKey: .error)
            try c.encode(at, forKey: .at)
        }

        enum CodingKeys: String, CodingKey { case channel, target, sent, error, at }
    }

    public struct Export: Encodable, Sendable, Hashable {
        public var cellId: Int64
        public var format: String
        public var path: String?
        public var error: String?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cellId, forKey: .cellId)
            try c.encode(format, forKey: .format)
            try c.encode(path, forKey: .path)
            try c.encode(error, forKey: .error)
        }

        enum CodingKeys: String, CodingKey { case cellId, format, path, error }
    }

    public var id: Int64
    public var scheduleId: Int64
    public var docId: Int64
    public var trigger: String
    public var status: String
    public var attempt: Int
    public var scheduledFor: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var durationMs: Int?
    public var error: String?
    public var failedCellId: Int64?
    public var cells: [CellState]
    public var notifications: [Notification]
    public var exports: [Export]

    public init(_ run: ScheduleRun) {
        id = run.id.rawValue
        scheduleId = run.scheduleID.rawValue
        docId = run.docID.rawValue
        trigger = run.trigger.rawValue
        status = run.status.rawValue
        attempt = run.attempt
        scheduledFor = run.scheduledFor
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        durationMs = run.durationMs
        error = run.error
        failedCellId = run.failedCellID?.rawValue
        cells = run.cells.map { CellState(cellId: $0.cellID.rawValue, executionId: $0.executionID?.rawValue, status: $0.status) }
        notifications = run.notifications.map {
            Notification(channel: $0.channel.rawValue, target: $0.target, sent: $0.sent, error: $0.error, at: $0.at)
        }
        exports = run.exports.map { Export(cellId: $0.cellID.rawValue, format: $0.format.rawValue, path: $0.path, error: $0.error) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(scheduleId, forKey: .scheduleId)
        try c.encode(docId, forKey: .docId)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(status, forKey: .status)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(scheduledFor, forKey: .scheduledFor)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(durationMs, forKey: .durationMs)
        try c.encode(error, forKey: .error)
        try c.encode(failedCellId, forKey: .failedCellId)
        try c.encode(cells, forKey: .cells)
        try c.encode(notifications, forKey: .notifications)
        try c.encode(exports, forKey: .exports)
    }

    enum CodingKeys: String, CodingKey {
        case id, scheduleId, docId, trigger, status, attempt, scheduledFor, startedAt, finishedAt, durationMs, error
        case failedCellId, cells, notifications, exports
    }
}
