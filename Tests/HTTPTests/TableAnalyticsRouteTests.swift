import App
import Foundation
import GRDB
import NIOHTTP1
import Testing
import TestSupport

/// The table page's analytics routes over real HTTP, after real runs on the demo engine:
/// example queries, top users, related tables, lineage and docs, each filtered by what the
/// caller may see and read.
@Suite(.serialized) struct TableAnalyticsRouteTests {
    static let password = "analytics-password-1"

    struct Hub: Sendable {
        let client: AccountClient
        let callers: [String: Caller]
        let ids: [String: Int64]
        let demo: Int64
        let hubFile: URL
        let dir: URL

        func caller(_ name: String) -> Caller { callers[name]! }

        /// Metastore rows for `names` of `engine` (schema `main`), as ingestion would make them
        /// (kept if ingestion already did); their ids by name.
        func seedTables(_ names: [String], engine: Int64) async throws -> [String: Int64] {
            return try await sql { db in
                var ids: [String: Int64] = [:]
                for name in names {
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO metaTable (engineID, schemaName, name, syncedAt, createdAt, updatedAt)
                            VALUES (?, 'main', ?, ?, ?, ?)
                            """,
                        arguments: [engine, name, Date(), Date(), Date()])
                    ids[name] = try Int64.fetchOne(
                        db, sql: "SELECT id FROM metaTable WHERE engineID = ? AND schemaName = 'main' AND name = ?",
                        arguments: [engine, name])
                }
                return ids
            }
        }

        /// Runs `body` in a write transaction on a connection of the test's own, which waits
        /// for the hub's writer rather than failing.
        func sql<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            return try await DatabaseQueue(path: hubFile.path, configuration: configuration).write(body)
        }

        /// Runs `query` as `who` (in `cell` when given) and waits until it is done.
        func run(_ query: String, as who: String, engine: Int64? = nil, cell: Int64? = nil) async throws -> Int64 {
            let cellPart = cell.map { #", "cellId": \#($0)"# } ?? ""
            let body = #"{"engine": \#(engine ?? demo), "query": "\#(query)"\#(cellPart)}"#
            let id = try await client.object(.POST, "/api/executions", as: caller(who), body: body)["id"] as! Int64
            #expect(try await client.waitForRun(id, as: caller(who)) == "done")
            return id
        }

        /// Waits (bounded) until the analytics job of every run in `runs` has been recorded.
        func waitForAnalytics(_ runs: [Int64]) async throws {
            for _ in 0..<200 {
                let analysed = try await sql { db in
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM executionAnalysis WHERE executionID IN (SELECT value FROM json_each(?))",
                        arguments: ["[\(runs.map(String.init).joined(separator: ","))]"]) ?? 0
                }
                if analysed == runs.count { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the analytics of runs \(runs) were not recorded")
        }

        /// Syncs `engine`'s metastore now (after any sync already going) and waits until it ends.
        func syncMetastore(_ engine: Int64) async throws {
            func status() async throws -> String? {
                let engines = try await client.object(.GET, "/api/admin/metastore", as: caller("admin"))["engines"] as! [[String: Any]]
                return engines.first { $0["engineId"] as? Int64 == engine }?["status"] as? String
            }
            var requested = false
            for _ in 0..<400 {
                let now = try await status()
                if now != "queued", now != "running" {
                    if requested { return }
                    let reply = try await client.send(.POST, "/api/admin/engines/\(engine)/sync", as: caller("admin"))
                    requested = reply.status == 202
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the metastore sync of engine \(engine) did not end")
        }

        func list(_ path: String, _ key: String, as who: String) async throws -> [[String: Any]] {
            try await client.object(.GET, path, as: caller(who))[key] as! [[String: Any]]
        }
    }

    func withHub(_ body: @Sendable (Hub) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            for name in ["admin", "owner", "reader", "outsider"] {
                _ = try await Accounts.create(
                    config, username: name, displayName: "The \(name)", password: Self.password, admin: name == "admin")
            }
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                var callers: [String: Caller] = [:]
                var ids: [String: Int64] = [:]
                for name in ["admin", "owner", "reader", "outsider"] {
                    let caller = try await client.signIn(name, Self.password)
                    callers[name] = caller
                    ids[name] = (try await client.object(.GET, "/api/session", as: caller)["user"] as! [String: Any])["id"] as? Int64
                }
                let engines = try await client.object(.GET, "/api/engines", as: callers["owner"]!)["engines"] as! [[String: Any]]
                let demo = engines.first { $0["name"] as? String == "demo" }!["id"] as! Int64
                try await body(
                    Hub(client: client, callers: callers, ids: ids, demo: demo, hubFile: dir.appending(path: "hub.sqlite"), dir: dir))
            }
        }
    }

    @Test func examplesUsersRelatedAndDocsShowOnlyWhatTheCallerMayRead() async throws {
        try await withHub { hub in
            let tables = try await hub.seedTables(["events", "users", "pins"], engine: hub.demo)
            let events = tables["events"]!
            let doc = try await hub.client.object(
                .POST, "/api/docs", as: hub.caller("owner"), body: #"{"title": "Engagement by country", "public": false}"#)
            let docID = doc["id"] as! Int64
            let cell = (doc["cells"] as! [[String: Any]])[0]["id"] as! Int64
            try await hub.client.object(
                .PUT, "/api/docs/\(docID)/access", as: hub.caller("owner"),
                body: #"{"public": false, "grants": [{"userId": \#(hub.ids["reader"]!), "role": "viewer"}]}"#)
            let inDoc = try await hub.run(
                "SELECT u.country, count(*) FROM events e JOIN users u ON u.id = e.user_id GROUP BY 1", as: "owner", cell: cell)
            let outside = try await hub.run("SELECT count(*) FROM events WHERE kind = 'save'", as: "outsider")
            try await hub.waitForAnalytics([inDoc, outside])

            // Example queries: the doc's run for its readers, each person's own run outside docs.
            let path = "/api/tables/\(events)/queries"
            let forReader = try await hub.list(path, "queries", as: "reader")
            #expect(forReader.map { $0["executionId"] as? Int64 } == [inDoc])
            let shown = try #require(forReader.first)
            #expect(shown["docId"] as? Int64 == docID)
            #expect(shown["docTitle"] as? String == "Engagement by country")
            #expect(shown["cellId"] as? Int64 == cell)
            #expect((shown["query"] as? String)?.hasPrefix("SELECT u.country") == true)
            #expect((shown["user"] as? [String: Any])?["username"] as? String == "owner")
            #expect(shown["finishedAt"] is String)
            let forOutsider = try await hub.list(path, "queries", as: "outsider")
            #expect(forOutsider.map { $0["executionId"] as? Int64 } == [outside])
            #expect(forOutsider.first?["docId"] is NSNull)
            #expect(try await hub.list(path, "queries", as: "owner").map { $0["executionId"] as? Int64 } == [inDoc])
            #expect(try await hub.list(path, "queries", as: "admin").map { $0["executionId"] as? Int64 } == [outside, inDoc])
            #expect(try await hub.list(path + "?limit=1", "queries", as: "admin").count == 1)
            #expect(try await hub.client.send(.GET, path + "?limit=0", as: hub.caller("admin")).status == 400)

            // Top users: everyone's runs count, whoever asks.
            let users = try await hub.list("/api/tables/\(events)/users", "users", as: "reader")
            #expect(
                Set(users.map { "\(($0["user"] as! [String: Any])["username"]!):\($0["queryCount"]!)" }) == ["owner:1", "outsider:1"])
            #expect(try await hub.list("/api/tables/\(tables["users"]!)/users", "users", as: "reader").count == 1)

            // Related: users, queried with events once; pins never.
            let related = try await hub.list("/api/tables/\(events)/related", "tables", as: "outsider")
            #expect(related.map { $0["name"] as? String } == ["users"])
            #expect(related.first?["count"] as? Int == 1)
            #expect(related.first?["id"] as? Int64 == tables["users"])
            #expect(related.first?["engineId"] as? Int64 == hub.demo)
            #expect(related.first?["engineName"] as? String == "demo")
            #expect(related.first?["schema"] as? String == "main")
            #expect(related.first?["kind"] as? String == "table")
            #expect(try await hub.list("/api/tables/\(tables["pins"]!)/related", "tables", as: "owner").isEmpty)

            // Docs: the doc for its readers only.
            let docs = try await hub.list("/api/tables/\(events)/docs", "docs", as: "reader")
            #expect(docs.map { $0["id"] as? Int64 } == [docID])
            #expect(docs.first?["title"] as? String == "Engagement by country")
            #expect((docs.first?["owner"] as? [String: Any])?["username"] as? String == "owner")
            #expect(docs.first?["updatedAt"] is String)
            #expect(try await hub.list("/api/tables/\(events)/docs", "docs", as: "outsider").isEmpty)
            #expect(try await hub.list("/api/tables/\(tables["users"]!)/docs", "docs", as: "reader").count == 1)

            // A read-only SELECT moves no data.
            let lineage = try await hub.client.object(.GET, "/api/tables/\(events)/lineage", as: hub.caller("reader"))
            #expect((lineage["upstream"] as? [Any])?.isEmpty == true)
            #expect((lineage["downstream"] as? [Any])?.isEmpty == true)

            // Usage counts: one per statement.
            let counts = try await hub.sql { db in
                try Row.fetchAll(
                    db, sql: "SELECT name, queryCount FROM metaTable WHERE id IN (?, ?, ?) ORDER BY name",
                    arguments: [events, tables["users"], tables["pins"]]
                ).map { "\($0["name"] as String):\($0["queryCount"] as Int)" }
            }
            #expect(counts == ["events:2", "pins:0", "users:1"])
        }
    }

    @Test func aTableOnAnEngineTheCallerCannotSeeIsNotFound() async throws {
        try await withHub { hub in
            let hidden = try await hub.client.object(
                .POST, "/api/engines", as: hub.caller("admin"),
                body: #"{"name": "pg-hidden", "kind": "postgres", "settings": {"host": "127.0.0.1", "port": 1, "database": "x", "user": "u", "tls": false}}"#
            )["id"] as! Int64
            try await hub.sql { db in try db.execute(sql: "DELETE FROM environmentEngine WHERE engineID = ?", arguments: [hidden]) }
            let table = try await hub.seedTables(["secret_orders"], engine: hidden)["secret_orders"]!
            for route in ["queries", "users", "related", "lineage", "docs"] {
                let refused = try await hub.client.send(.GET, "/api/tables/\(table)/\(route)", as: hub.caller("owner"))
                #expect(refused.status == 404, "\(route)")
                #expect(refused.errorCode == "not_found")
                #expect((refused.json?["error"] as? [String: Any])?["message"] as? String == "No such table.")
                #expect(try await hub.client.send(.GET, "/api/tables/\(table)/\(route)", as: hub.caller("admin")).status == 200)
                #expect(try await hub.client.send(.GET, "/api/tables/999999/\(route)", as: hub.caller("admin")).status == 404)
                #expect(try await hub.client.send(.GET, "/api/tables/x/\(route)", as: hub.caller("admin")).status == 404)
                #expect(try await hub.client.send(.GET, "/api/tables/\(table)/\(route)").status == 401)
            }
        }
    }

    @Test func lineageFollowsInsertSelectAndCreateViewAs() async throws {
        try await withHub { hub in
            let file = hub.dir.appending(path: "scratch.sqlite")
            try await DatabaseQueue(path: file.path).write { db in
                try db.execute(sql: "CREATE TABLE src (x INTEGER); INSERT INTO src VALUES (1), (2); CREATE TABLE dst (x INTEGER)")
            }
            let scratch = try await hub.client.object(
                .POST, "/api/engines", as: hub.caller("admin"),
                body: #"{"name": "scratch", "kind": "sqlite", "settings": {"path": "\#(file.path)", "readOnly": false}}"#
            )["id"] as! Int64
            let runs = [
                try await hub.run("INSERT INTO dst SELECT x * 2 FROM src", as: "admin", engine: scratch),
                try await hub.run("CREATE VIEW v_dst AS SELECT * FROM main.dst WHERE x > 1", as: "admin", engine: scratch),
            ]
            try await hub.waitForAnalytics(runs)
            // Ingested only now, after the view exists: lineage still finds them by name.
            try await hub.syncMetastore(scratch)
            let tables = try await hub.seedTables(["src", "dst", "v_dst"], engine: scratch)
            /// `upstream names|downstream names`.
            func lineage(_ name: String) async throws -> String {
                let body = try await hub.client.object(.GET, "/api/tables/\(tables[name]!)/lineage", as: hub.caller("owner"))
                let names = { (key: String) in (body[key] as! [[String: Any]]).map { $0["name"] as! String }.joined(separator: ",") }
                return names("upstream") + "|" + names("downstream")
            }
            #expect(try await lineage("src") == "|dst")
            #expect(try await lineage("dst") == "src|v_dst")
            #expect(try await lineage("v_dst") == "dst|")
            let upstream = try await hub.client.object(.GET, "/api/tables/\(tables["dst"]!)/lineage", as: hub.caller("owner"))
            let src = try #require((upstream["upstream"] as? [[String: Any]])?.first)
            #expect(src["id"] as? Int64 == tables["src"])
            #expect(src["engineName"] as? String == "scratch")
        }
    }
}
