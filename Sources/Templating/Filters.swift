import Foundation

/// The filters (`value | name(arguments)`).
enum Filters {
    static let names: Set<String> = [
        "sql_string", "sql_identifier", "sql_list", "default", "upper", "lower", "trim", "replace", "join", "length", "int",
        "float", "string", "date_format",
    ]
}

extension Evaluator {
    func filter(_ name: String, _ base: Expression, _ argumentExpressions: [Expression], at position: SourcePosition)
        async throws(TemplateError) -> TemplateValue
    {
        var arguments: [TemplateValue] = []
        for argument in argumentExpressions { arguments.append(try await evaluate(argument)) }
        if name == "default" {
            try Self.arity(name, arguments, 1...2, at: position)
            let value: TemplateValue
            do {
                value = try await evaluate(base)
            } catch where error.isUndefined {
                return arguments[0]
            }
            let orFalsy = arguments.count > 1 && arguments[1].isTruthy
            return value == .none || (orFalsy && !value.isTruthy) ? arguments[0] : value
        }
        let value = try await evaluate(base)
        let dialect = context.dialect
        switch name {
        case "sql_string":
            try Self.arity(name, arguments, 0...0, at: position)
            if case .list(let items) = value {
                var parts: [String] = []
                for item in items { parts.append(try Self.sqlString(item, dialect, at: position)) }
                return .string(parts.joined(separator: ", "))
            }
            return .string(try Self.sqlString(value, dialect, at: position))
        case "sql_identifier":
            try Self.arity(name, arguments, 0...0, at: position)
            guard case .string(let text) = value, !text.isEmpty else {
                throw TemplateError("sql_identifier needs a non-empty string, not \(value.kindName).", at: position)
            }
            try Self.refuseNUL(text, name, at: position)
            return .string(dialect.qualifiedName(text))
        case "sql_list":
            try Self.arity(name, arguments, 0...0, at: position)
            guard case .list(let items) = value else {
                throw TemplateError("sql_list needs a list, not \(value.kindName).", at: position)
            }
            // `IN ()` is a syntax error; `IN (NULL)` matches nothing, as an empty list should.
            guard !items.isEmpty else { return .string("(NULL)") }
            var parts: [String] = []
            for item in items { parts.append(try Self.sqlLiteral(item, dialect, at: position)) }
            return .string("(" + parts.joined(separator: ", ") + ")")
        case "upper", "lower", "trim":
            try Self.arity(name, arguments, 0...0, at: position)
            let text = try Self.text(value, name, at: position)
            switch name {
            case "upper": return .string(text.uppercased())
            case "lower": return .string(text.lowercased())
            default: return .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        case "replace":
            try Self.arity(name, arguments, 2...2, at: position)
            let old = try Self.text(arguments[0], name, at: position)
            guard !old.isEmpty else { throw TemplateError("replace needs a non-empty text to replace.", at: position) }
            return .string(
                try Self.text(value, name, at: position).replacingOccurrences(
                    of: old, with: try Self.text(arguments[1], name, at: position)))
        case "join":
            try Self.arity(name, arguments, 0...1, at: position)
            guard case .list(let items) = value else { throw TemplateError("join needs a list, not \(value.kindName).", at: position) }
            let separator = arguments.isEmpty ? "" : try Self.text(arguments[0], name, at: position)
            return .string(items.map(\.rendered).joined(separator: separator))
        case "length":
            try Self.arity(name, arguments, 0...0, at: position)
            switch value {
            case .string(let text): return .integer(Int64(text.count))
            case .list(let items): return .integer(Int64(items.count))
            case .map(let entries): return .integer(Int64(entries.count))
            default: throw TemplateError("length needs a string or a list, not \(value.kindName).", at: position)
            }
        case "int":
            try Self.arity(name, arguments, 0...0, at: position)
            return .integer(try Self.integer(value, at: position))
        case "float":
            try Self.arity(name, arguments, 0...0, at: position)
            switch value {
            case .integer(let number): return .real(Double(number))
            case .real: return value
            case .boolean(let flag): return .real(flag ? 1 : 0)
            case .string(let text):
                if let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite { return .real(number) }
                throw TemplateError("float: '\(text)' is not a number.", at: position)
            default: throw TemplateError("float needs a number or a string, not \(value.kindName).", at: position)
            }
        case "string":
            try Self.arity(name, arguments, 0...0, at: position)
            return .string(value.rendered)
        default:
            try Self.arity(name, arguments, 1...1, at: position)
            return try Builtins.dateFormat(value, arguments[0], at: position)
        }
    }

    static func arity(_ name: String, _ arguments: [TemplateValue], _ allowed: ClosedRange<Int>, at position: SourcePosition)
        throws(TemplateError)
    {
        guard !allowed.contains(arguments.count) else { return }
        let wanted =
            allowed.lowerBound == allowed.upperBound
            ? (allowed.lowerBound == 0 ? "no arguments" : "\(allowed.lowerBound) argument\(allowed.lowerBound == 1 ? "" : "s")")
            : "\(allowed.lowerBound) to \(allowed.upperBound) arguments"
        throw TemplateError("\(name) takes \(wanted), not \(arguments.count).", at: position)
    }

    static func text(_ value: TemplateValue, _ name: String, at position: SourcePosition) throws(TemplateError) -> String {
        switch value {
        case .list, .map: throw TemplateError("\(name) needs a string, not \(value.kindName).", at: position)
        default: return value.rendered
        }
    }

    static func refuseNUL(_ text: String, _ name: String, at position: SourcePosition) throws(TemplateError) {
        if text.contains("\0") {
            throw TemplateError("\(name): the value holds a NUL character, which SQL text cannot carry.", at: position)
        }
    }

    /// A value as a quoted SQL string literal (`NULL` for none).
    static func sqlString(_ value: TemplateValue, _ dialect: SQLDialect, at position: SourcePosition) throws(TemplateError) -> String {
        switch value {
        case .none: return "NULL"
        case .list, .map: throw TemplateError("sql_string cannot quote a list inside a list.", at: position)
        default:
            let text = value.rendered
            try refuseNUL(text, "sql_string", at: position)
            return dialect.stringLiteral(text)
        }
    }

    /// A value as a SQL literal: numbers bare, strings and dates quoted, booleans and none as keywords.
    static func sqlLiteral(_ value: TemplateValue, _ dialect: SQLDialect, at position: SourcePosition) throws(TemplateError) -> String {
        switch value {
        case .integer(let number): return String(number)
        case .real(let number):
            guard number.isFinite else { throw TemplateError("sql_list cannot write \(number) in SQL.", at: position) }
            return TemplateValue.text(of: number)
        case .boolean(let flag): return flag ? "TRUE" : "FALSE"
        case .none: return "NULL"
        case .list, .map: throw TemplateError("sql_list cannot write a list inside a list.", at: position)
        case .string, .date:
            let text = value.rendered
            try refuseNUL(text, "sql_list", at: position)
            return dialect.stringLiteral(text)
        }
    }

    static func integer(_ value: TemplateValue, at position: SourcePosition) throws(TemplateError) -> Int64 {
        switch value {
        case .integer(let number): return number
        case .boolean(let flag): return flag ? 1 : 0
        case .real(let number):
            guard number.isFinite, abs(number) < 9.2e18 else { throw TemplateError("int: \(number) is too large.", at: position) }
            return Int64(number.rounded(.towardZero))
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int64(trimmed) { return number }
            if let number = Double(trimmed), number.isFinite, abs(number) < 9.2e18 { return Int64(number.rounded(.towardZero)) }
            throw TemplateError("int: '\(text)' is not a number.", at: position)
        default:
            throw TemplateError("int needs a number or a string, not \(value.kindName).", at: position)
        }
    }
}
