import Core
import HTTPTypes
import Hummingbird
import Store

/// Recognises who each request is for, and refuses what no one may do:
///
/// 1. `Authorization: Bearer qb_…` (an API token), else
/// 2. the trusted proxy header, when configured, else
/// 3. the `qb_session` cookie, else
/// 4. in local mode (loopback, no accounts), the local admin; else anonymous.
///
/// Every `/api/` route but the few in ``publicRoutes`` needs someone (`401`). Writes are
/// checked against cross-site requests: a browser's `Origin` must be this server, and a
/// cookie session must send its `X-CSRF-Token` (tokens sent as a header cannot be forged by
/// another site, so they skip the check).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let store: HubStore
    let settings: AuthSettings
    let state: AuthState
    let localUser: User

    static let sessionCookie = "qb_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// Routes anyone may call: the shell needs them before signing in.
    static let publicRoutes: Set<String> = [
        "GET /api/health", "GET /api/session", "POST /api/auth/login", "POST /api/auth/logout",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        try await identify(request, &context)
        let path = request.uri.path
        let unsafe = ![.get, .head, .options].contains(request.method)
        if unsafe { try checkCrossSite(request, context) }
        if path.hasPrefix("/api/"), context.user == nil,
            !Self.publicRoutes.contains("\(request.method.rawValue) \(path)")
        {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    private func identify(_ request: Request, _ context: inout Context) async throws {
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), let user = try await store.user(
                forTokenHash: Secrets.hash(String(authorization.dropFirst("Bearer ".count))))
            else {
                throw APIError(
                    status: .unauthorized, code: "invalid_token",
                    message: "The API token is not valid: it may have been revoked. Create a new one under Settings → API tokens.")
            }
            context.user = user
            context.credential = .token
            return
        }
        if let header = settings.proxyHeader, let name = HTTPField.Name(header), let username = request.headers[name],
            !username.isEmpty
        {
            context.user = try await proxyUser(username)
            context.credential = .proxy
            return
        }
        if let token = Self.cookie(Self.sessionCookie, in: request) {
            let hash = Secrets.hash(token)
            if let (user, csrf) = try await store.session(tokenHash: hash) {
                context.user = user
                context.credential = .session(tokenHash: hash, csrfToken: csrf)
                return
            }
        }
        // Behind a trusted proxy there is no local mode: a request without its header is nobody.
        if settings.loopback, settings.proxyHeader == nil, !state.accountsEnabled, Self.isLoopbackHost(request.head.authority) {
            // An account made by `querybook user create` while the server runs ends local mode too.
            if state.shouldLookForAccounts(), try await store.hasAccounts() {
                state.enableAccounts()
                return
            }
            // Read afresh: the local admin may have changed their name or colour.
            context.user = try await store.user(localUser.id) ?? localUser
            context.credential = .local
        }
    }

    /// Whether a `Host` names this machine: local mode answers only those, so a page of
    /// another site cannot reach it through a DNS name rebound to 127.0.0.1.
    static func isLoopbackHost(_ host: String?) -> Bool {
        guard let host else { return true }
        let name: Substring
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            name = host[host.index(after: host.startIndex)..<end]
        } else {
            name = host.split(separator: ":", maxSplits: 1).first ?? ""
        }
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }

    /// The user a trusted proxy names, created on first sight (not an admin, no password).
    private func proxyUser(_ username: String) async throws -> User {
        guard username.count <= 100 else { throw APIError.unauthorized }
        if let user = try await store.user(named: username) {
            guard user.active else {
                throw APIError.forbidden("Your account is deactivated. Ask an admin to turn it back on.")
            }
            return user
        }
        do {
            return try await store.createUser(username: username, displayName: username, passwordHash: nil, isAdmin: false)
        } catch StoreError.conflict {
            guard let user = try await store.user(named: username) else { throw APIError.unauthorized }
            return user
        }
    }

    /// Refuses a write that a page on another site made the browser send.
    private func checkCrossSite(_ request: Request, _ context: Context) throws {
        if context.credential == .token { return }
        let refused = APIError(
            status: .forbidden, code: "csrf",
            message: "This request came from another site and was refused. Use the Querybook page itself.")
        if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" { throw refused }
        if let origin = request.headers[HTTPField.Name("Origin")!] {
            guard let host = request.head.authority,
                origin == "http://\(host)" || origin == "https://\(host)"
            else { throw refused }
        }
        if case .session(_, let csrf) = context.credential {
            guard let sent = request.headers[Self.csrfHeader], Secrets.constantTimeEqual(sent, csrf) else {
                throw APIError(
                    status: .forbidden, code: "csrf",
                    message: "The request lacks this page's security token. Reload the page and try again.")
            }
        }
    }

    /// The value of cookie `name`, if the request carries it.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return String(parts[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}
