import Core
import Execution
import Foundation
import Hummingbird
import Scheduling

/// The body of `PUT /api/docs/{id}/schedule`; every field but `cron` and `timezone` optional.
struct ScheduleForm: Decodable {
    struct Notify: Decodable {
        var on: String?
        var webhookUrl: String?
        var emails: [String]?
    }

    struct Export: Decodable {
        var cellId: Int64
        var format: String
    }

    var cron: String?
    var timezone: String?
    var retries: Int?
    var retryDelaySeconds: Int?
    var disableAfterFailures: Int?
    var notify: Notify?
    var exports: [Export]?

    /// The checked draft, with its parsed cron and zone.
    /// - Throws: `400` `invalid_cron`, `invalid_timezone` or `invalid_schedule` naming the field.
    func draft(queryCells: Set<CellID>) throws -> (draft: ScheduleDraft, cron: CronExpression, zone: TimeZone) {
        guard let cronText = cron, !cronText.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.invalidSchedule("`cron` is required: five fields, minute hour day-of-month month day-of-week.")
        }
        guard let zoneName = timezone, !zoneName.isEmpty else {
            throw APIError.invalidSchedule("`timezone` is required: an IANA time zone such as Europe/Berlin or UTC.")
        }
        let expression: CronExpression
        let zone: TimeZone
        do {
            expression = try CronExpression(cronText)
            zone = try ScheduleTimeZone.zone(named: zoneName)
        } catch {
            switch error {
            case .invalidExpression(let message): throw APIError(status: .badRequest, code: "invalid_cron", message: message)
            case .invalidTimeZone(let message): throw APIError(status: .badRequest, code: "invalid_timezone", message: message)
            }
        }
        let retries = try Self.number(retries, "retries", default: 2, in: 0...10)
        let delay = try Self.number(retryDelaySeconds, "retryDelaySeconds", default: 60, in: 10...86_400)
        let disableAfter = try Self.number(disableAfterFailures, "disableAfterFailures", default: 5, in: 0...100)
        let settings = try notifySettings()
        var chosen: [ScheduleExport] = []
        for export in exports ?? [] {
            guard let format = ScheduleExportFormat(rawValue: export.format) else {
                throw APIError.invalidSchedule("`exports`: the format must be csv or xlsx, not `\(export.format)`.")
            }
            let cell = CellID(rawValue: export.cellId)
            guard queryCells.contains(cell) else {
                throw APIError.invalidSchedule("`exports`: cell \(export.cellId) is not a query cell of this doc.")
            }
            let item = ScheduleExport(cellID: cell, format: format)
            if !chosen.contains(item) { chosen.append(item) }
        }
        guard chosen.count <= 50 else { throw APIError.invalidSchedule("`exports`: at most 50 exports.") }
        let draft = ScheduleDraft(
            cron: expression.source, timezone: zoneName, retries: retries, retryDelaySeconds: delay,
            disableAfterFailures: disableAfter, notify: settings, exports: chosen)
        return (draft, expression, zone)
    }

    private func notifySettings() throws -> NotifySettings {
        guard let notify else { return NotifySettings() }
        let on: NotifyOn
        if let text = notify.on {
            guard let value = NotifyOn(rawValue: text) else {
                throw APIError.invalidSchedule("`notify.on` must be never, failure, success or always, not `\(text)`.")
            }
            on = value
        } else {
            on = .never
        }
        var webhook: String?
        if let text = notify.webhookUrl, !text.isEmpty {
            guard text.count <= 2048, let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else {
                throw APIError.invalidSchedule("`notify.webhookUrl` must be an http or https URL.")
            }
            webhook = text
        }
        let emails = notify.emails ?? []
        guard emails.count <= 20 else { throw APIError.invalidSchedule("`notify.emails`: at most 20 addresses.") }
        for email in emails {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" })
            else {
                throw APIError.invalidSchedule("`notify.emails`: `\(email.prefix(100))` is not an email address.")
            }
        }
        return NotifySettings(on: on, webhookURL: webhook, emails: emails)
    }

    private static func number(_ value: Int?, _ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let value else { return fallback }
        guard range.contains(value) else {
            throw APIError.invalidSchedule("`\(name)` must be from \(range.lowerBound) to \(range.upperBound), not \(value).")
        }
        return value
    }
}

extension APIError {
    /// `400 invalid_schedule`: a field of a schedule is wrong; the message names it.
    static func invalidSchedule(_ message: String) -> Self {
        .init(status: .badRequest, code: "invalid_schedule", message: message)
    }
}

/// A schedule as the API shows it (`webhookUrl` only to the doc's editors).
struct ScheduleBody: Encodable {
    struct Notify: Encodable {
        let on: String
        let webhookUrl: String?
        let emails: [String]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(on, forKey: .on)
            try c.encode(webhookUrl, forKey: .webhookUrl)
            try c.encode(emails, forKey: .emails)
        }

        enum CodingKeys: String, CodingKey { case on, webhookUrl, emails }
    }

    struct Export: Encodable {
        let cellId: Int64
        let format: String
    }

    let id: Int64
    let docId: Int64
    let docTitle: String
    let cron: String
    let timezone: String
    let status: String
    let disabledReason: String?
    let retries: Int
    let retryDelaySeconds: Int
    let disableAfterFailures: Int
    let consecutiveFailures: Int
    let notify: Notify
    let exports: [Export]
    let owner: PersonBody?
    let nextRunAt: Date?
    let lastRun: ScheduleRunSnapshot?
    let createdAt: Date
    let updatedAt: Date

    init(_ schedule: Schedule, docTitle: String, owner: User?, lastRun: ScheduleRun?, showSecrets: Bool) {
        id = schedule.id.rawValue
        docId = schedule.docID.rawValue
        self.docTitle = docTitle
        cron = schedule.cron
        timezone = schedule.timezone
        status = schedule.status.rawValue
        disabledReason = schedule.disabledReason
        retries = schedule.retries
        retryDelaySeconds = schedule.retryDelaySeconds
        disableAfterFailures = schedule.disableAfterFailures
        consecutiveFailures = schedule.consecutiveFailures
        notify = Notify(
            on: schedule.notify.on.rawValue, webhookUrl: showSecrets ? schedule.notify.webhookURL : nil,
            emails: schedule.notify.emails)
        exports = schedule.exports.map { Export(cellId: $0.cellID.rawValue, format: $0.format.rawValue) }
        self.owner = owner.map(PersonBody.init)
        nextRunAt = schedule.nextRunAt
        self.lastRun = lastRun.map(ScheduleRunSnapshot.init)
        createdAt = schedule.createdAt
        updatedAt = schedule.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(docId, forKey: .docId)
        try c.encode(docTitle, forKey: .docTitle)
        try c.encode(cron, forKey: .cron)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(status, forKey: .status)
        try c.encode(disabledReason, forKey: .disabledReason)
        try c.encode(retries, forKey: .retries)
        try c.encode(retryDelaySeconds, forKey: .retryDelaySeconds)
        try c.encode(disableAfterFailures, forKey: .disableAfterFailures)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encode(notify, forKey: .notify)
        try c.encode(exports, forKey: .exports)
        try c.encode(owner, forKey: .owner)
        try c.encode(nextRunAt, forKey: .nextRunAt)
        try c.encode(lastRun, forKey: .lastRun)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, docId, docTitle, cron, timezone, status, disabledReason, retries, retryDelaySeconds, disableAfterFailures
        case consecutiveFailures, notify, exports, owner, nextRunAt, lastRun, createdAt, updatedAt
    }
}

/// `{"schedule": Schedule|null}`; a doc's `GET` adds `"emailEnabled"` (whether this hub has
/// an SMTP server for the schedule's emails).
struct ScheduleEnvelope: Encodable {
    let schedule: ScheduleBody?
    var emailEnabled: Bool?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule)
        try c.encodeIfPresent(emailEnabled, forKey: .emailEnabled)
    }

    enum CodingKeys: String, CodingKey { case schedule, emailEnabled }
}
