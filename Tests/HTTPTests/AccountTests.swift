import App
import Core
import Foundation
import Store
import Testing
import TestSupport

/// Signing in and out, local mode, the proxy header, API tokens, passwords, the sign-in rate
/// limit and the cross-site checks, over real HTTP.
@Suite struct AccountTests {
    static let password = "correct-horse-1"

    static func config(_ dir: URL) async throws -> ServerConfig {
        var config = try await TestHub.config(dir)
        config.passwordCost = 4
        return config
    }

    @Test func localModeNeedsNoSignInButOnlyAnswersThisMachine() async throws {
        try await withTemporaryDirectory { dir in
            try await TestHub.withLiveServer(try await Self.config(dir)) { base in
                let client = AccountClient(base: base)
                let session = try await client.object(.GET, "/api/session", as: .anonymous)
                #expect(session["mode"] as? String == "local")
                #expect((session["user"] as? [String: Any])?["isAdmin"] as? Bool == true)
                #expect(try await client.send(.GET, "/api/docs").status == 200)
                #expect(try await client.send(.POST, "/api/docs", body: #"{"title": "Local"}"#).status == 201)
                _ = try await client.object(.PATCH, "/api/me", as: .anonymous, body: #"{"displayName": "Me, renamed"}"#)
                let renamed = try await client.object(.GET, "/api/session", as: .anonymous)
                #expect((renamed["user"] as? [String: Any])?["displayName"] as? String == "Me, renamed")
                // A chosen colour marks the person's presence on a doc.
                let doc = try await client.object(.POST, "/api/docs", as: .anonymous, body: #"{"title": "Colours"}"#)["id"] as! Int64
                let before = try await client.object(.POST, "/api/docs/\(doc)/presence", as: .anonymous, body: #"{"clientId": "t1"}"#)
                let hashed = ((before["present"] as? [[String: Any]])?.first?["color"] as? String) ?? ""
                #expect(hashed.hasPrefix("#") && hashed != "#aa3300")
                _ = try await client.object(.PATCH, "/api/me", as: .anonymous, body: ##"{"avatarColor": "#AA3300"}"##)
                let after = try await client.object(.POST, "/api/docs/\(doc)/presence", as: .anonymous, body: #"{"clientId": "t1"}"#)
                #expect((after["present"] as? [[String: Any]])?.first?["color"] as? String == "#aa3300")
                // A page elsewhere that reaches 127.0.0.1 through its own DNS name gets nothing.
                let rebound = try await client.send(.GET, "/api/docs", headers: ["Host": "evil.example:10001"])
                #expect(rebound.status == 401)
            }
        }
    }

    @Test func listeningBeyondLoopbackNeedsAnAdminFirst() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await Self.config(dir)
            config.host = "0.0.0.0"
            await #expect(throws: StartupError.noAdminAccount(host: "0.0.0.0")) {
                _ = try await buildApplication(config, logger: TestHub.logger)
            }
            var plain = config
            plain.host = "127.0.0.1"
            await #expect(throws: Accounts.Refusal.self) {
                _ = try await Accounts.create(plain, username: "ann", displayName: nil, password: Self.password, admin: false)
            }
            _ = try await Accounts.create(plain, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            _ = try await buildApplication(config, logger: TestHub.logger)
        }
    }

    @Test func signingInOutAndChangingThePassword() async throws {
        try await withTemporaryDirectory { dir in
            let config = try await Self.config(dir)
            let ann = try await Accounts.create(config, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let anonymous = try await client.send(.GET, "/api/docs")
                #expect(anonymous.status == 401)
                #expect(anonymous.errorCode == "unauthorized")
                #expect(try await client.object(.GET, "/api/session", as: .anonymous)["mode"] as? String == "accounts")

                let wrong = try await client.send(.POST, "/api/auth/login", body: #"{"username": "ann", "password": "nope-nope"}"#)
                #expect(wrong.status == 401)
                #expect(wrong.errorCode == "invalid_credentials")
                let login = try await client.send(
                    .POST, "/api/auth/login", body: #"{"username": "ann", "password": "\#(Self.password)"}"#)
                let cookie = try #require(login.headers["set-cookie"])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
                let session = try await client.signIn("ann", Self.password)
                let me = try await client.object(.GET, "/api/session", as: session)
                #expect((me["user"] as? [String: Any])?["id"] as? Int64 == ann.id.rawValue)
                #expect(me["csrfToken"] as? String == session.csrf)
                #expect(try await client.send(.GET, "/api/docs", as: session).status == 200)

                // The password: the current one is checked; other sessions end, this one stays.
                let other = try await client.signIn("ann", Self.password)
                let badChange = try await client.send(
                    .POST, "/api/me/password", as: session, body: #"{"current": "wrong-one", "new": "new-password-2"}"#)
                #expect(badChange.status == 403)
                #expect(badChange.errorCode == "wrong_password")
                let short = try await client.send(
                    .POST, "/api/me/password", as: session, body: #"{"current": "\#(Self.password)", "new": "short"}"#)
                #expect(short.status == 400)
                let changed = try await client.send(
                    .POST, "/api/me/password", as: session, body: #"{"current": "\#(Self.password)", "new": "new-password-2"}"#)
                #expect(changed.status == 204)
                #expect(try await client.send(.GET, "/api/docs", as: session).status == 200)
                #expect(try await client.send(.GET, "/api/docs", as: other).status == 401)
                _ = try await client.signIn("ann", "new-password-2")

                #expect(try await client.send(.POST, "/api/auth/logout", as: session).status == 204)
                #expect(try await client.send(.GET, "/api/docs", as: session).status == 401)
            }
        }
    }

    @Test func repeatedWrongPasswordsAreSlowedDown() async throws {
        try await withTemporaryDirectory { dir in
            let config = try await Self.config(dir)
            _ = try await Accounts.create(config, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                for _ in 0..<5 {
                    let reply = try await client.send(.POST, "/api/auth/login", body: #"{"username": "ann", "password": "guess-guess"}"#)
                    #expect(reply.status == 401)
                }
                let limited = try await client.send(
                    .POST, "/api/auth/login", body: #"{"username": "ann", "password": "\#(Self.password)"}"#)
                #expect(limited.status == 429)
                #expect(limited.errorCode == "rate_limited")
                #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 800)
            }
        }
    }

    @Test func apiTokensWorkUntilRevokedAndDeactivationStopsEverything() async throws {
        try await withTemporaryDirectory { dir in
            let config = try await Self.config(dir)
            _ = try await Accounts.create(config, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            let bob = try await Accounts.create(config, username: "bob", displayName: "Bob", password: Self.password, admin: false)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let session = try await client.signIn("bob", Self.password)
                let made = try await client.object(.POST, "/api/tokens", as: session, body: #"{"name": "script"}"#)
                let secret = try #require(made["secret"] as? String)
                #expect(secret.hasPrefix("qb_") && secret.count == 67)
                let bearer = Caller(bearer: secret)
                // A token needs no CSRF token and works on writes.
                #expect(try await client.send(.POST, "/api/docs", as: bearer, body: #"{"title": "By script"}"#).status == 201)
                let listed = try await client.send(.GET, "/api/tokens", as: bearer)
                #expect(listed.text.contains("script") && !listed.text.contains(secret))
                let id = (made["token"] as! [String: Any])["id"] as! Int64
                #expect(try await client.send(.DELETE, "/api/tokens/\(id)", as: session).status == 204)
                let revoked = try await client.send(.GET, "/api/docs", as: bearer)
                #expect(revoked.status == 401)
                #expect(revoked.errorCode == "invalid_token")

                let second = try await client.object(.POST, "/api/tokens", as: session, body: #"{"name": "two"}"#)["secret"] as! String
                let store = try HubStore(url: dir.appending(path: "hub.sqlite"))
                try await store.updateUser(bob.id, UserChanges(active: false))
                #expect(try await client.send(.GET, "/api/docs", as: session).status == 401)
                #expect(try await client.send(.GET, "/api/docs", as: Caller(bearer: second)).status == 401)
                let login = try await client.send(
                    .POST, "/api/auth/login", body: #"{"username": "bob", "password": "\#(Self.password)"}"#)
                #expect(login.status == 401)
            }
        }
    }

    @Test func crossSiteWritesAreRefused() async throws {
        try await withTemporaryDirectory { dir in
            let config = try await Self.config(dir)
            _ = try await Accounts.create(config, username: "ann", displayName: "Ann", password: Self.password, admin: true)
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let session = try await client.signIn("ann", Self.password)
                let noToken = try await client.send(
                    .POST, "/api/docs", as: Caller(cookie: session.cookie), body: #"{"title": "csrf"}"#)
                #expect(noToken.status == 403)
                #expect(noToken.errorCode == "csrf")
                let evil = try await client.send(
                    .POST, "/api/docs", as: session, body: #"{"title": "csrf"}"#, headers: ["Origin": "http://evil.example"])
                #expect(evil.status == 403)
                #expect(evil.errorCode == "csrf")
                let crossSite = try await client.send(
                    .POST, "/api/docs", as: session, body: #"{"title": "csrf"}"#, headers: ["Sec-Fetch-Site": "cross-site"])
                #expect(crossSite.status == 403)
                let host = String(base.dropFirst("http://".count).dropLast())
                let same = try await client.send(
                    .POST, "/api/docs", as: session, body: #"{"title": "fine"}"#, headers: ["Origin": "http://\(host)"])
                #expect(same.status == 201)
                let docs = try await client.send(.GET, "/api/docs?q=csrf", as: session)
                #expect(!docs.text.contains("\"csrf\""), "no refused write left a doc")
            }
        }
    }

    @Test func aTrustedProxyHeaderNamesTheUser() async throws {
        try await withTemporaryDirectory { dir in
            var config = try await Self.config(dir)
            config.authHeader = "X-Forwarded-User"
            try await TestHub.withLiveServer(config) { base in
                let client = AccountClient(base: base)
                let session = try await client.send(.GET, "/api/session", headers: ["X-Forwarded-User": "carol"])
                let user = try #require(session.json?["user"] as? [String: Any])
                #expect(user["username"] as? String == "carol")
                #expect(user["isAdmin"] as? Bool == false)
                let created = try await client.send(
                    .POST, "/api/docs", body: #"{"title": "Via proxy"}"#, headers: ["X-Forwarded-User": "carol"])
                #expect(created.status == 201)
                #expect((created.json?["ownerId"] as? Int64) == (user["id"] as? Int64))
            }
        }
    }
}
