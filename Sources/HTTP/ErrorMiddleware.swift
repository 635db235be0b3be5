import Foundation
import Hummingbird
import Logging

/// Turns every error a route throws into the one JSON shape
/// `{"error": {"code", "message"}}` with its status (plus `line` and `column` for a template
/// error). An unexpected error becomes a 500 whose
/// message carries a request id; its detail goes only to the log.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let apiError = APIError.from(error) {
                return Self.response(apiError)
            }
            let requestID = UUID().uuidString.prefix(8).lowercased()
            context.logger.error(
                "Unexpected error", metadata: ["requestId": "\(requestID)", "error": "\(error)", "path": "\(request.uri.path)"])
            return Self.response(.internal("Something went wrong on the server (request \(requestID))."))
        }
    }

    static func response(_ error: APIError) -> Response {
        JSONResponse.make(status: error.status, ErrorBody(error: .init(code: error.code, message: error.message, line: error.line, column: error.column)))
    }
}

/// The one error shape.
struct ErrorBody: Codable, Equatable {
    struct Detail: Codable, Equatable {
        let code: String
        let message: String
        /// A template error's place; absent from the JSON unless set.
        var line: Int? = nil
        var column: Int? = nil
    }
    let error: Detail
}
