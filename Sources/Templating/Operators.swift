import Core

/// Arithmetic, comparison, membership, attributes and indexes, with Jinja's (Python's) meaning
/// and a type error for anything else.
enum Operators {
    static func attribute(_ base: TemplateValue, _ name: String, at position: SourcePosition) throws(TemplateError) -> TemplateValue {
        switch base {
        case .map(let entries):
            if let value = entries[name] { return value }
        case .date(let days):
            let (year, month, day) = CivilDate.fromDays(days)
            switch name {
            case "year": return .integer(year)
            case "month": return .integer(month)
            case "day": return .integer(day)
            default: break
            }
        default:
            break
        }
        throw TemplateError("\(base.kindName) has no attribute '\(name)'.", at: position, isUndefined: true)
    }

    static func index(_ base: TemplateValue, _ key: TemplateValue, at position: SourcePosition) throws(TemplateError) -> TemplateValue {
        switch (base, key) {
        case (.list(let items), .integer(let number)):
            let count = Int64(items.count)
            let offset = number < 0 ? number + count : number
            guard offset >= 0, offset < count else {
                throw TemplateError("index \(number) is out of range: the list has \(items.count) items.", at: position)
            }
            return items[Int(offset)]
        case (.string(let text), .integer(let number)):
            let characters = Array(text)
            let count = Int64(characters.count)
            let offset = number < 0 ? number + count : number
            guard offset >= 0, offset < count else {
                throw TemplateError("index \(number) is out of range: the string has \(characters.count) characters.", at: position)
            }
            return .string(String(characters[Int(offset)]))
        case (.map, .string(let name)):
            return try attribute(base, name, at: position)
        default:
            throw TemplateError("cannot index \(base.kindName) with \(key.kindName).", at: position)
        }
    }

    static func unary(_ symbol: String, _ value: TemplateValue, at position: SourcePosition) throws(TemplateError) -> TemplateValue {
        switch (symbol, value) {
        case ("not", _): return .boolean(!value.isTruthy)
        case ("+", .integer), ("+", .real): return value
        case ("-", .integer(let number)):
            guard number != .min else { throw TemplateError("the number is too large.", at: position) }
            return .integer(-number)
        case ("-", .real(let number)): return .real(-number)
        default: throw TemplateError("cannot apply '\(symbol)' to \(value.kindName).", at: position)
        }
    }

    static func binary(_ symbol: String, _ lhs: TemplateValue, _ rhs: TemplateValue, at position: SourcePosition)
        throws(TemplateError) -> TemplateValue
    {
        switch symbol {
        case "~": return .string(lhs.rendered + rhs.rendered)
        case "==": return .boolean(equal(lhs, rhs))
        case "!=": return .boolean(!equal(lhs, rhs))
        case "<", ">", "<=", ">=":
            guard let order = compare(lhs, rhs) else {
                throw TemplateError("cannot compare \(lhs.kindName) with \(rhs.kindName).", at: position)
            }
            switch symbol {
            case "<": return .boolean(order < 0)
            case ">": return .boolean(order > 0)
            case "<=": return .boolean(order <= 0)
            default: return .boolean(order >= 0)
            }
        case "in", "not in":
            let found: Bool
            switch rhs {
            case .list(let items): found = items.contains { equal($0, lhs) }
            case .string(let text):
                guard case .string(let part) = lhs else {
                    throw TemplateError("'in' a string needs a string on its left, not \(lhs.kindName).", at: position)
                }
                found = text.contains(part)
            case .map(let entries):
                guard case .string(let key) = lhs else { found = false; break }
                found = entries[key] != nil
            default:
                throw TemplateError("'in' needs a list or a string on its right, not \(rhs.kindName).", at: position)
            }
            return .boolean(symbol == "in" ? found : !found)
        default:
            return try arithmetic(symbol, lhs, rhs, at: position)
        }
    }

    private static func arithmetic(_ symbol: String, _ lhs: TemplateValue, _ rhs: TemplateValue, at position: SourcePosition)
        throws(TemplateError) -> TemplateValue
    {
        switch (symbol, lhs, rhs) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case (_, .integer(let a), .integer(let b)):
            let result: (partialValue: Int64, overflow: Bool)
            switch symbol {
            case "+": result = a.addingReportingOverflow(b)
            case "-": result = a.subtractingReportingOverflow(b)
            case "*": result = a.multipliedReportingOverflow(by: b)
            case "/":
                guard b != 0 else { throw TemplateError("division by zero.", at: position) }
                return .real(Double(a) / Double(b))
            default:
                guard b != 0 else { throw TemplateError("division by zero.", at: position) }
                guard !(a == .min && b == -1) else { throw TemplateError("the number is too large.", at: position) }
                let (quotient, remainder) = (a / b, a % b)
                // Python's floor division and modulo: the remainder takes the divisor's sign.
                let adjust = remainder != 0 && ((remainder < 0) != (b < 0))
                return .integer(symbol == "//" ? (adjust ? quotient - 1 : quotient) : (adjust ? remainder + b : remainder))
            }
            guard !result.overflow else { throw TemplateError("the number is too large.", at: position) }
            return .integer(result.partialValue)
        default:
            guard let a = number(lhs), let b = number(rhs) else {
                let verb = ["+": "add", "-": "subtract", "*": "multiply", "/": "divide", "//": "divide", "%": "take the remainder of"][symbol] ?? symbol
                let hint = lhs.isDate || rhs.isDate ? " Use ds_add(date, days) for dates." : ""
                throw TemplateError("cannot \(verb) \(lhs.kindName) and \(rhs.kindName).\(hint)", at: position)
            }
            switch symbol {
            case "+": return .real(a + b)
            case "-": return .real(a - b)
            case "*": return .real(a * b)
            default:
                guard b != 0 else { throw TemplateError("division by zero.", at: position) }
                switch symbol {
                case "/": return .real(a / b)
                case "//": return .real((a / b).rounded(.down))
                default: return .real(a - b * (a / b).rounded(.down))
                }
            }
        }
    }

    static func number(_ value: TemplateValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .real(let number): number
        default: nil
        }
    }

    static func equal(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .real(let b)), (.real(let b), .integer(let a)): return Double(a) == b
        case (.date(let days), .string(let text)), (.string(let text), .date(let days)): return TemplateValue.iso(days) == text
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        default: return lhs == rhs
        }
    }

    /// -1, 0 or 1; nil for values that have no order between them.
    static func compare(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return order(a, b)
        case (.string(let a), .string(let b)): return order(a, b)
        case (.date(let a), .date(let b)): return order(a, b)
        case (.date(let days), .string(let text)): return order(TemplateValue.iso(days), text)
        case (.string(let text), .date(let days)): return order(text, TemplateValue.iso(days))
        default:
            guard let a = number(lhs), let b = number(rhs) else { return nil }
            return order(a, b)
        }
    }
}

extension TemplateValue {
    var isDate: Bool {
        if case .date = self { return true }
        return false
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
