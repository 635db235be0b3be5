/// What is wrong with a template, and where: its line (1-based) and, where it makes sense,
/// its column (1-based, in characters).
///
/// ``message`` is the text people read: "Line 3: 'start_date' is not defined."
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, without the place: "'start_date' is not defined."
    public var reason: String
    public var line: Int
    public var column: Int?
    /// The doc variable whose value (a template itself) failed, if it was one.
    public var variable: String?
    /// Set for a name that is not defined, so `default` and `is defined` can tell.
    var isUndefined = false

    public init(_ reason: String, line: Int, column: Int? = nil, variable: String? = nil) {
        self.reason = reason
        self.line = line
        self.column = column
        self.variable = variable
    }

    init(_ reason: String, at position: SourcePosition, isUndefined: Bool = false) {
        self.init(reason, line: position.line, column: position.column)
        self.isUndefined = isUndefined
    }

    /// "Line 2: unknown filter 'sql_strin'." or, inside a variable's value,
    /// "Variable 'start_date', line 1: 'x' is not defined."
    public var message: String {
        if let variable { return "Variable '\(variable)', line \(line): \(reason)" }
        return "Line \(line): \(reason)"
    }

    public var description: String { message }
}

/// Why a doc's variables cannot be saved or used.
public enum VariableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One variable is wrong; the message names it.
    case invalid(name: String, message: String)
    /// Variables refer to each other in a loop, in this order (the first name repeated last).
    case cycle([String])

    public var description: String {
        switch self {
        case .invalid(_, let message): message
        case .cycle(let names): "Variables refer to each other in a cycle: \(names.joined(separator: " → "))."
        }
    }
}

/// A place in a template's text.
struct SourcePosition: Sendable, Hashable {
    var line: Int
    var column: Int
}
