import Foundation

/// A parsed five-field cron expression (minute hour day-of-month month day-of-week), as
/// Vixie cron reads it: `*`, lists, ranges, steps (`*/15`, `1-30/5`, `10/20` = `10-59/20`),
/// three-letter names (JAN–DEC, SUN–SAT, case-insensitive), 7 for Sunday, `L` in
/// day-of-month for the month's last day, and the shorthands `@hourly`, `@daily` (`@midnight`),
/// `@weekly`, `@monthly`, `@yearly` (`@annually`).
///
/// When day-of-month and day-of-week are both restricted (neither starts with `*`), a day
/// matches when either does; otherwise both must. A value; parsing is pure.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as given, trimmed.
    public let source: String
    /// Bit `n` set: minute `n` matches.
    let minutes: UInt64
    let hours: UInt64
    /// Bit `d` set: day `d` (1–31) of the month matches.
    let daysOfMonth: UInt64
    /// `L`: the month's last day matches.
    let lastDayOfMonth: Bool
    /// Bit `m` set: month `m` (1–12) matches.
    let months: UInt64
    /// Bit `w` set: weekday `w` (0 = Sunday … 6) matches.
    let daysOfWeek: UInt64
    /// Day-of-month and day-of-week were both written without a leading `*`: either matches.
    let eitherDayMatches: Bool
    let dayOfMonthIsStar: Bool
    let dayOfWeekIsStar: Bool

    public var description: String { source }

    static let shorthands: [String: String] = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]

    /// Parses `text`.
    /// - Throws: ``CronError/invalidExpression(_:)`` naming the field and what is wrong with it.
    public init(_ text: String) throws(CronError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        source = trimmed
        guard !trimmed.isEmpty else { throw .invalidExpression("The cron expression is empty.") }
        var expanded = trimmed
        if trimmed.hasPrefix("@") {
            guard let replacement = Self.shorthands[trimmed.lowercased()] else {
                throw .invalidExpression(
                    "'\(trimmed)' is not a cron shorthand (use @hourly, @daily, @weekly, @monthly or @yearly).")
            }
            expanded = replacement
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw .invalidExpression(
                "A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has \(fields.count).")
        }
        minutes = try Self.parse(fields[0], as: .minute).bits
        hours = try Self.parse(fields[1], as: .hour).bits
        let days = try Self.parse(fields[2], as: .dayOfMonth)
        daysOfMonth = days.bits
        lastDayOfMonth = days.last
        months = try Self.parse(fields[3], as: .month).bits
        var weekdays = try Self.parse(fields[4], as: .dayOfWeek).bits
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & ~(1 << 7) }
        daysOfWeek = weekdays
        dayOfMonthIsStar = fields[2].hasPrefix("*")
        dayOfWeekIsStar = fields[4].hasPrefix("*")
        eitherDayMatches = !dayOfMonthIsStar && !dayOfWeekIsStar
        try checkSomeDayExists(field: fields[2])
    }

    /// Refuses a day-of-month that no chosen month has (`30 2`), when day-of-week cannot
    /// rescue it: such an expression would never fire.
    private func checkSomeDayExists(field: String) throws(CronError) {
        guard !lastDayOfMonth, !eitherDayMatches else { return }
        let longest = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let allowed: UInt64 = (1 << UInt64(longest[month] + 1)) - 2
            if daysOfMonth & allowed != 0 { return }
        }
        throw .invalidExpression("\(CronField.dayOfMonth.label): \(field) never falls in the months chosen, so it would never run.")
    }

    /// One field's matching values as bits, and for day-of-month whether `L` was given.
    static func parse(_ text: String, as field: CronField) throws(CronError) -> (bits: UInt64, last: Bool) {
        var bits: UInt64 = 0
        var last = false
        for element in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !element.isEmpty else {
                throw .invalidExpression("\(field.label): '\(text)' has an empty list element.")
            }
            if element.uppercased() == "L" {
                guard field == .dayOfMonth else {
                    throw .invalidExpression("\(field.label): L (last day of the month) is allowed only in day-of-month.")
                }
                last = true
                continue
            }
            bits |= try parseElement(element, as: field)
        }
        return (bits, last)
    }

    /// `*`, `a`, `a-b`, each with an optional `/step`.
    private static func parseElement(_ element: String, as field: CronField) throws(CronError) -> UInt64 {
        let parts = element.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw .invalidExpression("\(field.label): '\(element)' has more than one '/'.") }
        var step = 1
        if parts.count == 2 {
            guard let value = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else {
                throw .invalidExpression("\(field.label): the step '\(parts[1])' in '\(element)' is not a number.")
            }
            guard value >= 1 else { throw .invalidExpression("\(field.label): the step in '\(element)' must be at least 1.") }
            step = value
        }
        let written = field.writtenRange
        var low: Int
        var high: Int
        if parts[0] == "*" {
            (low, high) = (field.range.lowerBound, field.range.upperBound)
        } else {
            let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count <= 2 else { throw .invalidExpression("\(field.label): '\(parts[0])' is not a range.") }
            low = try value(bounds[0], as: field)
            if bounds.count == 2 {
                high = try value(bounds[1], as: field)
                guard low <= high else {
                    throw .invalidExpression("\(field.label): the range \(parts[0]) goes backwards (\(low) > \(high)).")
                }
            } else {
                // `10/20` runs from 10 to the end of the range, as in Vixie cron.
                high = parts.count == 2 ? written.upperBound : low
                if field == .dayOfWeek && parts.count == 2 { high = 6 }
            }
        }
        var bits: UInt64 = 0
        for value in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(value) }
        return bits
    }

    /// A number or a name, checked against the field's range.
    private static func value(_ text: String, as field: CronField) throws(CronError) -> Int {
        guard !text.isEmpty else { throw .invalidExpression("\(field.label): a range is missing a number.") }
        let written = field.writtenRange
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let number = Int(text), written.contains(number) else {
                throw .invalidExpression(
                    "\(field.label): \(text) is out of range \(written.lowerBound)–\(written.upperBound).")
            }
            return number
        }
        if let named = field.names[text.uppercased()] { return named }
        switch field {
        case .month: throw .invalidExpression("\(field.label): '\(text)' is not a number or a month name (JAN–DEC).")
        case .dayOfWeek: throw .invalidExpression("\(field.label): '\(text)' is not a number or a day name (SUN–SAT).")
        default: throw .invalidExpression("\(field.label): '\(text)' is not a number.")
        }
    }
}
