import App
import Foundation
import Synchronization
import Testing
import TestSupport

/// An open event stream follows the rights of whoever opened it: a withdrawn share or a
/// deactivated account ends it (and reopening it is a 403), so no later event reaches them.
@Suite(.serialized) struct EventAccessTests {
    static let password = "events-password-1"

    /// Reads `stream` in the background, keeping what arrives.
    final class Reader: Sendable {
        final class Received: Sendable { let list = Mutex<[SSEMessage]>([]) }
        let received = Received()
        let task: Task<Void, Never>

        init(_ stream: AsyncThrowingStream<SSEMessage, any Error>) {
            let received = self.received
            task = Task {
                do {
                    for try await message in stream { received.list.withLock { $0.append(message) } }
                } catch {}
            }
        }

        /// The `doc` events' `change`s so far.
        var changes: [String] {
            received.list.withLock { $0 }.filter { $0.event == "doc" }.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any])?["change"] as? String
            }
        }

        /// Whether the stream ended within `seconds`.
        func ends(within seconds: Double) async -> Bool {
            let task = self.task
            return await withTaskGroup(of: Bool.self) { group in
                group.addTask { await task.value; return true }
                group.addTask { try? await Task.sleep(for: .seconds(seconds)); return false }
                let first = await group.next() ?? false
                // Still open: stop reading, so the reader's child ends too.
                if !first { task.cancel() }
                group.cancelAll()
                return first
            }
        }

        func waitFor(_ change: String) async throws {
            for _ in 0..<100 where !changes.contains(change) { try await Task.sleep(for: .milliseconds(50)) }
            #expect(changes.contains(change), "\(changes)")
        }
    }

    @Test func aWithdrawnShareOrADeactivatedAccountEndsTheStream() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            for name in ["admin", "owner", "viewer"] {
                _ = try await Accounts.create(config, username: name, displayName: name, password: Self.password, admin: name == "admin")
            }
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let admin = try await client.signIn("admin", Self.password)
                let owner = try await client.signIn("owner", Self.password)
                let viewer = try await client.signIn("viewer", Self.password)
                let viewerID = (try await client.object(.GET, "/api/session", as: viewer)["user"] as! [String: Any])["id"] as! Int64
                let doc = try await client.object(.POST, "/api/docs", as: owner, body: #"{"title": "Secret plans", "public": false}"#)["id"] as! Int64
                let share = #"{"public": false, "grants": [{"userId": \#(viewerID), "role": "viewer"}]}"#
                try await client.object(.PUT, "/api/docs/\(doc)/access", as: owner, body: share)
                let url = base + "api/events?topics=doc:\(doc)"
                let cookie = ["Cookie": "qb_session=\(viewer.cookie!)"]

                // Shared: the viewer follows the doc's changes.
                let first = Reader(try await SSEClient.connect(url, headers: cookie))
                try await Task.sleep(for: .milliseconds(300))
                try await client.object(.PATCH, "/api/docs/\(doc)", as: owner, body: #"{"title": "Secret plans v2"}"#)
                try await first.waitFor("doc.updated")
                // Withdrawn: the change itself still arrives (the page shows "no access"), then the stream ends.
                try await client.object(.PUT, "/api/docs/\(doc)/access", as: owner, body: #"{"public": false, "grants": []}"#)
                #expect(await first.ends(within: 5), "the stream outlived the share")
                #expect(first.changes == ["doc.updated", "doc.shared"])
                try await client.object(.PATCH, "/api/docs/\(doc)", as: owner, body: #"{"title": "Secret plans v3"}"#)
                await #expect(throws: SSEClient.SSEError.status(403)) { _ = try await SSEClient.connect(url, headers: cookie) }

                // Deactivated: ended at the next heartbeat (1 s here), though nothing changed on the doc.
                try await client.object(.PUT, "/api/docs/\(doc)/access", as: owner, body: share)
                let second = Reader(try await SSEClient.connect(url, headers: cookie))
                try await Task.sleep(for: .milliseconds(300))
                try await client.object(.PATCH, "/api/admin/users/\(viewerID)", as: admin, body: #"{"active": false}"#)
                #expect(await second.ends(within: 5), "the stream outlived the account")
            }
        }
    }
}
