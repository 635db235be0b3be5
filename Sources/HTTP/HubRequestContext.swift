import Core
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's storage plus who is asking and how.
///
/// `user` and `credential` are set in one place, ``AuthMiddleware``; handlers read them
/// through ``requireUser()`` and ``requireAdmin()``, and doc permissions through
/// ``DocAccess``.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The person the request acts for; `nil` for an anonymous request.
    public var user: User?
    /// How `user` was recognised.
    public var credential: Credential
    /// The peer's address, for the sign-in rate limit.
    public let remoteAddress: String?

    /// How a request proved who it is.
    public enum Credential: Sendable, Equatable {
        /// Nobody: an anonymous request.
        case none
        /// Local mode: bound to loopback with no accounts, everyone is the local admin.
        case local
        /// A session cookie; `tokenHash` names the session, `csrfToken` must come back as
        /// `X-CSRF-Token` on every write.
        case session(tokenHash: String, csrfToken: String)
        /// An API token in `Authorization: Bearer …`.
        case token
        /// The trusted reverse-proxy header (`auth-header`).
        case proxy
    }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.credential = .none
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The body limit is enforced per route by `decodeJSON`; this only bounds the transport.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The signed-in user.
    /// - Throws: `401` for an anonymous request.
    public func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }

    /// The signed-in user, who must be an admin.
    /// - Throws: `401` for an anonymous request, `403` for anyone else.
    public func requireAdmin() throws -> User {
        let user = try requireUser()
        guard user.isAdmin else { throw APIError.forbidden("Only admins can do this.") }
        return user
    }
}
