import Core

/// A value inside a template: literals, doc variables, built-ins and what expressions make.
public enum TemplateValue: Sendable, Hashable {
    case none
    case boolean(Bool)
    case integer(Int64)
    case real(Double)
    case string(String)
    /// A calendar date, as days since 1970-01-01.
    case date(Int64)
    case list([TemplateValue])
    /// Attributes by name (the `loop` object).
    case map([String: TemplateValue])

    /// Whether `if` takes it as true: none, false, zero, "" and [] are false.
    var isTruthy: Bool {
        switch self {
        case .none: false
        case .boolean(let flag): flag
        case .integer(let number): number != 0
        case .real(let number): number != 0
        case .string(let text): !text.isEmpty
        case .date: true
        case .list(let items): !items.isEmpty
        case .map(let entries): !entries.isEmpty
        }
    }

    /// The text `{{ }}` writes: none as nothing, booleans as SQL's `true`/`false`, dates as
    /// `YYYY-MM-DD`, lists as Python (Jinja) writes them.
    var rendered: String {
        switch self {
        case .none: ""
        case .boolean(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .real(let number): Self.text(of: number)
        case .string(let text): text
        case .date(let days): Self.iso(days)
        case .list(let items): "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case .map(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "'\($0.key)': \($0.value.literal)" }.joined(separator: ", ") + "}"
        }
    }

    /// How a list shows an item: strings and dates in quotes.
    private var literal: String {
        switch self {
        case .string(let text): "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .date: "'\(rendered)'"
        case .none: "none"
        default: rendered
        }
    }

    /// The value's kind with an article, for errors: "a string".
    var kindName: String {
        switch self {
        case .none: "none"
        case .boolean: "a boolean"
        case .integer, .real: "a number"
        case .string: "a string"
        case .date: "a date"
        case .list: "a list"
        case .map: "an object"
        }
    }

    /// Python's way of writing a float: `2.5`, `3.0`, `1e+20`.
    static func text(of number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return "\(number)"
    }

    /// `YYYY-MM-DD` of days since 1970-01-01.
    static func iso(_ days: Int64) -> String {
        let (year, month, day) = CivilDate.fromDays(days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    static func pad(_ number: Int64, _ width: Int) -> String {
        let digits = String(abs(number))
        return (number < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 1970-01-01 of a strict `YYYY-MM-DD` text with a real calendar day; else nil.
    static func parseDate(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A doc variable's stored value as a template value (lists of strings and numbers).
    init(_ value: DocVariable.Value) {
        switch value {
        case .null: self = .none
        case .boolean(let flag): self = .boolean(flag)
        case .integer(let number): self = .integer(number)
        case .real(let number): self = .real(number)
        case .string(let text): self = .string(text)
        case .list(let items): self = .list(items.map(TemplateValue.init))
        }
    }
}
