import App
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// The metastore routes over real HTTP: the demo engine's tables after the first sync,
/// visibility by environment, edits and their checks, sample rows, and the admin's sync page.
@Suite struct TableRoutesTests {
    static let password = "tables-password-1"

    struct Hub {
        let client: AccountClient
        let admin: Caller
        let bob: Caller
        let bobID: Int64
        let demo: Int64
        /// A second SQLite engine (a copy of the demo), taken out of the default environment,
        /// so only the admin sees it.
        let hidden: Int64
    }

    func withHub(_ body: @Sendable (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            let hiddenFile = dir.appending(path: "files/payroll.sqlite")
            try await TestHub.copyDemo(to: hiddenFile)
            config.sqliteFiles = [hiddenFile.path]
            _ = try await Accounts.create(config, username: "ada", displayName: "Ada", password: Self.password, admin: true)
            _ = try await Accounts.create(config, username: "bob", displayName: "Bob", password: Self.password, admin: false)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let admin = try await client.signIn("ada", Self.password)
                let bob = try await client.signIn("bob", Self.password)
                let bobID = (try await client.object(.GET, "/api/session", as: bob)["user"] as! [String: Any])["id"] as! Int64
                let engines = try await client.object(.GET, "/api/engines", as: admin)["engines"] as! [[String: Any]]
                let demo = engines.first { $0["name"] as? String == "demo" }!["id"] as! Int64
                let hidden = engines.first { $0["name"] as? String == "payroll" }!["id"] as! Int64
                try await client.object(.PATCH, "/api/admin/environments/1", as: admin, body: #"{"engines": [\#(demo)]}"#)
                let hub = Hub(client: client, admin: admin, bob: bob, bobID: bobID, demo: demo, hidden: hidden)
                try await waitForSyncs(hub)
                try await body(hub)
            }
        }
    }

    /// Waits (at most 30 s) until no sync is queued or running.
    func waitForSyncs(_ hub: Hub) async throws {
        for _ in 0..<600 {
            let engines = try await hub.client.object(.GET, "/api/admin/metastore", as: hub.admin)["engines"] as! [[String: Any]]
            if engines.allSatisfy({ ["done", "failed"].contains($0["status"] as? String ?? "") }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the syncs did not end")
    }

    func tableID(_ hub: Hub, engine: Int64, name: String) async throws -> Int64 {
        let list = try await hub.client.object(.GET, "/api/tables?engineId=\(engine)&q=\(name)", as: hub.admin)
        return try #require((list["tables"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["id"] as? Int64)
    }

    func expectError(_ reply: Reply, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        let error = reply.json?["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, "\(reply.text)", sourceLocation: sourceLocation)
        #expect((error?["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(reply.json?.count == 1 && error?.count == 2, sourceLocation: sourceLocation)
    }

    @Test func theDemoTablesAreListedForEveryoneAndHiddenEnginesAreNot() async throws {
        try await withHub { hub in
            let mine = try await hub.client.object(.GET, "/api/tables", as: hub.bob)
            let names = (mine["tables"] as! [[String: Any]]).map { $0["name"] as! String }
            #expect(names.sorted() == ["boards", "events", "pins", "users"])
            #expect(mine["total"] as? Int == 4)
            let all = try await hub.client.object(.GET, "/api/tables", as: hub.admin)
            #expect(all["total"] as? Int == 8)
            let summary = try #require((mine["tables"] as! [[String: Any]]).first { $0["name"] as? String == "events" })
            #expect(Set(summary.keys) == [
                "id", "engineId", "engineName", "schema", "name", "kind", "comment", "description", "golden", "tags",
                "rowCount", "sizeBytes", "queryCount", "columnCount",
            ])
            #expect(summary["schema"] as? String == "main" && summary["engineName"] as? String == "demo")
            #expect(summary["kind"] as? String == "table" && summary["columnCount"] as? Int == 8)
            #expect((summary["sizeBytes"] as? Int ?? 0) > 0)
            let found = try await hub.client.object(.GET, "/api/tables?q=EVE", as: hub.bob)
            #expect((found["tables"] as! [[String: Any]]).map { $0["name"] as! String } == ["events"])
            let paged = try await hub.client.object(.GET, "/api/tables?limit=1&offset=1", as: hub.bob)
            #expect((paged["tables"] as! [[String: Any]]).count == 1 && paged["total"] as? Int == 4)
            expectError(try await hub.client.send(.GET, "/api/tables?limit=0", as: hub.bob), 400, "bad_request")
            expectError(try await hub.client.send(.GET, "/api/tables?colour=red", as: hub.bob), 400, "bad_request")
            expectError(try await hub.client.send(.GET, "/api/tables?golden=yes", as: hub.bob), 400, "bad_request")
            expectError(try await hub.client.send(.GET, "/api/tables"), 401, "unauthorized")

            let schemas = try await hub.client.object(.GET, "/api/engines/\(hub.demo)/schemas", as: hub.bob)
            let list = schemas["schemas"] as! [[String: Any]]
            #expect(list.count == 1 && list[0]["name"] as? String == "main" && list[0]["tableCount"] as? Int == 4)
            expectError(try await hub.client.send(.GET, "/api/engines/\(hub.hidden)/schemas", as: hub.bob), 404, "not_found")

            let secret = try await tableID(hub, engine: hub.hidden, name: "users")
            for (method, path, body) in [
                (HTTPMethod.GET, "/api/tables/\(secret)", nil), (.POST, "/api/tables/\(secret)/views", nil),
                (.PATCH, "/api/tables/\(secret)", #"{"description": "x"}"#), (.POST, "/api/tables/\(secret)/sample", nil),
                (.GET, "/api/tables/999999", nil),
            ] as [(HTTPMethod, String, String?)] {
                let reply = try await hub.client.send(method, path, as: hub.bob, body: body)
                expectError(reply, 404, "not_found")
                #expect((reply.json?["error"] as? [String: Any])?["message"] as? String == "No such table.")
            }
            #expect(try await hub.client.send(.GET, "/api/tables/\(secret)", as: hub.admin).status == 200)
        }
    }

    @Test func theTablePageHasItsColumnsAndCountsViews() async throws {
        try await withHub { hub in
            let events = try await tableID(hub, engine: hub.demo, name: "events")
            let page = try await hub.client.object(.GET, "/api/tables/\(events)", as: hub.bob)
            let table = page["table"] as! [String: Any]
            #expect(Set(table.keys) == [
                "id", "engineId", "engineName", "schema", "name", "kind", "comment", "description", "golden", "tags",
                "rowCount", "sizeBytes", "queryCount", "columnCount", "warnings", "owners", "viewCount", "lastQueriedAt",
                "syncedAt", "updatedAt", "canManage",
            ])
            #expect(table["canManage"] as? Bool == false && table["viewCount"] as? Int == 0)
            // The demo is ANALYZEd, so sqlite_stat1 has its row counts.
            #expect(table["rowCount"] as? Int == 20_000 && table["lastQueriedAt"] is NSNull)
            let columns = page["columns"] as! [[String: Any]]
            #expect(columns.map { $0["name"] as! String } == [
                "id", "user_id", "pin_id", "kind", "created_at", "duration_ms", "device", "country",
            ])
            #expect(columns.map { $0["position"] as! Int } == Array(0..<8))
            #expect(columns[0]["type"] as? String == "INTEGER")
            #expect(Set(columns[0].keys) == ["id", "position", "name", "type", "comment", "description", "tags"])
            #expect(try await hub.client.send(.POST, "/api/tables/\(events)/views", as: hub.bob).status == 204)
            #expect(try await hub.client.send(.POST, "/api/tables/\(events)/views", as: hub.bob).status == 204)
            let after = try await hub.client.object(.GET, "/api/tables/\(events)", as: hub.admin)["table"] as! [String: Any]
            #expect(after["viewCount"] as? Int == 2 && after["canManage"] as? Bool == true)
            #expect(after["updatedAt"] as? String == table["updatedAt"] as? String)
        }
    }

    @Test func editsAreCheckedAuditedAndGoldenIsForManagers() async throws {
        try await withHub { hub in
            let users = try await tableID(hub, engine: hub.demo, name: "users")
            let path = "/api/tables/\(users)"
            let edited = try await hub.client.object(
                .PATCH, path, as: hub.bob,
                body: ##"{"description": "# People\nWho signed up.", "warnings": "PII", "tags": [" pii ", "core:people", "pii"]}"##)
            let table = edited["table"] as! [String: Any]
            #expect(table["description"] as? String == "# People\nWho signed up.")
            #expect(table["warnings"] as? String == "PII")
            #expect(table["tags"] as? [String] == ["core:people", "pii"])
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"tags": ["no spaces"]}"#), 400, "invalid_tag")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"tags": [""]}"#), 400, "invalid_tag")
            let many = (0..<21).map { "\"t\($0)\"" }.joined(separator: ",")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"tags": [\#(many)]}"#), 400, "invalid_tag")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"tags": "pii"}"#), 400, "bad_request")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: "not json"), 400, "bad_request")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"golden": true}"#), 403, "forbidden")
            expectError(try await hub.client.send(.PATCH, path, as: hub.bob, body: #"{"owners": [1]}"#), 403, "forbidden")
            expectError(try await hub.client.send(.PATCH, path, as: hub.admin, body: #"{"owners": [424242]}"#), 422, "unprocessable")

            let owned = try await hub.client.object(.PATCH, path, as: hub.admin, body: #"{"owners": [\#(hub.bobID)]}"#)
            let owners = (owned["table"] as! [String: Any])["owners"] as! [[String: Any]]
            #expect(owners.map { $0["username"] as? String } == ["bob"])
            #expect(Set(owners[0].keys) == ["id", "username", "displayName", "avatarColor"])
            let golden = try await hub.client.object(.PATCH, path, as: hub.bob, body: #"{"golden": true}"#)
            #expect((golden["table"] as! [String: Any])["golden"] as? Bool == true)
            #expect((golden["table"] as! [String: Any])["canManage"] as? Bool == true)
            let first = try await hub.client.object(.GET, "/api/tables?limit=1", as: hub.bob)
            #expect((first["tables"] as! [[String: Any]]).first?["name"] as? String == "users")
            #expect(try await hub.client.object(.GET, "/api/tables?golden=true", as: hub.bob)["total"] as? Int == 1)
            #expect(try await hub.client.object(.GET, "/api/tables?tag=pii", as: hub.bob)["total"] as? Int == 1)

            let column = ((edited["columns"] as! [[String: Any]]).first { $0["name"] as? String == "country" })!["id"] as! Int64
            let described = try await hub.client.object(
                .PATCH, "\(path)/columns/\(column)", as: hub.bob, body: #"{"description": "ISO 3166", "tags": ["geo"]}"#)
            #expect(described["description"] as? String == "ISO 3166" && described["tags"] as? [String] == ["geo"])
            #expect(described["name"] as? String == "country")
            expectError(try await hub.client.send(.PATCH, "\(path)/columns/999999", as: hub.bob, body: #"{"description": "x"}"#), 404, "not_found")
            expectError(try await hub.client.send(.PATCH, "\(path)/columns/\(column)", as: hub.bob, body: #"{"tags": ["a b"]}"#), 400, "invalid_tag")

            let audit = try await hub.client.object(.GET, "/api/admin/audit", as: hub.admin)["entries"] as! [[String: Any]]
            let updates = audit.filter { $0["action"] as? String == "table.update" }
            #expect(updates.count == 4)
            #expect(updates.allSatisfy { $0["target"] as? String == "table:\(users)" })
            #expect((updates.last?["detail"] as? [String: String])?["changed"] == "description,tags,warnings")
        }
    }

    @Test func sampleRowsComeFromTheEngineWithinTheLimit() async throws {
        try await withHub { hub in
            let events = try await tableID(hub, engine: hub.demo, name: "events")
            let path = "/api/tables/\(events)/sample"
            let five = try await hub.client.object(.POST, path, as: hub.bob, body: #"{"limit": 5}"#)
            #expect((five["rows"] as! [[Any]]).count == 5 && five["truncated"] as? Bool == true)
            let columns = five["columns"] as! [[String: Any]]
            #expect(columns.first?["name"] as? String == "id" && columns.first?["type"] as? String == "INTEGER")
            #expect((five["rows"] as! [[Any]])[0].count == 8)
            let defaults = try await hub.client.object(.POST, path, as: hub.bob)
            #expect((defaults["rows"] as! [[Any]]).count == 20)
            expectError(try await hub.client.send(.POST, path, as: hub.bob, body: #"{"limit": 101}"#), 400, "bad_request")
            expectError(try await hub.client.send(.POST, path, as: hub.bob, body: #"{"limit": 0}"#), 400, "bad_request")
            expectError(try await hub.client.send(.POST, path, as: hub.bob, body: #"{"limit": "ten"}"#), 400, "bad_request")
            let hundred = try await hub.client.object(.POST, path, as: hub.bob, body: #"{"limit": 100}"#)
            #expect((hundred["rows"] as! [[Any]]).count == 100)
        }
    }

    @Test func aSampleObeysTheEnginesTimeLimitAndConcurrency() async throws {
        try await withHub { hub in
            try await withTemporaryDirectory { dir in
                let file = dir.appending(path: "slow.sqlite")
                try await TestHub.copyDemo(to: file)
                let created = try await hub.client.object(
                    .POST, "/api/engines", as: hub.admin,
                    body: #"{"name": "slow", "kind": "sqlite", "settings": {"path": "\#(file.path)", "readOnly": false}}"#)
                let engine = created["id"] as! Int64
                let run = try await hub.client.object(
                    .POST, "/api/executions", as: hub.admin,
                    body: #"{"engine": \#(engine), "query": "CREATE VIEW slow AS SELECT count(*) AS n FROM events a, events b, events c"}"#)
                #expect(try await hub.client.waitForRun(run["id"] as! Int64, as: hub.admin) == "done")
                try await waitForSyncs(hub)
                _ = try? await hub.client.send(.POST, "/api/admin/engines/\(engine)/sync", as: hub.admin)
                try await waitForSyncs(hub)
                try await hub.client.object(
                    .PATCH, "/api/engines/\(engine)", as: hub.admin, body: #"{"timeLimit": 2, "concurrency": 1}"#)
                let slow = try await tableID(hub, engine: engine, name: "slow")
                let path = "/api/tables/\(slow)/sample"
                // Three at once: the engine's one slot admits one, which runs into the time limit.
                let client = hub.client
                let admin = hub.admin
                let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                    for _ in 0..<3 { group.addTask { try await client.send(.POST, path, as: admin) } }
                    return try await group.reduce(into: [Reply]()) { $0.append($1) }
                }
                let busy = try #require(replies.first { $0.status == 429 }, "\(replies.map(\.status))")
                expectError(busy, 429, "engine_busy")
                let timedOut = try #require(replies.first { $0.status == 502 }, "\(replies.map(\.status))")
                expectError(timedOut, 502, "engine_error")
                #expect(timedOut.text.contains("time limit"))
            }
        }
    }

    @Test func anEngineThatFailsASampleAnswers502WithItsMessage() async throws {
        try await withHub { hub in
            try await withTemporaryDirectory { dir in
                let file = dir.appending(path: "gone.sqlite")
                try await TestHub.copyDemo(to: file)
                let created = try await hub.client.object(
                    .POST, "/api/engines", as: hub.admin,
                    body: #"{"name": "gone", "kind": "sqlite", "settings": {"path": "\#(file.path)"}}"#)
                let engine = created["id"] as! Int64
                var users: Int64?
                for _ in 0..<600 where users == nil {
                    let list = try await hub.client.object(.GET, "/api/tables?engineId=\(engine)&q=users", as: hub.admin)
                    users = (list["tables"] as? [[String: Any]])?.first?["id"] as? Int64
                    if users == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                try FileManager.default.removeItem(at: file)
                let reply = try await hub.client.send(.POST, "/api/tables/\(try #require(users))/sample", as: hub.admin)
                expectError(reply, 502, "engine_error")
                #expect(reply.text.contains("does not exist"))
            }
        }
    }

    @Test func adminsSeeAndSteerTheSyncs() async throws {
        try await withHub { hub in
            expectError(try await hub.client.send(.GET, "/api/admin/metastore", as: hub.bob), 403, "forbidden")
            let page = try await hub.client.object(.GET, "/api/admin/metastore", as: hub.admin)
            let demo = try #require((page["engines"] as! [[String: Any]]).first { $0["engineName"] as? String == "demo" })
            #expect(Set(demo.keys) == [
                "engineId", "engineName", "intervalHours", "status", "tablesTotal", "tablesDone", "tablesAdded",
                "tablesUpdated", "tablesRemoved", "error", "startedAt", "finishedAt", "nextRunAt",
            ])
            #expect(demo["status"] as? String == "done" && demo["tablesTotal"] as? Int == 4 && demo["tablesAdded"] as? Int == 4)
            #expect(demo["intervalHours"] as? Double == 24 && demo["error"] is NSNull)

            let sync = "/api/admin/engines/\(hub.demo)/sync"
            expectError(try await hub.client.send(.POST, sync, as: hub.bob), 403, "forbidden")
            let queued = try await hub.client.send(.POST, sync, as: hub.admin)
            #expect(queued.status == 202)
            #expect(["queued", "running"].contains(queued.json?["status"] as? String ?? ""))
            // Unless the service already finished it, a second ask is a conflict.
            let again = try await hub.client.send(.POST, sync, as: hub.admin)
            #expect([202, 409].contains(again.status))
            if again.status == 409 { expectError(again, 409, "conflict") }
            try await waitForSyncs(hub)
            let resynced = try await hub.client.object(.GET, "/api/admin/metastore", as: hub.admin)["engines"] as! [[String: Any]]
            let after = try #require(resynced.first { $0["engineName"] as? String == "demo" })
            #expect(after["status"] as? String == "done" && after["tablesAdded"] as? Int == 0 && after["tablesUpdated"] as? Int == 0)

            let manual = try await hub.client.object(.PATCH, sync, as: hub.admin, body: #"{"intervalHours": 0}"#)
            #expect(manual["intervalHours"] as? Double == 0 && manual["nextRunAt"] is NSNull)
            let hourly = try await hub.client.object(.PATCH, sync, as: hub.admin, body: #"{"intervalHours": 1.5}"#)
            #expect(hourly["intervalHours"] as? Double == 1.5 && hourly["nextRunAt"] is String)
            expectError(try await hub.client.send(.PATCH, sync, as: hub.admin, body: #"{"intervalHours": -1}"#), 400, "bad_request")
            expectError(try await hub.client.send(.PATCH, sync, as: hub.admin, body: #"{}"#), 400, "bad_request")
            expectError(try await hub.client.send(.POST, "/api/admin/engines/999999/sync", as: hub.admin), 404, "not_found")
        }
    }

    @Test func aNewEngineIsSyncedSoonAfterItIsAdded() async throws {
        try await withHub { hub in
            try await withTemporaryDirectory { dir in
                let file = dir.appending(path: "extra.sqlite")
                try await TestHub.copyDemo(to: file)
                let created = try await hub.client.object(
                    .POST, "/api/engines", as: hub.admin,
                    body: #"{"name": "extra", "kind": "sqlite", "settings": {"path": "\#(file.path)"}}"#)
                let id = created["id"] as! Int64
                for _ in 0..<600 {
                    let list = try await hub.client.object(.GET, "/api/tables?engineId=\(id)", as: hub.admin)
                    if list["total"] as? Int == 4 { return }
                    try await Task.sleep(for: .milliseconds(50))
                }
                Issue.record("the new engine's tables did not appear")
            }
        }
    }
}
