import App
import Core
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// The schedule routes over real HTTP with accounts: validation refuses whole with nothing
/// saved, viewers read but cannot change and never see the webhook URL, run now is a 202 then
/// a 409 while it runs, and runs are listed newest first.
@Suite(.serialized) struct ScheduleRouteTests {
    static let password = "schedule-password-1"

    struct Hub {
        let client: AccountClient
        let owner: Caller
        let editor: Caller
        let viewer: Caller
        let outsider: Caller
        let doc: Int64
        let cell: Int64
        let textCell: Int64
        let dataDir: URL
    }

    func withHub(smtp: SMTPSettings? = nil, _ body: @Sendable (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            config.smtp = smtp
            for name in ["admin", "owner", "editor", "viewer", "outsider"] {
                _ = try await Accounts.create(config, username: name, displayName: name, password: Self.password, admin: name == "admin")
            }
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                var callers: [String: Caller] = [:]
                var ids: [String: Int64] = [:]
                for name in ["owner", "editor", "viewer", "outsider"] {
                    let caller = try await client.signIn(name, Self.password)
                    callers[name] = caller
                    ids[name] = (try await client.object(.GET, "/api/session", as: caller)["user"] as! [String: Any])["id"] as? Int64
                }
                let owner = callers["owner"]!
                let engines = try await client.object(.GET, "/api/engines", as: owner)["engines"] as! [[String: Any]]
                let demo = engines.first { $0["name"] as? String == "demo" }!["id"] as! Int64
                let doc = try await client.object(.POST, "/api/docs", as: owner, body: #"{"title": "Scheduled", "public": false}"#)
                let docID = doc["id"] as! Int64
                let first = (doc["cells"] as! [[String: Any]])[0]["id"] as! Int64
                _ = try await client.send(.DELETE, "/api/cells/\(first)", as: owner)
                let cell = try await client.object(
                    .POST, "/api/docs/\(docID)/cells", as: owner,
                    body: #"{"kind": "query", "content": "SELECT count(*) AS n FROM events", "engineId": \#(demo)}"#)["id"] as! Int64
                let text = try await client.object(
                    .POST, "/api/docs/\(docID)/cells", as: owner, body: #"{"kind": "text", "content": "About"}"#)["id"] as! Int64
                try await client.object(
                    .PUT, "/api/docs/\(docID)/access", as: owner,
                    body: #"{"public": false, "grants": [{"userId": \#(ids["editor"]!), "role": "editor"}, {"userId": \#(ids["viewer"]!), "role": "viewer"}]}"#)
                try await body(
                    Hub(
                        client: client, owner: owner, editor: callers["editor"]!, viewer: callers["viewer"]!,
                        outsider: callers["outsider"]!, doc: docID, cell: cell, textCell: text, dataDir: dir))
            }
        }
    }

    @Test func badCronZoneOrFieldsAre400AndSaveNothing() async throws {
        try await withHub { hub in
            let path = "/api/docs/\(hub.doc)/schedule"
            let cases: [(String, String, String)] = [
                (#"{"cron": "0 24 * * *", "timezone": "UTC"}"#, "invalid_cron", "Field 2 (hour): 24 is out of range 0–23."),
                (#"{"cron": "0 6 * *", "timezone": "UTC"}"#, "invalid_cron", "5 fields"),
                (#"{"cron": "0 6 * * *", "timezone": "Mars/Olympus"}"#, "invalid_timezone", "Mars/Olympus"),
                (#"{"timezone": "UTC"}"#, "invalid_schedule", "`cron`"),
                (#"{"cron": "0 6 * * *"}"#, "invalid_schedule", "`timezone`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "retries": 11}"#, "invalid_schedule", "`retries`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "retries": "two"}"#, "invalid_schedule", "`retries`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "retryDelaySeconds": 5}"#, "invalid_schedule", "`retryDelaySeconds`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "disableAfterFailures": 101}"#, "invalid_schedule", "`disableAfterFailures`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "notify": {"on": "sometimes"}}"#, "invalid_schedule", "`notify.on`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "notify": {"on": "always", "webhookUrl": "ftp://x.example/"}}"#,
                 "invalid_schedule", "`notify.webhookUrl`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "notify": {"on": "always", "emails": ["not-an-address"]}}"#,
                 "invalid_schedule", "`notify.emails`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "exports": [{"cellId": \#(hub.textCell), "format": "csv"}]}"#,
                 "invalid_schedule", "`exports`"),
                (#"{"cron": "0 6 * * *", "timezone": "UTC", "exports": [{"cellId": \#(hub.cell), "format": "pdf"}]}"#,
                 "invalid_schedule", "`exports`"),
            ]
            for (body, code, message) in cases {
                let reply = try await hub.client.send(.PUT, path, as: hub.owner, body: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorCode == code, "\(body): \(reply.text)")
                let text = (reply.json?["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(text.contains(message), "\(body): \(text)")
            }
            let saved = try await hub.client.object(.GET, path, as: hub.owner)
            #expect(saved["schedule"] is NSNull)
        }
    }

    @Test func viewersReadWithoutTheWebhookAndCannotChange() async throws {
        try await withHub { hub in
            let path = "/api/docs/\(hub.doc)/schedule"
            let body = #"{"cron": "30 7 * * 1-5", "timezone": "Europe/Berlin", "notify": {"on": "failure", "webhookUrl": "https://hooks.example.com/secret-path", "emails": ["ops@example.com"]}, "exports": [{"cellId": \#(hub.cell), "format": "csv"}]}"#
            let saved = try await hub.client.object(.PUT, path, as: hub.editor, body: body)["schedule"] as! [String: Any]
            #expect(saved["status"] as? String == "active" && saved["retries"] as? Int == 2 && saved["retryDelaySeconds"] as? Int == 60)
            #expect(saved["disableAfterFailures"] as? Int == 5 && saved["nextRunAt"] is String && saved["lastRun"] is NSNull)
            #expect((saved["owner"] as? [String: Any])?["username"] as? String == "editor")
            #expect((saved["notify"] as? [String: Any])?["webhookUrl"] as? String == "https://hooks.example.com/secret-path")
            let seen = try await hub.client.send(.GET, path, as: hub.viewer)
            #expect(seen.status == 200 && !seen.text.contains("secret-path"))
            let notify = ((seen.json?["schedule"] as? [String: Any])?["notify"] as? [String: Any])
            #expect(notify?["webhookUrl"] is NSNull && (notify?["emails"] as? [String]) == ["ops@example.com"])
            for (method, suffix) in [(HTTPMethod.PUT, ""), (.POST, "/pause"), (.POST, "/resume"), (.POST, "/run"), (.DELETE, "")] {
                let reply = try await hub.client.send(method, path + suffix, as: hub.viewer, body: method == .PUT ? body : nil)
                #expect(reply.status == 403, "\(method) \(suffix)")
            }
            #expect(try await hub.client.send(.GET, path, as: hub.outsider).status == 403)
            let listed = try await hub.client.object(.GET, "/api/schedules", as: hub.viewer)
            #expect(listed["total"] as? Int == 1)
            let entry = (listed["schedules"] as? [[String: Any]])?.first
            #expect(entry?["docTitle"] as? String == "Scheduled" && !(listed.description.contains("secret-path")))
            #expect(try await hub.client.object(.GET, "/api/schedules", as: hub.outsider)["total"] as? Int == 0)
        }
    }

    @Test func pauseResumeAndDelete() async throws {
        try await withHub { hub in
            let path = "/api/docs/\(hub.doc)/schedule"
            #expect(try await hub.client.send(.POST, path + "/pause", as: hub.owner).status == 404)
            try await hub.client.object(.PUT, path, as: hub.owner, body: #"{"cron": "@hourly", "timezone": "UTC"}"#)
            let paused = try await hub.client.object(.POST, path + "/pause", as: hub.editor)["schedule"] as! [String: Any]
            #expect(paused["status"] as? String == "paused" && paused["nextRunAt"] is NSNull)
            // Saving again keeps it paused.
            let resaved = try await hub.client.object(.PUT, path, as: hub.owner, body: #"{"cron": "@daily", "timezone": "UTC"}"#)
            #expect((resaved["schedule"] as? [String: Any])?["status"] as? String == "paused")
            let resumed = try await hub.client.object(.POST, path + "/resume", as: hub.editor)["schedule"] as! [String: Any]
            #expect(resumed["status"] as? String == "active" && resumed["nextRunAt"] is String)
            #expect(try await hub.client.send(.DELETE, path, as: hub.editor).status == 204)
            #expect(try await hub.client.object(.GET, path, as: hub.owner)["schedule"] is NSNull)
            #expect(try await hub.client.send(.DELETE, path, as: hub.editor).status == 404)
        }
    }

    @Test func runNowIsAcceptedOnceAndItsRunsAreListed() async throws {
        try await withHub { hub in
            let path = "/api/docs/\(hub.doc)/schedule"
            #expect(try await hub.client.send(.POST, path + "/run", as: hub.owner).status == 404)
            try await hub.client.object(
                .PUT, path, as: hub.owner,
                body: #"{"cron": "0 0 1 1 *", "timezone": "UTC", "exports": [{"cellId": \#(hub.cell), "format": "csv"}]}"#)
            let accepted = try await hub.client.send(.POST, path + "/run", as: hub.editor)
            #expect(accepted.status == 202)
            let run = try #require(accepted.json?["run"] as? [String: Any])
            #expect(run["trigger"] as? String == "manual" && run["status"] as? String == "queued" && run["attempt"] as? Int == 0)
            let again = try await hub.client.send(.POST, path + "/run", as: hub.editor)
            #expect(again.status == 409 && again.errorCode == "conflict")
            var last: [String: Any] = [:]
            for _ in 0..<400 {
                let runs = try await hub.client.object(.GET, path + "/runs", as: hub.viewer)
                last = (runs["runs"] as? [[String: Any]])?.first ?? [:]
                if ["done", "failed"].contains(last["status"] as? String ?? "") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(last["status"] as? String == "done", "\(last)")
            let cells = last["cells"] as? [[String: Any]] ?? []
            #expect(cells.count == 1 && cells.first?["cellId"] as? Int64 == hub.cell && cells.first?["executionId"] is Int64)
            #expect(last["durationMs"] is Int && last["error"] is NSNull && last["failedCellId"] is NSNull)
            // The export lands in <data-dir>/exports by default.
            let export = (last["exports"] as? [[String: Any]])?.first
            let exportPath = try #require(export?["path"] as? String)
            let csv = try String(contentsOf: hub.dataDir.appending(path: "exports/\(exportPath)"), encoding: .utf8)
            #expect(csv.hasPrefix("n\r\n20000\r\n") || csv.hasPrefix("n\n20000\n"), "\(csv.prefix(40))")
            #expect(try await hub.client.send(.POST, path + "/run", as: hub.owner).status == 202)
            let listed = try await hub.client.object(.GET, path + "/runs?limit=1", as: hub.viewer)
            #expect(listed["total"] as? Int == 2 && (listed["runs"] as? [[String: Any]])?.count == 1)
            let schedule = try await hub.client.object(.GET, path, as: hub.viewer)["schedule"] as! [String: Any]
            #expect((schedule["lastRun"] as? [String: Any])?["trigger"] as? String == "manual")
        }
    }

    /// The Schedule panel says when emails cannot be sent: `emailEnabled` follows `smtp-host`.
    @Test func theScheduleSaysWhetherThisHubCanSendEmail() async throws {
        try await withHub { hub in
            let answer = try await hub.client.object(.GET, "/api/docs/\(hub.doc)/schedule", as: hub.viewer)
            #expect(answer["emailEnabled"] as? Bool == false && answer["schedule"] is NSNull)
        }
        let smtp = SMTPSettings(host: "127.0.0.1", port: 2525, security: .none, username: nil, password: nil, sender: "hub@example.com")
        try await withHub(smtp: smtp) { hub in
            let answer = try await hub.client.object(.GET, "/api/docs/\(hub.doc)/schedule", as: hub.viewer)
            #expect(answer["emailEnabled"] as? Bool == true)
        }
    }

    /// The composition root's notifier end to end: a failing run now reaches a webhook on
    /// loopback with the doc, the failing cell and its error, and the run keeps the outcome.
    @Test func aFailedRunNowReachesTheWebhookWithTheFailingCell() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { hook in
            try await withHub { hub in
                let path = "/api/docs/\(hub.doc)/schedule"
                try await hub.client.object(
                    .PATCH, "/api/cells/\(hub.cell)", as: hub.owner, body: #"{"content": "SELECT * FROM no_such_table"}"#)
                try await hub.client.object(
                    .PUT, path, as: hub.owner,
                    body: #"{"cron": "0 0 1 1 *", "timezone": "UTC", "retries": 0, "notify": {"on": "failure", "webhookUrl": "\#(hook)"}}"#)
                #expect(try await hub.client.send(.POST, path + "/run", as: hub.owner).status == 202)
                var last: [String: Any] = [:]
                for _ in 0..<400 {
                    let runs = try await hub.client.object(.GET, path + "/runs", as: hub.owner)
                    last = (runs["runs"] as? [[String: Any]])?.first ?? [:]
                    if last["status"] as? String == "failed" { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(last["status"] as? String == "failed", "\(last)")
                let outcome = (last["notifications"] as? [[String: Any]])?.first
                #expect(outcome?["channel"] as? String == "webhook" && outcome?["sent"] as? Bool == true, "\(last)")
                #expect(outcome?["target"] as? String == "127.0.0.1")
            }
        }
        let bodies = receiver.bodies.withLock { $0 }
        #expect(bodies.count == 1)
        let body = try #require(bodies.first)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["status"] as? String == "failed")
        #expect((json["doc"] as? [String: Any])?["title"] as? String == "Scheduled")
        let failed = try #require(json["failedCell"] as? [String: Any])
        #expect((failed["error"] as? String)?.contains("no such table: no_such_table") == true, "\(failed)")
        #expect((json["text"] as? String)?.contains("/docs/") == true)
    }

    @Test func theExportFolderIsASetting() throws {
        #expect(try ConfigLoader.load(flags: [:], environment: [:]).scheduleExportDirectory == nil)
        let flagged = try ConfigLoader.load(flags: ["schedule-export-directory": "/srv/exports"], environment: [:])
        #expect(flagged.scheduleExportDirectory?.path == "/srv/exports")
        let fromEnvironment = try ConfigLoader.load(flags: [:], environment: ["QUERYBOOK_SCHEDULE_EXPORT_DIRECTORY": "/data/out"])
        #expect(fromEnvironment.scheduleExportDirectory?.path == "/data/out")
    }
}
