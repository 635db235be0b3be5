import Core
import Foundation

extension CronExpression {
    /// The first instant strictly after `instant` at which the expression fires in `zone`.
    ///
    /// Wall-clock times are read in `zone` with its daylight-saving rules: a local time that
    /// does not exist (02:30 on a spring-forward day) fires at the first instant after the gap
    /// (03:00 local); a local time that happens twice (fall back) fires once, at its first
    /// occurrence. Whole minutes only. `nil` when nothing matches within 30 years (an
    /// expression such as `0 0 29 2 1` still fires: either day matches). Pure.
    public func nextFire(after instant: Date, in zone: TimeZone) -> Date? {
        let after = instant.timeIntervalSince1970.rounded(.down)
        let localAfter = after + Double(zone.secondsFromGMT(for: instant))
        let firstDay = Int64((localAfter / 86_400).rounded(.down)) - 1
        // Candidates this far before the local "now" cannot land after it, whatever the offsets.
        let floor = localAfter - 6 * 3_600
        for day in firstDay..<(firstDay + 366 * 30) {
            guard matches(day: day) else { continue }
            for hour in 0..<24 where hours & (1 << UInt64(hour)) != 0 {
                for minute in 0..<60 where minutes & (1 << UInt64(minute)) != 0 {
                    let local = Double(day * 86_400 + Int64(hour * 3_600 + minute * 60))
                    guard local >= floor else { continue }
                    let fire = Self.instant(ofLocal: local, in: zone)
                    if fire > after { return Date(timeIntervalSince1970: fire) }
                }
            }
        }
        return nil
    }

    /// Whether the month and day rules match the civil day `day` (days since 1970-01-01).
    func matches(day: Int64) -> Bool {
        let (year, month, dayOfMonth) = CivilDate.fromDays(day)
        guard months & (1 << UInt64(month)) != 0 else { return false }
        let weekday = CivilDate.floorDivide(day + 4, 7).remainder  // 1970-01-01 was a Thursday
        let isLast = dayOfMonth == Self.daysIn(month: month, year: year)
        let byMonth = daysOfMonth & (1 << UInt64(dayOfMonth)) != 0 || (lastDayOfMonth && isLast)
        let byWeek = daysOfWeek & (1 << UInt64(weekday)) != 0
        if eitherDayMatches { return byMonth || byWeek }
        return byMonth && byWeek
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The instant (seconds since 1970) of the wall-clock time `local` (seconds since
    /// 1970-01-01 00:00 on the wall) in `zone`: its first occurrence when it happens twice,
    /// the end of the gap when the clocks skipped it.
    static func instant(ofLocal local: Double, in zone: TimeZone) -> Double {
        let offsets = Set([-86_400.0, 0, 86_400].map { shift in
            Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + shift)))
        })
        let valid = offsets.map { local - $0 }.filter { candidate in
            Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: candidate))) == local - candidate
        }
        if let first = valid.min() { return first }
        // A gap: the transition lies between the two readings; find its second.
        let candidates = offsets.map { local - $0 }
        var low = candidates.min() ?? local
        var high = candidates.max() ?? local
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: low))
        while high - low > 1 {
            let middle = ((low + high) / 2).rounded(.down)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: middle)) == before { low = middle } else { high = middle }
        }
        return high
    }
}
