import Core
import Foundation

/// What a schedule's notification says, as an email and as a webhook's JSON.
struct NoticeText {
    let notice: ScheduleNotice
    /// The hub's address as people reach it (`https://hub.example.com`), without a final `/`.
    let publicURL: String

    var docURL: String { "\(publicURL)/docs/\(notice.doc.rawValue)" }

    func cellURL(_ cell: CellID) -> String { "\(docURL)#cell-\(cell.rawValue)" }

    var seconds: Int { max(0, Int(notice.finishedAt.timeIntervalSince(notice.startedAt).rounded())) }

    var title: String { EmailMessage.oneLine(notice.docTitle.isEmpty ? "Untitled doc" : notice.docTitle) }

    /// `✅ "Daily revenue" refreshed: 3 queries in 12 s` or `❌ "Daily revenue" failed…`.
    var headline: String {
        if notice.succeeded {
            let queries = notice.cellCount == 1 ? "1 query" : "\(notice.cellCount) queries"
            return "✅ “\(title)” refreshed: \(queries) in \(seconds) s"
        }
        let cell = notice.failedCell.map { " at “\(EmailMessage.oneLine($0.title))”" } ?? ""
        return "❌ “\(title)” failed\(cell)"
    }

    var subject: String {
        notice.succeeded ? "[Querybook] \(title) refreshed" : "[Querybook] \(title) failed"
    }

    /// The email's text.
    var body: String {
        var lines = [headline, "", "Doc: \(title)", "Link: \(docURL)"]
        lines.append("Run: #\(notice.runID) (\(notice.trigger)), attempt \(notice.attempts)")
        lines.append("Scheduled for: \(Self.iso(notice.scheduledFor))")
        lines.append("Started: \(Self.iso(notice.startedAt)), finished: \(Self.iso(notice.finishedAt)) (\(seconds) s)")
        if let failed = notice.failedCell {
            lines += ["", "Failing cell: \(failed.title)", "Cell link: \(cellURL(failed.cell))", "Error:", failed.error]
            if let execution = failed.execution { lines.append("Run details: \(publicURL)/executions/\(execution.rawValue)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A webhook's JSON: `text` for Slack and Teams incoming webhooks (they show it as the
    /// message and link the URL in it), and the fields for anything else.
    var webhookPayload: WebhookPayload {
        var text = "\(headline)\n\(docURL)"
        if let cell = notice.failedCell { text += "\n\(cell.error.prefix(1_000))" }
        return WebhookPayload(
            text: text, status: notice.succeeded ? "done" : "failed",
            doc: .init(id: notice.doc.rawValue, title: notice.docTitle, url: docURL),
            run: .init(
                id: notice.runID, trigger: notice.trigger, attempts: notice.attempts, queries: notice.cellCount,
                scheduledFor: notice.scheduledFor, startedAt: notice.startedAt, finishedAt: notice.finishedAt,
                durationSeconds: seconds),
            failedCell: notice.failedCell.map {
                .init(id: $0.cell.rawValue, title: $0.title, error: $0.error, url: cellURL($0.cell), executionId: $0.execution?.rawValue)
            })
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// The JSON a schedule's webhook receives.
struct WebhookPayload: Codable, Equatable {
    struct Doc: Codable, Equatable {
        var id: Int64
        var title: String
        var url: String
    }
    struct Run: Codable, Equatable {
        var id: Int64
        var trigger: String
        var attempts: Int
        var queries: Int
        var scheduledFor: Date
        var startedAt: Date
        var finishedAt: Date
        var durationSeconds: Int
    }
    struct FailedCell: Codable, Equatable {
        var id: Int64
        var title: String
        var error: String
        var url: String
        var executionId: Int64?
    }
    var text: String
    var status: String
    var doc: Doc
    var run: Run
    var failedCell: FailedCell?
}
