import Core
import Foundation
import Scheduling
import Store

/// Fire times of stored schedules, from their cron and time zone (the Scheduling module).
public enum ScheduleTimes {
    /// The first fire of `cron` in `timezone` strictly after `instant`; `nil` when either does
    /// not parse (saved schedules were checked) or nothing matches.
    public static func next(cron: String, timezone: String, after instant: Date) -> Date? {
        guard let expression = try? CronExpression(cron), let zone = try? ScheduleTimeZone.zone(named: timezone) else {
            return nil
        }
        return expression.nextFire(after: instant, in: zone)
    }

    /// The latest fire in `from...until`, or `from` when none is later: a catch-up run's
    /// slot. Looks in the last hour before `until` first, then the last day, month, year and
    /// nine years, so an every-minute schedule down for weeks costs a few dozen steps.
    public static func latestSlot(cron: String, timezone: String, from: Date, until: Date) -> Date {
        guard let expression = try? CronExpression(cron), let zone = try? ScheduleTimeZone.zone(named: timezone), from < until
        else { return from }
        let windows: [Double] = [3_600, 86_400, 32 * 86_400, 367 * 86_400, 9 * 366 * 86_400]
        for window in windows {
            let start = until.addingTimeInterval(-window)
            guard start > from else { break }
            guard let first = expression.nextFire(after: start, in: zone), first <= until else { continue }
            return walk(expression, zone, from: first, until: until)
        }
        return walk(expression, zone, from: from, until: until)
    }

    /// The last fire after `from` up to `until`, one fire at a time (at most 100,000).
    private static func walk(_ expression: CronExpression, _ zone: TimeZone, from: Date, until: Date) -> Date {
        var slot = from
        for _ in 0..<100_000 {
            guard let next = expression.nextFire(after: slot, in: zone), next <= until else { break }
            slot = next
        }
        return slot
    }

    /// The store's view of both, for claiming fires.
    public static let fireTimes = FireTimes(
        next: { schedule, after in next(cron: schedule.cron, timezone: schedule.timezone, after: after) },
        latestSlot: { schedule, from, until in latestSlot(cron: schedule.cron, timezone: schedule.timezone, from: from, until: until) })
}
