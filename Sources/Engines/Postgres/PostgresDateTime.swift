import Core

/// Text for PostgreSQL's binary dates, times and intervals, in the hub's formats.
///
/// Dates are `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` (fraction without
/// trailing zeros; `timestamptz` in UTC), times `HH:MM:SS[.ffffff]`; years before 1 end in
/// ` BC` and the infinities are `infinity`/`-infinity`, as PostgreSQL prints them. Stateless.
enum PostgresDateTime {
    /// Days between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
    private static let epochDays: Int64 = 10_957
    private static let microsPerDay: Int64 = 86_400_000_000

    /// A `date`: days since 2000-01-01.
    static func date(days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        let (text, era) = civil(Int64(days) + epochDays)
        return text + era
    }

    /// A `timestamp`/`timestamptz`: microseconds since 2000-01-01 00:00:00 (UTC).
    static func timestamp(micros: Int64) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        let (days, rest) = CivilDate.floorDivide(micros, microsPerDay)
        let (date, era) = civil(days + epochDays)
        return "\(date) \(time(micros: rest))\(era)"
    }

    /// A `time`: microseconds since midnight.
    static func time(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        var text = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        let fraction = micros % 1_000_000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A `timetz` zone: PostgreSQL sends seconds *west* of UTC; printed `+hh[:mm[:ss]]`.
    static func offset(secondsWest: Int32) -> String {
        let east = -Int64(secondsWest)
        let magnitude = east.magnitude
        var text = (east < 0 ? "-" : "+") + two(Int64(magnitude / 3600))
        if magnitude % 3600 != 0 { text += ":" + two(Int64(magnitude / 60 % 60)) }
        if magnitude % 60 != 0 { text += ":" + two(Int64(magnitude % 60)) }
        return text
    }

    /// An `interval` in PostgreSQL's default style: `1 year 2 mons 3 days 04:05:06`.
    static func interval(micros: Int64, days: Int32, months: Int32) -> String {
        var parts: [String] = []
        func add(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            parts.append("\(value) \(unit)\(value == 1 || value == -1 ? "" : "s")")
        }
        add(Int64(months / 12), "year")
        add(Int64(months % 12), "mon")
        add(Int64(days), "day")
        if micros != 0 || parts.isEmpty {
            let sign = micros < 0 ? "-" : (parts.contains { $0.hasPrefix("-") } ? "+" : "")
            parts.append(sign + time(micros: Int64(micros.magnitude)))
        }
        return parts.joined(separator: " ")
    }

    /// `YYYY-MM-DD` for days since 1970-01-01 (proleptic Gregorian, H. Hinnant's
    /// `civil_from_days`), and ` BC` for years before 1.
    private static func civil(_ unixDays: Int64) -> (String, String) {
        let (year, month, day) = CivilDate.fromDays(unixDays)
        // Year 0 is 1 BC.
        let shown = year > 0 ? year : 1 - year
        let digits = String(shown)
        let yearText = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return ("\(yearText)-\(two(month))-\(two(day))", year > 0 ? "" : " BC")
    }

    private static func two(_ value: Int64) -> String {
        value < 10 && value >= 0 ? "0\(value)" : String(value)
    }
}
