import Core
import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Signing in and out, the shell's session state, the signed-in user's own profile and
/// password, and their API tokens.
struct AuthRoutes {
    let store: HubStore
    let settings: AuthSettings
    let state: AuthState
    let throttle: LoginThrottle
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/session") { _, context in
            JSONResponse.make(try await sessionBody(context))
        }
        router.post("/api/auth/login") { request, context in
            let body = try await request.decodeJSON(LoginForm.self, limit: bodyLimit)
            return try await login(body, context)
        }
        router.post("/api/auth/logout") { _, context in
            if case .session(let hash, _) = context.credential { try await store.deleteSession(tokenHash: hash) }
            var response = Response(status: .noContent)
            response.headers[.setCookie] = Self.cookie(value: "", maxAge: 0)
            return response
        }
        router.patch("/api/me") { request, context in
            let user = try context.requireUser()
            let body = try await request.decodeJSON(ProfileForm.self, limit: bodyLimit)
            let changes = try UserChanges(
                displayName: body.displayName.map(UserForms.displayName), avatarColor: body.avatarColor.map(UserForms.color))
            return JSONResponse.make(UserBody(try await store.updateUser(user.id, changes)))
        }
        router.post("/api/me/password") { request, context in
            let user = try context.requireUser()
            let body = try await request.decodeJSON(PasswordForm.self, limit: bodyLimit)
            guard let hash = try await store.passwordHash(of: user.id) else {
                throw APIError.conflict("This account signs in without a password (local mode or a proxy): there is none to change.")
            }
            guard try await Secrets.verifyPassword(body.current, hash: hash) else {
                throw APIError(status: .forbidden, code: "wrong_password", message: "The current password is wrong.")
            }
            let new = try await Secrets.hashPassword(try UserForms.password(body.new), cost: settings.passwordCost)
            var keep: String?
            if case .session(let session, _) = context.credential { keep = session }
            try await store.setPassword(user.id, hash: new, keepSession: keep)
            try await store.audit(actor: user.id, action: "user.password", target: "user:\(user.id)")
            return Response(status: .noContent)
        }
        router.get("/api/tokens") { _, context in
            let user = try context.requireUser()
            return JSONResponse.make(["tokens": try await store.tokens(of: user.id).map(TokenBody.init)])
        }
        router.post("/api/tokens") { request, context in
            let user = try context.requireUser()
            let body = try await request.decodeJSON(TokenForm.self, limit: bodyLimit)
            let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...100).contains(name.count) else { throw APIError.badRequest("`name` must be 1 to 100 characters.") }
            let secret = Secrets.token(prefix: "qb_")
            let token = try await store.createToken(
                user: user.id, name: name, tokenHash: Secrets.hash(secret), prefix: String(secret.prefix(11)))
            try await store.audit(actor: user.id, action: "token.create", target: "token:\(token.id)", detail: ["name": name])
            return JSONResponse.make(status: .created, NewTokenBody(token: TokenBody(token), secret: secret))
        }
        router.delete("/api/tokens/:id") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, APITokenID.self)
            try await store.revokeToken(id, owner: user.id)
            try await store.audit(actor: user.id, action: "token.revoke", target: "token:\(id)")
            return Response(status: .noContent)
        }
    }

    private func sessionBody(_ context: HubRequestContext) async throws -> SessionBody {
        var csrf: String?
        if case .session(_, let token) = context.credential { csrf = token }
        let local = context.credential == .local
        return SessionBody(
            mode: local ? "local" : "accounts", user: context.user.map(UserBody.init), csrfToken: csrf,
            canChangePassword: csrf != nil,
            announcements: context.user == nil ? [] : try await store.activeAnnouncements().map(AnnouncementBody.init))
    }

    private func login(_ form: LoginForm, _ context: HubRequestContext) async throws -> Response {
        let username = form.username.trimmingCharacters(in: .whitespaces)
        let keys = ["user:" + username.lowercased()] + (context.remoteAddress.map { ["ip:" + $0] } ?? [])
        if let wait = throttle.retryAfter(keys) {
            var response = ErrorMiddleware<HubRequestContext>.response(
                APIError(
                    status: .tooManyRequests, code: "rate_limited",
                    message: "Too many failed sign-ins. Try again in \(Int(wait.rounded(.up) / 60) + 1) minutes."))
            response.headers[HTTPField.Name("Retry-After")!] = String(Int(wait.rounded(.up)))
            return response
        }
        guard let (user, hash) = try await store.passwordHash(username: username),
            try await Secrets.verifyPassword(form.password, hash: hash)
        else {
            throttle.recordFailure(keys)
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "Wrong username or password.")
        }
        throttle.recordSuccess(keys[0])
        let token = Secrets.token()
        let csrf = Secrets.token()
        try await store.createSession(
            tokenHash: Secrets.hash(token), user: user.id, csrfToken: csrf,
            expiresAt: Date().addingTimeInterval(settings.sessionLifetime))
        var response = JSONResponse.make(
            SessionBody(
                mode: "accounts", user: UserBody(user), csrfToken: csrf, canChangePassword: true,
                announcements: try await store.activeAnnouncements().map(AnnouncementBody.init)))
        response.headers[.setCookie] = Self.cookie(value: token, maxAge: Int(settings.sessionLifetime))
        return response
    }

    /// The session cookie: not readable by scripts, not sent by cross-site sub-requests.
    static func cookie(value: String, maxAge: Int) -> String {
        "\(AuthMiddleware.sessionCookie)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax"
    }
}

/// What the shell learns before drawing anything.
struct SessionBody: Encodable {
    /// `local` (no sign-in, everyone is the local admin) or `accounts`.
    let mode: String
    let user: UserBody?
    /// Send back as `X-CSRF-Token` on writes; `null` when the session is not a cookie.
    let csrfToken: String?
    let canChangePassword: Bool
    /// The active announcements, newest first, for the banner (none before signing in).
    let announcements: [AnnouncementBody]
}

/// A user as the API shows them. Never the password hash.
struct UserBody: Encodable {
    let id: Int64
    let username: String
    let displayName: String
    let avatarColor: String
    let isAdmin: Bool
    let active: Bool
    let createdAt: Date

    init(_ user: User) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        avatarColor = user.avatarColor
        isAdmin = user.isAdmin
        active = user.active
        createdAt = user.createdAt
    }
}

/// An API token as lists show it: never the secret.
struct TokenBody: Encodable {
    let id: Int64
    let userId: Int64
    let name: String
    let prefix: String
    let createdAt: Date
    let lastUsedAt: Date?

    init(_ token: APIToken) {
        id = token.id.rawValue
        userId = token.userID.rawValue
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
    }
}

struct NewTokenBody: Encodable {
    let token: TokenBody
    /// Shown once: only its hash is kept.
    let secret: String
}

struct LoginForm: Decodable {
    let username: String
    let password: String
}

struct ProfileForm: Decodable {
    let displayName: String?
    let avatarColor: String?
}

struct PasswordForm: Decodable {
    let current: String
    let new: String
}

struct TokenForm: Decodable {
    let name: String
}

/// Checks of what people type about accounts, shared by the profile and admin forms.
enum UserForms {
    static func username(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count),
            name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0) })
        else {
            throw APIError.badRequest("`username` must be 1 to 64 letters, digits or . _ - @.")
        }
        return name
    }

    static func displayName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw APIError.badRequest("`displayName` must be 1 to 100 characters.") }
        return name
    }

    static func color(_ text: String) throws -> String {
        guard text.count == 7, text.hasPrefix("#"), text.dropFirst().allSatisfy(\.isHexDigit) else {
            throw APIError.badRequest("`avatarColor` must be a colour like #4c6ef5.")
        }
        return text.lowercased()
    }

    static func password(_ text: String) throws -> String {
        guard text.count >= 8 else { throw APIError.badRequest("The password must have at least 8 characters.") }
        guard text.utf8.count <= 72 else { throw APIError.badRequest("The password must be at most 72 bytes (bcrypt's limit).") }
        return text
    }
}
