import App
import AsyncHTTPClient
import Core
import Execution
import Foundation
import HTTP
import Logging
import NIOHTTP1
import Realtime
import Results
import Store
import Testing
import TestSupport

/// Every route and event topic, called as each kind of person, against the exact set allowed
/// to use it. A route the router has and this table lacks fails the test, so no route ships
/// without a decision about who may call it. Every answer is also scanned for secrets.
@Suite(.serialized) struct AuthorizationMatrixTests {
    enum Role: String, CaseIterable, Sendable, Comparable {
        case anonymous, outsider, viewer, editor, owner, admin

        static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    static let everyone = Set(Role.allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    static let readers: Set<Role> = [.viewer, .editor, .owner, .admin]
    static let editors: Set<Role> = [.editor, .owner, .admin]
    static let owners: Set<Role> = [.owner, .admin]
    static let admins: Set<Role> = [.admin]
    static let password = "matrix-password-1"
    static let engineSecret = "pg-matrix-secret-never-shown"

    /// One route (or one topic of the event stream) and who may call it.
    struct Row: Sendable {
        let route: String
        var label: String = ""
        let allowed: Set<Role>
        /// Statuses that count as success for the allowed (default: any 2xx).
        var ok: Set<Int> = Set(200..<300)
        /// What a signed-in caller outside `allowed` gets (anonymous always gets 401).
        var refusal: Int = 403
        /// Whether the answer legitimately shows a secret to its caller (a new token's).
        var showsSecret = false
        /// The path, body and (when the route needs one) a caller of its own, for `role`.
        let build: @Sendable (Fixture, Role) async throws -> (path: String, body: String?, caller: Caller?)
    }

    struct Fixture: Sendable {
        let client: AccountClient
        let callers: [Role: Caller]
        let doc: Int64
        let queryCell: Int64
        let textCell: Int64
        let run: Int64
        let demoEngine: Int64
        let pgEngine: Int64
        let ids: [Role: Int64]
        /// The demo engine's `events` table in the metastore.
        let table: Int64

        func caller(_ role: Role) -> Caller { callers[role] ?? .anonymous }

        /// A new private doc of the owner, shared like the fixture's doc.
        func freshDoc() async throws -> Int64 {
            let doc = try await client.object(.POST, "/api/docs", as: caller(.owner), body: #"{"title": "Fresh", "public": false}"#)
            let id = doc["id"] as! Int64
            try await share(id)
            return id
        }

        func share(_ doc: Int64) async throws {
            try await client.object(
                .PUT, "/api/docs/\(doc)/access", as: caller(.owner),
                body: #"{"public": false, "grants": [{"userId": \#(ids[.editor]!), "role": "editor"}, {"userId": \#(ids[.viewer]!), "role": "viewer"}]}"#)
        }

        /// A new text cell in the fixture's doc.
        func freshCell() async throws -> Int64 {
            try await client.object(.POST, "/api/docs/\(doc)/cells", as: caller(.owner), body: #"{"kind": "text", "content": ""}"#)["id"]
                as! Int64
        }
    }

    @Test func everyRouteAndTopicAllowsExactlyItsRoles() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            config.historyWindow = 0.01
            // The admin first: the first account with a password must be one.
            for role in Role.allCases.reversed() where role != .anonymous {
                _ = try await Accounts.create(
                    config, username: role.rawValue, displayName: "The \(role.rawValue)", password: Self.password,
                    admin: role == .admin)
            }
            _ = try await Accounts.create(config, username: "login", displayName: "Login", password: Self.password, admin: false)
            try await TestHub.withLiveServer(config) { base in
                let fixture = try await Self.fixture(AccountClient(base: base))
                let rows = Self.rows
                let covered = Set(rows.map(\.route))
                for route in try await Self.routerRoutes(dir) {
                    #expect(covered.contains(route), "\(route) has no row in the authorization matrix")
                }
                var answers: [(Row, Reply)] = []
                for row in rows {
                    for role in Role.allCases {
                        let (path, body, own) = try await row.build(fixture, role)
                        let method = HTTPMethod(rawValue: String(row.route.split(separator: " ")[0]))
                        let reply = try await fixture.client.send(method, path, as: own ?? fixture.caller(role), body: body)
                        answers.append((row, reply))
                        let name = "\(row.route)\(row.label) as \(role.rawValue)"
                        if row.allowed.contains(role) {
                            #expect(row.ok.contains(reply.status), "\(name): \(reply.status) \(reply.text.prefix(300))")
                        } else if role == .anonymous {
                            #expect(reply.status == 401, "\(name): \(reply.status) \(reply.text.prefix(300))")
                        } else {
                            #expect(reply.status == row.refusal, "\(name): \(reply.status) \(reply.text.prefix(300))")
                        }
                    }
                }
                Self.scanForSecrets(answers, fixture: fixture)
            }
        }
    }

    /// No answer carries a password hash, a session token, another's API token or an engine
    /// password.
    static func scanForSecrets(_ answers: [(Row, Reply)], fixture: Fixture) {
        let sessions = fixture.callers.values.compactMap(\.cookie)
        for (row, reply) in answers {
            let text = reply.text
            for marker in ["$2a$", "$2b$", "$2y$", "passwordHash", "tokenHash", engineSecret] {
                #expect(!text.contains(marker), "\(row.route) answered with \(marker)")
            }
            for session in sessions { #expect(!text.contains(session), "\(row.route) answered with a session token") }
            if !row.showsSecret {
                // A secret is `qb_` and 64 hex digits; lists show only an 11-character prefix.
                #expect(text.firstMatch(of: /qb_[0-9a-f]{64}/) == nil, "\(row.route) answered with an API token secret")
            }
        }
    }

    /// The routes the real router has, as `METHOD /path/{param}`.
    static func routerRoutes(_ dir: URL) async throws -> [String] {
        let store = try HubStore(url: dir.appending(path: "routes.sqlite"))
        let results = ResultStore(root: dir.appending(path: "routes-results"))
        let broker = EventBroker()
        let executions = ExecutionService(
            store: store, results: results, broker: broker, settings: ExecutionSettings(workers: 1, queryTimeout: 10, maxRows: 10),
            logger: TestHub.logger)
        let router = HubRouter.build(
            HTTPDependencies(
                store: store, executions: executions, engineAdmin: EngineAdmin(store: store), results: results, broker: broker,
                presence: PresenceRegistry(), localUser: try await store.ensureLocalUser(),
                auth: AuthSettings(loopback: true), authState: AuthState(accountsEnabled: false), bodyLimit: 1 << 20,
                heartbeatInterval: 15))
        return router.routes.map { route in
            let path = "\(route.path)".split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }
            return "\(route.method) /" + path.joined(separator: "/")
        }
    }

    static func fixture(_ client: AccountClient) async throws -> Fixture {
        var callers: [Role: Caller] = [:]
        var ids: [Role: Int64] = [:]
        for role in Role.allCases where role != .anonymous {
            let caller = try await client.signIn(role.rawValue, password)
            callers[role] = caller
            ids[role] = (try await client.object(.GET, "/api/session", as: caller)["user"] as! [String: Any])["id"] as? Int64
        }
        let owner = callers[.owner]!
        let engines = try await client.object(.GET, "/api/engines", as: owner)["engines"] as! [[String: Any]]
        let demo = engines.first { $0["name"] as? String == "demo" }!["id"] as! Int64
        let pg = try await client.object(
            .POST, "/api/engines", as: callers[.admin]!,
            body: #"{"name": "pg-matrix", "kind": "postgres", "settings": {"host": "127.0.0.1", "port": 1, "database": "x", "user": "u", "tls": false}, "secret": "\#(engineSecret)"}"#
        )["id"] as! Int64
        let doc = try await client.object(.POST, "/api/docs", as: owner, body: #"{"title": "Matrix", "public": false}"#)
        let docID = doc["id"] as! Int64
        let queryCell = (doc["cells"] as! [[String: Any]])[0]["id"] as! Int64
        let textCell = try await client.object(
            .POST, "/api/docs/\(docID)/cells", as: owner, body: #"{"kind": "text", "content": "Notes"}"#)["id"] as! Int64
        let table = try await Fixture.eventsTable(client, as: owner, engine: demo)
        var fixture = Fixture(
            client: client, callers: callers, doc: docID, queryCell: queryCell, textCell: textCell, run: 0, demoEngine: demo,
            pgEngine: pg, ids: ids, table: table)
        try await fixture.share(docID)
        let run = try await client.object(
            .POST, "/api/executions", as: owner,
            body: #"{"engine": \#(demo), "query": "SELECT kind, count(*) AS n FROM events GROUP BY kind", "cellId": \#(queryCell)}"#
        )["id"] as! Int64
        #expect(try await client.waitForRun(run, as: owner) == "done")
        fixture = Fixture(
            client: client, callers: callers, doc: docID, queryCell: queryCell, textCell: textCell, run: run, demoEngine: demo,
            pgEngine: pg, ids: ids, table: table)
        return fixture
    }
}
