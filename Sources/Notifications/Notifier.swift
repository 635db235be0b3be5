import AsyncHTTPClient
import Core
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Delivers schedule notifications: a JSON POST to the schedule's webhook, and an email to
/// each address through the configured SMTP server. A failure is an outcome (kept in the run
/// history) and a warning in the log, never an error of the run; the log names the webhook's
/// host only, since a webhook URL is a secret.
public struct Notifier: ScheduleNotifying {
    /// How email leaves the hub.
    public struct Email: Sendable {
        public var smtp: SMTPClient
        /// The `From` address.
        public var sender: String

        public init(smtp: SMTPClient, sender: String) {
            self.smtp = smtp
            self.sender = sender
        }
    }

    let publicURL: String
    let email: Email?
    let http: HTTPClient
    let clock: any WallClock
    let logger: Logger
    let webhookTimeout: TimeAmount

    /// - Parameters:
    ///   - publicURL: the hub's address as people reach it, for links (`http://127.0.0.1:10001`).
    ///   - email: nil when no SMTP server is configured: emails then fail with a message
    ///     saying so.
    public init(
        publicURL: String, email: Email?, http: HTTPClient = .shared, clock: any WallClock = SystemClock(), logger: Logger,
        webhookTimeout: TimeAmount = .seconds(10)
    ) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.email = email
        self.http = http
        self.clock = clock
        self.logger = logger
        self.webhookTimeout = webhookTimeout
    }

    public func deliver(_ notice: ScheduleNotice, settings: NotifySettings) async -> [NotificationOutcome] {
        guard settings.on.applies(succeeded: notice.succeeded) else { return [] }
        let text = NoticeText(notice: notice, publicURL: publicURL)
        var outcomes: [NotificationOutcome] = []
        if let url = settings.webhookURL, !url.isEmpty {
            outcomes.append(await webhook(url, text))
        }
        for address in settings.emails {
            outcomes.append(await mail(address, text))
        }
        for outcome in outcomes where !outcome.sent {
            logger.warning(
                "A schedule's notification failed",
                metadata: [
                    "doc": "\(notice.doc.rawValue)", "run": "\(notice.runID)", "channel": "\(outcome.channel.rawValue)",
                    "target": "\(outcome.target)", "error": "\(outcome.error ?? "")",
                ])
        }
        return outcomes
    }

    func webhook(_ url: String, _ text: NoticeText) async -> NotificationOutcome {
        let host = URL(string: url)?.host ?? "the webhook"
        func outcome(_ error: String?) -> NotificationOutcome {
            NotificationOutcome(channel: .webhook, target: host, sent: error == nil, error: error, at: clock.now())
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased()), parsed.host != nil else {
            return outcome("The webhook URL is not an http(s) URL.")
        }
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "querybook")
            request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encoder().encode(text.webhookPayload)))
            let response = try await http.execute(request, timeout: webhookTimeout)
            let body = try await response.body.collect(upTo: 4_096)
            guard (200..<300).contains(response.status.code) else {
                let said = EmailMessage.oneLine(String(buffer: body)).prefix(200)
                return outcome("The webhook answered \(response.status.code)\(said.isEmpty ? "" : ": \(said)").")
            }
            return outcome(nil)
        } catch {
            return outcome("The webhook could not be reached: \(error).")
        }
    }

    func mail(_ address: String, _ text: NoticeText) async -> NotificationOutcome {
        func outcome(_ error: String?) -> NotificationOutcome {
            NotificationOutcome(channel: .email, target: address, sent: error == nil, error: error, at: clock.now())
        }
        guard let email else {
            return outcome("Email is not set up on this hub: an admin sets smtp-host and smtp-from (see the configuration reference).")
        }
        let message = EmailMessage(
            from: email.sender, to: [address], subject: text.subject, body: text.body, date: clock.now(),
            messageID: "\(UUID().uuidString.lowercased())@querybook")
        do {
            try await email.smtp.send(message.rfc5322, from: email.sender, to: [address])
            return outcome(nil)
        } catch {
            return outcome("\(error)")
        }
    }
}
