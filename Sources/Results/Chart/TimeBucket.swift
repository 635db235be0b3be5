import Core

/// Dates and times of a chart's x axis, truncated to the start of an hour, day, week (Monday),
/// month or year, in UTC. Pure functions on epoch seconds and civil dates (``CivilDate``).
enum TimeBucket {
    /// Epoch seconds of `value`: epoch seconds when it is a number, else ISO 8601 text
    /// (`2026-10-31`, `2026-10-31 13:05:00`, `2026-10-31T13:05:00.5Z`, `…+02:00`); `nil` for
    /// anything else.
    static func seconds(_ value: RawValue) -> Int64? {
        switch value.tag {
        case ValueTag.integer.rawValue: return value.integer
        case ValueTag.real.rawValue:
            guard let number = value.number, number.isFinite, abs(number) < 1e15 else { return nil }
            return Int64(number.rounded(.down))
        case ValueTag.text.rawValue: return parseISO(value.payload)
        default: return nil
        }
    }

    /// The start of the period holding `seconds`.
    static func start(of seconds: Int64, _ bucket: ChartRequest.Bucket) -> Int64 {
        let day = floorDiv(seconds, 86_400)
        switch bucket {
        case .hour: return floorDiv(seconds, 3600) * 3600
        case .day: return day * 86_400
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weekday is (day + 3) mod 7.
            let weekday = ((day + 3) % 7 + 7) % 7
            return (day - weekday) * 86_400
        case .month:
            let (year, month, _) = civil(fromDays: day)
            return days(year: year, month: month, day: 1) * 86_400
        case .year:
            let (year, _, _) = civil(fromDays: day)
            return days(year: year, month: 1, day: 1) * 86_400
        }
    }

    /// The label of a period start: `2026-10-01`, or `2026-10-01 13:00:00` for hours.
    static func label(_ seconds: Int64, _ bucket: ChartRequest.Bucket) -> String {
        let (year, month, day) = civil(fromDays: floorDiv(seconds, 86_400))
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        let date = "\(yearText)-\(two(month))-\(two(day))"
        guard bucket == .hour else { return date }
        let hour = floorDiv(seconds, 3600) - floorDiv(seconds, 86_400) * 24
        return "\(date) \(two(hour)):00:00"
    }

    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        CivilDate.days(year: year, month: month, day: day)
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        CivilDate.fromDays(days)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        CivilDate.floorDivide(a, b).quotient
    }

    /// `YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|±HH[:]MM]`.
    private static func parseISO(_ text: UnsafeRawBufferPointer) -> Int64? {
        var position = 0
        func number(_ width: Int) -> Int64? {
            guard position + width <= text.count else { return nil }
            var value: Int64 = 0
            for i in position..<(position + width) {
                let byte = text[i]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            position += width
            return value
        }
        func expect(_ ascii: UInt8) -> Bool {
            guard position < text.count, text[position] == ascii else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86_400
        guard position < text.count else { return seconds }
        guard expect(32) || expect(84), let hour = number(2), expect(58), let minute = number(2),
            hour < 24, minute < 60
        else { return nil }
        seconds += hour * 3600 + minute * 60
        if expect(58) {
            guard let second = number(2), second < 61 else { return nil }
            seconds += second
            if expect(46) {
                while position < text.count, text[position] >= 48, text[position] <= 57 { position += 1 }
            }
        }
        guard position < text.count else { return seconds }
        if expect(90) { return position == text.count ? seconds : nil }
        let sign: Int64
        if expect(43) { sign = 1 } else if expect(45) { sign = -1 } else { return nil }
        guard let offsetHours = number(2) else { return nil }
        _ = expect(58)
        let offsetMinutes = number(2) ?? 0
        guard position == text.count else { return nil }
        return seconds - sign * (offsetHours * 3600 + offsetMinutes * 60)
    }
}
