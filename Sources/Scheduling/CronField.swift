/// One of the five fields of a cron expression, with its range and names.
public enum CronField: Int, Sendable, CaseIterable {
    case minute = 1, hour, dayOfMonth, month, dayOfWeek

    /// The field's name in messages, as crontab(5) spells it.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values the field takes (day-of-week also takes 7, read as Sunday).
    var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...6
        }
    }

    /// The range a person may type: day-of-week accepts 7 for Sunday.
    var writtenRange: ClosedRange<Int> {
        self == .dayOfWeek ? 0...7 : range
    }

    /// Three-letter names (JAN–DEC, SUN–SAT), upper-cased, to their values.
    var names: [String: Int] {
        switch self {
        case .month:
            Dictionary(
                uniqueKeysWithValues: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
                    .enumerated().map { ($1, $0 + 1) })
        case .dayOfWeek:
            Dictionary(
                uniqueKeysWithValues: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].enumerated().map { ($1, $0) })
        default: [:]
        }
    }

    /// "Field 2 (hour)", the start of every message about this field.
    var label: String { "Field \(rawValue) (\(name))" }
}
