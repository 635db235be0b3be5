import Core
import PostgresNIO

/// Reads what went wrong out of postgres-nio's errors.
///
/// `PSQLError`'s own description hides everything on purpose; the server's fields and the
/// underlying network error are what a user needs, and neither ever contains the password.
enum PostgresErrors {
    /// SQLSTATE 57014 `query_canceled`: a statement timeout or a cancel request.
    static let queryCanceled = "57014"

    /// The server's SQLSTATE, when the server sent the error.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// One line saying why: the server's message (and hint), or the network error.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return info[.hint].map { "\(message) (\($0))" } ?? message
        }
        if let underlying = error.underlying { return "\(underlying)" }
        switch error.code {
        case .serverClosedConnection: return "the server closed the connection"
        case .clientClosedConnection: return "the connection was closed"
        case .sslUnsupported: return "the server does not support TLS"
        default: return "\(error.code)"
        }
    }

    /// Whether the connection itself failed (rather than the statement).
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        return error.serverInfo == nil
    }

    /// The engine error for a statement that failed with `error`, placing the server's
    /// `position` (1-based, counted in characters) in `statement`.
    static func failure(_ error: any Error, statement: String, endpoint: String) -> EngineError {
        if let engineError = error as? EngineError { return engineError }
        guard let info = (error as? PSQLError)?.serverInfo else {
            return .unavailable("Lost the connection to PostgreSQL at \(endpoint): \(reason(error)).")
        }
        let position = info[.position].flatMap(Int.init).flatMap { characterPosition($0, in: statement) }
        return .failed(RunError(message: reason(error), line: position?.line, column: position?.column))
    }

    /// The line and column of PostgreSQL's 1-based character (code point) offset.
    static func characterPosition(_ offset: Int, in text: String) -> TextPosition? {
        guard offset >= 1 else { return nil }
        var utf8Offset = 0
        var scalars = 0
        for scalar in text.unicodeScalars {
            guard scalars < offset - 1 else { break }
            utf8Offset += UTF8.width(scalar)
            scalars += 1
        }
        guard scalars == offset - 1 else { return nil }
        return TextPosition(utf8Offset: utf8Offset, in: text)
    }
}
