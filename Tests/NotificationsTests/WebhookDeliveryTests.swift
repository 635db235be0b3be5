import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TestSupport

@testable import Notifications

/// Webhooks against a real HTTP receiver on a loopback port.
@Suite struct WebhookDeliveryTests {
    static func notifier() -> Notifier {
        Notifier(publicURL: "https://hub.example.com/", email: nil, logger: Logger(label: "test"))
    }

    static func payload(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aFailedRunPostsTheDocTheFailingCellAndLinks() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { url in
            let outcomes = await Self.notifier().deliver(Notices.failed(), settings: NotifySettings(on: .failure, webhookURL: url))
            #expect(outcomes.count == 1)
            #expect(outcomes.first?.sent == true)
            #expect(outcomes.first?.channel == .webhook)
            // The history names the host, never the URL with its secret.
            #expect(outcomes.first?.target == "127.0.0.1")
        }
        let bodies = receiver.bodies.withLock { $0 }
        #expect(bodies.count == 1)
        #expect(receiver.contentTypes.withLock { $0 } == ["application/json"])
        let json = try Self.payload(try #require(bodies.first))
        let text = try #require(json["text"] as? String)
        #expect(text.contains("“Daily revenue” failed at “Revenue by day”"))
        #expect(text.contains("https://hub.example.com/docs/42"))
        #expect(text.contains("no such table: revenue_daily"))
        #expect(json["status"] as? String == "failed")
        let doc = try #require(json["doc"] as? [String: Any])
        #expect(doc["id"] as? Int == 42)
        #expect(doc["title"] as? String == "Daily revenue")
        #expect(doc["url"] as? String == "https://hub.example.com/docs/42")
        let cell = try #require(json["failedCell"] as? [String: Any])
        #expect(cell["title"] as? String == "Revenue by day")
        #expect(cell["error"] as? String == "no such table: revenue_daily")
        #expect(cell["url"] as? String == "https://hub.example.com/docs/42#cell-9")
        #expect(cell["executionId"] as? Int == 88)
        let run = try #require(json["run"] as? [String: Any])
        #expect(run["id"] as? Int == 7)
        #expect(run["attempts"] as? Int == 3)
        #expect(run["durationSeconds"] as? Int == 12)
        #expect(run["startedAt"] as? String == "2027-01-15T08:00:00.000Z")
    }

    @Test func whenTheSettingDoesNotApplyNothingIsSent() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { url in
            let notifier = Self.notifier()
            #expect(await notifier.deliver(Notices.succeeded(), settings: NotifySettings(on: .failure, webhookURL: url)).isEmpty)
            #expect(await notifier.deliver(Notices.failed(), settings: NotifySettings(on: .success, webhookURL: url)).isEmpty)
            #expect(await notifier.deliver(Notices.failed(), settings: NotifySettings(on: .never, webhookURL: url)).isEmpty)
            let sent = await notifier.deliver(Notices.succeeded(), settings: NotifySettings(on: .always, webhookURL: url))
            #expect(sent.map(\.sent) == [true])
        }
        let bodies = receiver.bodies.withLock { $0 }
        #expect(bodies.count == 1)
        let json = try Self.payload(try #require(bodies.first))
        #expect(json["status"] as? String == "done")
        #expect((json["text"] as? String)?.hasPrefix("✅ “Daily revenue” refreshed: 3 queries in 4 s") == true)
        #expect(json["failedCell"] == nil || json["failedCell"] is NSNull)
    }

    @Test func aRefusingOrMissingReceiverIsAnOutcomeNotAnError() async throws {
        let receiver = WebhookReceiver(status: .forbidden)
        try await receiver.serve { url in
            let outcomes = await Self.notifier().deliver(Notices.failed(), settings: NotifySettings(on: .always, webhookURL: url))
            #expect(outcomes.map(\.sent) == [false])
            #expect(outcomes.first?.error == "The webhook answered 403: invalid_token.")
        }
        let closed = await Self.notifier().deliver(
            Notices.failed(), settings: NotifySettings(on: .always, webhookURL: "http://127.0.0.1:9/hook"))
        #expect(closed.map(\.sent) == [false])
        #expect(closed.first?.error?.hasPrefix("The webhook could not be reached") == true)
        let bad = await Self.notifier().deliver(Notices.failed(), settings: NotifySettings(on: .always, webhookURL: "file:///etc/passwd"))
        #expect(bad.first?.error == "The webhook URL is not an http(s) URL.")
    }

    @Test func emailWithoutAnSMTPServerSaysHowToSetItUp() async {
        let outcomes = await Self.notifier().deliver(Notices.failed(), settings: NotifySettings(on: .always, emails: ["ana@example.com"]))
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.sent == false)
        #expect(outcomes.first?.target == "ana@example.com")
        #expect(outcomes.first?.error?.contains("smtp-host") == true)
    }
}
