import Hummingbird

/// Guards admin routes: `401` for an anonymous request, `403` for a user who is not an admin.
struct AdminMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        _ = try context.requireAdmin()
        return try await next(request, context)
    }
}
