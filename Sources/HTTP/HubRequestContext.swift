import Core
import Hummingbird

/// The request context of every route: Hummingbird's storage plus who is asking.
///
/// `user` is set in one place, ``CurrentUserMiddleware``; handlers read it through
/// ``requireUser()``, so permissions can later be enforced at that one seam.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The person the request acts for; `nil` before ``CurrentUserMiddleware`` ran.
    public var user: User?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
    }

    /// The body limit is enforced per route by `decodeJSON`; this only bounds the transport.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The current user.
    /// - Throws: an internal error when the middleware did not run (a wiring bug).
    public func requireUser() throws -> User {
        guard let user else { throw APIError.internal("No current user on this request.") }
        return user
    }
}

/// Resolves the current user of each request. For now every request acts as the one local
/// user; accounts will plug in here.
public struct CurrentUserMiddleware: RouterMiddleware {
    public typealias Context = HubRequestContext
    let localUser: User

    public init(localUser: User) {
        self.localUser = localUser
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.user = localUser
        return try await next(request, context)
    }
}
