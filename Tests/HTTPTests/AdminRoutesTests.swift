import App
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import TestSupport

/// The directory and admin routes of issue 7 over real HTTP: accounts, groups, environments,
/// announcements, tokens and the audit log, as an admin, a plain user and no one.
@Suite struct AdminRoutesTests {
    func withHub(_ body: @Sendable (AdminCaller) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var config = try await TestHub.config(dir)
            config.passwordCost = 4
            try await TestHub.withLiveServer(config) { base in
                let caller = AdminCaller(base: base, transcript: Transcript())
                try await body(caller)
                caller.transcript.expectNoSecrets()
            }
        }
    }

    @Test func firstAccountTurnsAccountsOnAndAdminRoutesNeedAnAdmin() async throws {
        try await withHub { anonymous in
            #expect(try await anonymous.send(.GET, "api/session").object?["mode"] as? String == "local")
            let created = try await anonymous.send(
                .POST, "api/admin/users",
                #"{"username": "ada", "displayName": "Ada Lovelace", "password": "analytical-engine", "isAdmin": true}"#)
            #expect(created.status == 201)
            #expect(created.object?["username"] as? String == "ada")
            #expect(created.object?["isAdmin"] as? Bool == true)
            let adaID = try #require(created.object?["id"] as? Int)

            // Local mode is over at once: no request without a credential gets through.
            let refused = try await anonymous.send(.GET, "api/admin/users")
            #expect(refused.status == 401)
            #expect(refused.code == "unauthorized")
            #expect(try await anonymous.send(.GET, "api/session").object?["mode"] as? String == "accounts")

            let ada = try await anonymous.signIn("ada", "analytical-engine")
            var forged = ada
            forged.csrf = nil
            let noToken = try await forged.send(.POST, "api/admin/users", #"{"username": "eve", "isAdmin": true}"#)
            #expect(noToken.status == 403)
            #expect(noToken.code == "csrf")

            let bobCreated = try await ada.send(
                .POST, "api/admin/users", #"{"username": "bob", "displayName": "Bob", "password": "bobs-password", "isAdmin": false}"#)
            #expect(bobCreated.status == 201)
            let bobID = try #require(bobCreated.object?["id"] as? Int)
            #expect(try await ada.send(.POST, "api/admin/users", #"{"username": "bob", "displayName": "B"}"#).status == 409)
            let badName = try await ada.send(.POST, "api/admin/users", #"{"username": "bad name!", "displayName": "B"}"#)
            #expect(badName.status == 400)
            #expect(badName.message.contains("`username`"))
            let shortPassword = try await ada.send(.POST, "api/admin/users", #"{"username": "cy", "password": "short"}"#)
            #expect(shortPassword.status == 400)
            #expect(try await ada.send(.PATCH, "api/admin/users/\(bobID)", #"{"avatarColor": "red"}"#).status == 400)

            // An admin cannot lock themself out.
            #expect(try await ada.send(.PATCH, "api/admin/users/\(adaID)", #"{"isAdmin": false}"#).status == 409)
            #expect(try await ada.send(.PATCH, "api/admin/users/\(adaID)", #"{"active": false}"#).status == 409)
            #expect(try await ada.send(.PATCH, "api/admin/users/999", #"{"displayName": "Nobody"}"#).status == 404)
            let renamed = try await ada.send(.PATCH, "api/admin/users/\(bobID)", ##"{"displayName": "Bob Babbage", "avatarColor": "#FF0000"}"##)
            #expect(renamed.status == 200)
            #expect(renamed.object?["displayName"] as? String == "Bob Babbage")
            #expect(renamed.object?["avatarColor"] as? String == "#ff0000")
            let listed = try await ada.send(.GET, "api/admin/users")
            #expect((listed.object?["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["ada", "bob"])

            var bob = try await anonymous.signIn("bob", "bobs-password")
            let found = try await bob.send(.GET, "api/users?q=LOVE")
            let people = try #require(found.object?["users"] as? [[String: Any]])
            #expect(people.map { $0["username"] as? String } == ["ada"])
            #expect(Set(people[0].keys) == ["id", "username", "displayName", "avatarColor"])
            #expect((try await bob.send(.GET, "api/users?q=%25").object?["users"] as? [Any])?.isEmpty == true)
            #expect(try await bob.send(.GET, "api/groups").status == 200)
            #expect(try await bob.send(.GET, "api/environments").status == 200)
            #expect(try await anonymous.send(.GET, "api/users").status == 401)
            #expect(try await anonymous.send(.GET, "api/groups").status == 401)

            for (method, path, body) in Self.adminRoutes {
                let reply = try await bob.send(method, path, body)
                #expect(reply.status == 403, "\(method) \(path) as a non-admin: \(reply.status)")
                #expect(try await anonymous.send(method, path, body).status == 401, "\(method) \(path) anonymously")
            }

            // A new password ends the user's sessions; deactivating stops sign-in.
            #expect(try await ada.send(.PATCH, "api/admin/users/\(bobID)", #"{"password": "a-new-password"}"#).status == 200)
            #expect(try await bob.send(.GET, "api/groups").status == 401)
            bob = try await anonymous.signIn("bob", "a-new-password")
            let deactivated = try await ada.send(.PATCH, "api/admin/users/\(bobID)", #"{"active": false}"#)
            #expect(deactivated.object?["active"] as? Bool == false)
            #expect(try await bob.send(.GET, "api/groups").status == 401)
            #expect(try await anonymous.send(.POST, "api/auth/login", #"{"username": "bob", "password": "a-new-password"}"#).status == 401)

            let audit = try await ada.send(.GET, "api/admin/audit")
            let entries = try #require(audit.object?["entries"] as? [[String: Any]])
            #expect(entries.compactMap { $0["action"] as? String } == [
                "user.update", "user.password", "user.update", "user.create", "user.create",
            ])
            #expect((entries[0]["actor"] as? [String: Any])?["username"] as? String == "ada")
            #expect(entries[0]["target"] as? String == "user:\(bobID)")
            #expect((entries[0]["detail"] as? [String: String]) == ["active": "false"])
        }
    }

    /// Every admin route, with a body that would be valid, for the 403 sweep.
    static let adminRoutes: [(HTTPMethod, String, String?)] = [
        (.GET, "api/admin/users", nil),
        (.POST, "api/admin/users", #"{"username": "mallory", "isAdmin": true}"#),
        (.PATCH, "api/admin/users/1", #"{"isAdmin": false}"#),
        (.POST, "api/admin/groups", #"{"name": "Mallory's"}"#),
        (.PATCH, "api/admin/groups/1", #"{"name": "Mallory's"}"#),
        (.DELETE, "api/admin/groups/1", nil),
        (.POST, "api/admin/environments", #"{"name": "Mallory's"}"#),
        (.PATCH, "api/admin/environments/1", #"{"public": false}"#),
        (.DELETE, "api/admin/environments/1", nil),
        (.GET, "api/admin/announcements", nil),
        (.POST, "api/admin/announcements", #"{"message": "Mallory was here"}"#),
        (.PATCH, "api/admin/announcements/1", #"{"message": "Mallory was here"}"#),
        (.DELETE, "api/admin/announcements/1", nil),
        (.GET, "api/admin/tokens", nil),
        (.DELETE, "api/admin/tokens/1", nil),
        (.GET, "api/admin/audit", nil),
        (.POST, "api/engines", #"{"name": "mallory", "kind": "sqlite", "settings": {"path": "/tmp/x.sqlite"}}"#),
        (.PATCH, "api/engines/1", #"{"disabled": true}"#),
    ]

    @Test func groupsAndEnvironmentsRoundTrip() async throws {
        try await withHub { local in
            // Accounts without passwords (for a proxy) leave local mode on.
            let carol = try #require(try await local.send(.POST, "api/admin/users", #"{"username": "carol"}"#).object?["id"] as? Int)
            let dan = try #require(try await local.send(.POST, "api/admin/users", #"{"username": "dan"}"#).object?["id"] as? Int)
            #expect(try await local.send(.GET, "api/session").object?["mode"] as? String == "local")
            // The first password turns sign-in on, so it must go to an admin.
            #expect(try await local.send(.PATCH, "api/admin/users/\(carol)", #"{"password": "carols-password"}"#).status == 409)
            #expect(try await local.send(.POST, "api/admin/users", #"{"username": "eve", "password": "eves-password"}"#).status == 409)
            #expect(try await local.send(.GET, "api/session").object?["mode"] as? String == "local")

            let group = try await local.send(
                .POST, "api/admin/groups", #"{"name": "Analysts", "description": "Numbers people", "members": [\#(dan), \#(carol)]}"#)
            #expect(group.status == 201)
            let groupID = try #require(group.object?["id"] as? Int)
            #expect(group.object?["members"] as? [Int] == [carol, dan])
            #expect(try await local.send(.POST, "api/admin/groups", #"{"name": "analysts"}"#).status == 409)
            let unnamed = try await local.send(.POST, "api/admin/groups", #"{"name": "  "}"#)
            #expect(unnamed.status == 400)
            #expect(unnamed.message.contains("`name`"))
            let stranger = try await local.send(.POST, "api/admin/groups", #"{"name": "Ghosts", "members": [999]}"#)
            #expect(stranger.status == 422)
            #expect(stranger.message.contains("`members`"))
            let changed = try await local.send(.PATCH, "api/admin/groups/\(groupID)", #"{"members": [\#(carol)]}"#)
            #expect(changed.object?["members"] as? [Int] == [carol])
            #expect(changed.object?["description"] as? String == "Numbers people")
            let groups = try #require(try await local.send(.GET, "api/groups").object?["groups"] as? [[String: Any]])
            #expect(groups.map { $0["name"] as? String } == ["Analysts"])
            #expect(try await local.send(.DELETE, "api/admin/groups/\(groupID)").status == 204)
            #expect(try await local.send(.DELETE, "api/admin/groups/\(groupID)").status == 404)
            #expect((try await local.send(.GET, "api/groups").object?["groups"] as? [Any])?.isEmpty == true)

            let defaults = try #require(try await local.send(.GET, "api/environments").object?["environments"] as? [[String: Any]])
            #expect(defaults.count == 1)
            #expect(defaults[0]["id"] as? Int == 1)
            #expect(defaults[0]["public"] as? Bool == true)
            #expect(defaults[0]["engines"] as? [Int] == [1])
            let finance = try await local.send(
                .POST, "api/admin/environments", #"{"name": "Finance", "public": false, "engines": [1], "members": [\#(carol)]}"#)
            #expect(finance.status == 201)
            let financeID = try #require(finance.object?["id"] as? Int)
            #expect(finance.object?["public"] as? Bool == false)
            #expect(finance.object?["members"] as? [Int] == [carol])
            #expect(try await local.send(.POST, "api/admin/environments", #"{"name": "FINANCE"}"#).status == 409)
            #expect(try await local.send(.POST, "api/admin/environments", #"{"name": "X", "engines": [77]}"#).status == 422)
            let moved = try await local.send(
                .PATCH, "api/admin/environments/\(financeID)", #"{"name": "Finance team", "engines": [], "members": [\#(carol), \#(dan)]}"#)
            #expect(moved.object?["name"] as? String == "Finance team")
            #expect(moved.object?["engines"] as? [Int] == [])
            #expect(moved.object?["members"] as? [Int] == [carol, dan])
            let all = try #require(try await local.send(.GET, "api/environments").object?["environments"] as? [[String: Any]])
            #expect(all.map { $0["name"] as? String } == ["default", "Finance team"])
            let keepDefault = try await local.send(.DELETE, "api/admin/environments/1")
            #expect(keepDefault.status == 409)
            #expect(keepDefault.code == "conflict")
            #expect(try await local.send(.DELETE, "api/admin/environments/\(financeID)").status == 204)
            #expect(try await local.send(.PATCH, "api/admin/environments/\(financeID)", #"{"name": "Back"}"#).status == 404)

            let audit = try #require(try await local.send(.GET, "api/admin/audit").object?["entries"] as? [[String: Any]])
            #expect(audit.compactMap { $0["action"] as? String } == [
                "environment.delete", "environment.update", "environment.create", "group.delete", "group.update",
                "group.create", "user.create", "user.create",
            ])
            #expect((audit[1]["detail"] as? [String: String]) == [
                "name": "Finance team", "engines": "", "members": "\(carol),\(dan)",
            ])
        }
    }

    @Test func announcementsTokensEnginesAndTheAuditLog() async throws {
        try await withHub { local in
            let posted = try await local.send(
                .POST, "api/admin/announcements",
                #"{"message": "<b>Maintenance</b> at six", "level": "warning", "expiresAt": "2099-01-01T00:00:00Z"}"#)
            #expect(posted.status == 201)
            let announcementID = try #require(posted.object?["id"] as? Int)
            #expect(posted.object?["message"] as? String == "<b>Maintenance</b> at six", "plain text, kept as typed")
            #expect(posted.object?["expiresAt"] as? String == "2099-01-01T00:00:00.000Z")
            let loud = try await local.send(.POST, "api/admin/announcements", #"{"message": "Hi", "level": "loud"}"#)
            #expect(loud.status == 400)
            #expect(loud.message.contains("`level`"))
            #expect(try await local.send(.POST, "api/admin/announcements", #"{"message": "Hi", "expiresAt": "soon"}"#).status == 400)
            #expect(try await local.send(.POST, "api/admin/announcements", #"{"message": ""}"#).status == 400)
            let forever = try await local.send(.PATCH, "api/admin/announcements/\(announcementID)", #"{"expiresAt": null}"#)
            #expect(forever.status == 200)
            #expect(forever.object?.keys.contains("expiresAt") == true)
            #expect(forever.object?["expiresAt"] is NSNull)
            #expect(forever.object?["level"] as? String == "warning")
            let list = try #require(try await local.send(.GET, "api/admin/announcements").object?["announcements"] as? [[String: Any]])
            #expect(list.map { $0["id"] as? Int } == [announcementID])
            #expect(try await local.send(.DELETE, "api/admin/announcements/\(announcementID)").status == 204)
            #expect(try await local.send(.DELETE, "api/admin/announcements/\(announcementID)").status == 404)

            let token = try await local.send(.POST, "api/tokens", #"{"name": "ci"}"#)
            let secret = try #require(token.object?["secret"] as? String)
            local.transcript.addSecret(secret, shownOnce: true)
            let tokenID = try #require((token.object?["token"] as? [String: Any])?["id"] as? Int)
            var bearer = AdminCaller(base: local.base, transcript: local.transcript)
            bearer.bearer = secret
            #expect(try await bearer.send(.GET, "api/groups").status == 200)
            let tokens = try #require(try await local.send(.GET, "api/admin/tokens").object?["tokens"] as? [[String: Any]])
            #expect(tokens.map { $0["id"] as? Int } == [tokenID])
            #expect((tokens[0]["user"] as? [String: Any])?["username"] as? String == "local")
            #expect(tokens[0]["prefix"] as? String == String(secret.prefix(11)))
            #expect(try await local.send(.DELETE, "api/admin/tokens/\(tokenID)").status == 204)
            #expect(try await local.send(.DELETE, "api/admin/tokens/\(tokenID)").status == 404)
            #expect(try await bearer.send(.GET, "api/groups").status == 401)

            let engineSecret = "engine-password-never-shown"
            local.transcript.addSecret(engineSecret)
            let engine = try await local.send(
                .POST, "api/engines",
                #"{"name": "warehouse", "kind": "postgres", "settings": {"host": "127.0.0.1", "port": 5432, "database": "sales", "user": "analyst", "tls": false}, "secret": "\#(engineSecret)"}"#)
            #expect(engine.status == 201)
            let engineID = try #require(engine.object?["id"] as? Int)
            #expect(try await local.send(.PATCH, "api/engines/\(engineID)", #"{"secret": "\#(engineSecret)-2", "description": "DW"}"#).status == 200)

            let audit = try #require(try await local.send(.GET, "api/admin/audit").object?["entries"] as? [[String: Any]])
            #expect(audit.compactMap { $0["action"] as? String } == [
                "engine.update", "engine.create", "token.revoke", "token.create", "announcement.delete", "announcement.update",
                "announcement.create",
            ])
            #expect((audit[0]["detail"] as? [String: String]) == ["name": "warehouse", "changed": "description,secret"])
            #expect((audit[1]["detail"] as? [String: String]) == ["name": "warehouse", "kind": "postgres"])
            #expect((audit[0]["actor"] as? [String: Any])?["username"] as? String == "local")

            // Paging: `before` continues below the last id of a page.
            let first = try #require(try await local.send(.GET, "api/admin/audit?limit=3").object?["entries"] as? [[String: Any]])
            #expect(first.count == 3)
            let last = try #require(first.last?["id"] as? Int)
            let next = try #require(
                try await local.send(.GET, "api/admin/audit?limit=3&before=\(last)").object?["entries"] as? [[String: Any]])
            #expect(next.compactMap { $0["action"] as? String } == ["token.create", "announcement.delete", "announcement.update"])
            let zero = try await local.send(.GET, "api/admin/audit?limit=0")
            #expect(zero.status == 400)
            #expect(zero.message.contains("`limit`"))
            #expect(try await local.send(.GET, "api/admin/audit?before=x").status == 400)
        }
    }
}

/// Every answer's text, and the secrets made along the way, for the leak scan.
final class Transcript: Sendable {
    private let texts = Mutex<[String]>([])
    /// Each secret, and the one answer that showed it by design (an API token's creation).
    private let made = Mutex<[(secret: String, shownIn: Int?)]>([])

    func add(_ text: String) { texts.withLock { $0.append(text) } }

    /// Notes a secret no answer may show; `shownOnce` excuses the answer just received.
    func addSecret(_ secret: String, shownOnce: Bool = false) {
        let last = texts.withLock { $0.count - 1 }
        made.withLock { $0.append((secret, shownOnce ? last : nil)) }
    }

    /// No answer carries a password hash, a bcrypt string or a secret made during the test.
    func expectNoSecrets() {
        let texts = texts.withLock { $0 }
        let secrets = made.withLock { $0 }
        for (index, text) in texts.enumerated() {
            #expect(!text.contains("passwordHash"), "\(text)")
            for marker in ["$2a$", "$2b$", "$2y$"] { #expect(!text.contains(marker), "\(text)") }
            for (secret, shownIn) in secrets where shownIn != index {
                #expect(!text.contains(secret), "a secret leaked: \(text)")
            }
        }
    }
}

/// One answer: status, text, and the JSON object if it is one.
struct AdminReply {
    let status: Int
    let text: String
    let headers: HTTPHeaders

    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    var code: String? { (object?["error"] as? [String: Any])?["code"] as? String }
    var message: String { (object?["error"] as? [String: Any])?["message"] as? String ?? "" }
}

/// A client with one identity: nobody (or local mode), a cookie session, or a bearer token.
struct AdminCaller: Sendable {
    let base: String
    let transcript: Transcript
    var cookie: String?
    var csrf: String?
    var bearer: String?

    init(base: String, transcript: Transcript) {
        self.base = base
        self.transcript = transcript
    }

    func send(_ method: HTTPMethod, _ path: String, _ json: String? = nil) async throws -> AdminReply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: "qb_session=\(cookie)") }
        if let csrf { request.headers.add(name: "X-CSRF-Token", value: csrf) }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: body)
        transcript.add(text)
        return AdminReply(status: Int(response.status.code), text: text, headers: response.headers)
    }

    /// Signs in and returns a caller holding the session cookie and its CSRF token.
    func signIn(_ username: String, _ password: String) async throws -> AdminCaller {
        let reply = try await send(.POST, "api/auth/login", #"{"username": "\#(username)", "password": "\#(password)"}"#)
        #expect(reply.status == 200, "signing in as \(username): \(reply.text)")
        let setCookie = try #require(reply.headers["Set-Cookie"].first)
        let pair = try #require(setCookie.split(separator: ";").first)
        var caller = AdminCaller(base: base, transcript: transcript)
        caller.cookie = String(pair.dropFirst("qb_session=".count))
        caller.csrf = try #require(reply.object?["csrfToken"] as? String)
        transcript.addSecret(try #require(caller.cookie))
        return caller
    }
}
