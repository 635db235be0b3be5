import Core
import Execution
import Hummingbird
import Results
import Store
import Templating

/// An error as the API reports it: a status, a stable code and a message for people.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Where in the request's text the problem is (a template error's line and column);
    /// encoded only when set.
    public var line: Int?
    public var column: Int?

    public init(status: HTTPResponse.Status, code: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    static func badRequest(_ message: String) -> Self { .init(status: .badRequest, code: "bad_request", message: message) }
    static func notFound(_ message: String) -> Self { .init(status: .notFound, code: "not_found", message: message) }
    static func conflict(_ message: String) -> Self { .init(status: .conflict, code: "conflict", message: message) }
    /// No one is signed in (or the credential is no longer valid).
    static let unauthorized = Self(status: .unauthorized, code: "unauthorized", message: "Sign in to continue.")
    static func forbidden(_ message: String) -> Self { .init(status: .forbidden, code: "forbidden", message: message) }
    static func gone(_ message: String) -> Self { .init(status: .gone, code: "result_expired", message: message) }
    static func unprocessable(_ message: String) -> Self {
        .init(status: .unprocessableContent, code: "unprocessable", message: message)
    }
    static func tooLarge(_ message: String) -> Self {
        .init(status: .contentTooLarge, code: "payload_too_large", message: message)
    }
    static func `internal`(_ message: String) -> Self {
        .init(status: .internalServerError, code: "internal", message: message)
    }

    /// Checks a client-chosen id (a tab's `clientId`, an `editId`): 1 to 100 characters.
    /// - Throws: `400` naming the field.
    static func requireToken(_ value: String, named name: String) throws {
        guard !value.isEmpty, value.count <= 100 else {
            throw APIError.badRequest("`\(name)` must be 1 to 100 characters.")
        }
    }

    /// The API's view of any error a handler threw; `nil` for an unexpected one (a 500).
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error {
            case .notFound(let entity, let id): return .notFound("No \(entity) with id \(id).")
            case .invalid(let message): return .unprocessable(message)
            case .conflict(let message): return .conflict(message)
            }
        case let error as ExecutionError:
            switch error {
            case .unknownEngine(let name): return .unprocessable("No engine named \(name).")
            case .engineDisabled(let name):
                return .unprocessable("The engine \(name) is disabled. Pick another engine, or ask an admin to enable it.")
            case .emptyQuery: return .unprocessable("The query has no statement to run.")
            case .alreadyFinished(let status): return .conflict("The run has already ended (\(status.rawValue)).")
            }
        case let error as TemplateError:
            // An error inside a variable's value has no place in the query's text.
            let inQuery = error.variable == nil
            return .init(
                status: .badRequest, code: "template_error", message: error.message, line: inQuery ? error.line : nil,
                column: inQuery ? error.column : nil)
        case let error as VariableError:
            switch error {
            case .invalid: return .init(status: .badRequest, code: "invalid_variable", message: error.description)
            case .cycle: return .init(status: .badRequest, code: "variable_cycle", message: error.description)
            }
        case let error as EngineSettingsError:
            return .unprocessable("`\(error.field)`: \(error.message)")
        case let error as ResultError:
            switch error {
            case .notFound: return .conflict("This statement has no stored result.")
            case .corrupt, .io, .system: return nil
            }
        case let error as ChartError:
            switch error {
            case .invalid(_, let message): return .badRequest(message)
            case .unsuitable(let message): return .unprocessable(message)
            }
        case let error as ExportError:
            switch error {
            case .tooLarge(let message): return .init(status: .unprocessableContent, code: "export_too_large", message: message)
            case .failed: return nil
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("No such route.")
            case .contentTooLarge: return .tooLarge("The request body is too large.")
            case .methodNotAllowed: return .init(status: .methodNotAllowed, code: "method_not_allowed", message: "Method not allowed.")
            default:
                if (400..<500).contains(error.status.code) {
                    return .init(status: error.status, code: "bad_request", message: error.body ?? error.status.reasonPhrase)
                }
                return nil
            }
        default:
            return nil
        }
    }
}
