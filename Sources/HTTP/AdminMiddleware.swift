import Hummingbird

/// Guards the admin routes (engine configuration). The one place the admin check goes.
///
/// There are no accounts yet: every request acts as the local user, who is the admin, so this
/// lets every request through. When accounts arrive (issue 7) it refuses non-admins with 403
/// here, and no admin route needs to change.
struct AdminMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        _ = try context.requireUser()
        return try await next(request, context)
    }
}
