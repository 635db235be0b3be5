import Core
import Foundation

/// An exception ClickHouse sent as text, as its HTTP interface does:
/// `Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 16 …, e.what() = DB::Exception`
/// (18.x), or `Code: 62. DB::Exception: … (SYNTAX_ERROR) (version …)` (newer servers).
struct ClickHouseServerError: Sendable, Hashable {
    /// ClickHouse's error code (`ErrorCodes.cpp`), or `nil` when the text had none.
    var code: Int?
    /// The message without the code and exception-class wrapping.
    var message: String

    /// TIMEOUT_EXCEEDED: `max_execution_time` ran out.
    static let timeoutExceeded = 159
    /// QUERY_WAS_CANCELLED: a `KILL QUERY` stopped it.
    static let queryWasCancelled = 394
    /// The login was refused: unknown user, wrong or missing password, address not allowed,
    /// authentication failed.
    static let loginCodes: Set<Int> = [192, 193, 194, 195, 516]

    /// Parses the text ClickHouse sent (the whole body of a failed request, or what follows
    /// the rows of one that failed mid-stream).
    init(text: String) {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let start = body.range(of: "Code: ") {
            body = String(body[start.lowerBound...])
        }
        var code: Int?
        if body.hasPrefix("Code: ") {
            let digits = body.dropFirst(6).prefix { $0.isNumber }
            code = Int(digits)
            body = String(body.dropFirst(6 + digits.count))
            for separator in [", e.displayText() = ", ". ", ", "] where body.hasPrefix(separator) {
                body = String(body.dropFirst(separator.count))
                break
            }
        }
        if body.hasPrefix("DB::Exception: ") { body = String(body.dropFirst("DB::Exception: ".count)) }
        if let what = body.range(of: ", e.what() = ", options: .backwards) { body = String(body[..<what.lowerBound]) }
        if let version = body.range(of: " (version ", options: .backwards), body.hasSuffix(")") {
            body = String(body[..<version.lowerBound])
        }
        // ClickHouse's own "(line 2, col 17)" counts bytes; the run error carries the
        // line and column in characters instead.
        if let place = body.range(of: #" \(line \d+, col \d+\)"#, options: .regularExpression) {
            body.removeSubrange(place)
        }
        self.code = code
        self.message = body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where in `statement` the error points: ClickHouse's "failed at position N" is a 1-based
    /// byte offset into the statement it was given.
    func position(in statement: String) -> TextPosition? {
        guard let marker = message.range(of: "at position ") else { return nil }
        let digits = message[marker.upperBound...].prefix { $0.isNumber }
        guard let offset = Int(digits), offset >= 1 else { return nil }
        return TextPosition(utf8Offset: offset - 1, in: statement)
    }

    /// READONLY: the user's profile has `readonly=1`.
    static let readOnly = 164

    /// Whether ClickHouse refused a setting because the user may not change any
    /// ("Cannot override setting (…) in readonly mode"), rather than refusing the statement.
    var isReadOnlySetting: Bool {
        code == Self.readOnly && message.hasPrefix("Cannot override setting")
    }

    /// The engine error for this exception, raised by running `statement` with `timeout`.
    func engineError(statement: String, timeout: Double) -> EngineError {
        switch code {
        case Self.timeoutExceeded?:
            return .timedOut(seconds: timeout)
        case let code? where Self.loginCodes.contains(code):
            return .unavailable("ClickHouse refused the login: \(message)")
        default:
            let position = position(in: statement)
            return .failed(RunError(message: message, line: position?.line, column: position?.column))
        }
    }
}
