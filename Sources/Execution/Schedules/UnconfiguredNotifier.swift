import Core
import Foundation
import Logging

/// Stands in for notification delivery on a hub with no webhook or mail set up: every
/// notification a schedule asks for is recorded as not sent, "Notifications are not
/// configured on this server.", and logged, so run history says why nobody heard.
public struct UnconfiguredNotifier: ScheduleNotifying {
    let logger: Logger
    let clock: any WallClock

    public init(logger: Logger, clock: any WallClock = SystemClock()) {
        self.logger = logger
        self.clock = clock
    }

    public func deliver(_ notice: ScheduleNotice, settings: NotifySettings) async -> [NotificationOutcome] {
        let now = clock.now()
        let error = "Notifications are not configured on this server."
        var outcomes: [NotificationOutcome] = []
        if let webhook = settings.webhookURL {
            outcomes.append(
                NotificationOutcome(channel: .webhook, target: URL(string: webhook)?.host ?? "webhook", sent: false, error: error, at: now))
        }
        for email in settings.emails {
            outcomes.append(NotificationOutcome(channel: .email, target: email, sent: false, error: error, at: now))
        }
        if !outcomes.isEmpty {
            logger.warning(
                "Schedule notification not sent: notifications are not configured",
                metadata: ["doc": "\(notice.doc)", "run": "\(notice.runID)", "targets": "\(outcomes.count)"])
        }
        return outcomes
    }
}
