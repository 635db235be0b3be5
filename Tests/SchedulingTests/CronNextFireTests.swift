import Foundation
import Scheduling
import Testing

/// Next fires of cron expressions in IANA zones: DST gaps fire at the end of the gap, repeated
/// local times fire once at their first occurrence, month ends, `L`, leap days, either-day
/// matching, steps and names.
@Suite struct CronNextFireTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let cron: String
        let zone: String
        let after: String
        let expected: String
        let why: String
        var testDescription: String { "\(cron) in \(zone) after \(after): \(why)" }
    }

    static let cases: [Case] = [
        // Europe/Berlin: spring forward 2026-03-29 02:00 CET → 03:00 CEST; fall back 2026-10-25 03:00 CEST → 02:00 CET.
        Case(cron: "30 2 * * *", zone: "Europe/Berlin", after: "2026-03-28T12:00:00Z", expected: "2026-03-29T01:00:00Z",
             why: "02:30 is skipped: fires at 03:00 CEST"),
        Case(cron: "30 2 * * *", zone: "Europe/Berlin", after: "2026-03-29T01:00:00Z", expected: "2026-03-30T00:30:00Z",
             why: "the day after the gap: 02:30 CEST"),
        Case(cron: "0 3 * * *", zone: "Europe/Berlin", after: "2026-03-28T12:00:00Z", expected: "2026-03-29T01:00:00Z",
             why: "03:00 right after the gap"),
        Case(cron: "30 2 * * *", zone: "Europe/Berlin", after: "2026-10-24T12:00:00Z", expected: "2026-10-25T00:30:00Z",
             why: "02:30 happens twice: its first occurrence (CEST)"),
        Case(cron: "30 2 * * *", zone: "Europe/Berlin", after: "2026-10-25T00:30:00Z", expected: "2026-10-26T01:30:00Z",
             why: "not again at the second 02:30 (CET)"),
        Case(cron: "*/30 * * * *", zone: "Europe/Berlin", after: "2026-10-25T00:45:00Z", expected: "2026-10-25T02:00:00Z",
             why: "the repeated hour's times already fired: next is 03:00 CET"),
        Case(cron: "0 12 * * *", zone: "Europe/Berlin", after: "2026-07-01T00:00:00Z", expected: "2026-07-01T10:00:00Z",
             why: "summer noon is 10:00 UTC"),
        Case(cron: "0 12 * * *", zone: "Europe/Berlin", after: "2026-12-01T00:00:00Z", expected: "2026-12-01T11:00:00Z",
             why: "winter noon is 11:00 UTC"),
        // America/New_York: spring forward 2026-03-08 02:00 EST → 03:00 EDT; fall back 2026-11-01 02:00 EDT → 01:00 EST.
        Case(cron: "0 * * * *", zone: "America/New_York", after: "2026-03-08T06:30:00Z", expected: "2026-03-08T07:00:00Z",
             why: "02:00 is skipped: 03:00 EDT"),
        Case(cron: "0 * * * *", zone: "America/New_York", after: "2026-03-08T07:00:00Z", expected: "2026-03-08T08:00:00Z",
             why: "then 04:00 EDT"),
        Case(cron: "15 2 * * *", zone: "America/New_York", after: "2026-03-07T12:00:00Z", expected: "2026-03-08T07:00:00Z",
             why: "02:15 is skipped: 03:00 EDT"),
        Case(cron: "30 1 * * *", zone: "America/New_York", after: "2026-10-31T12:00:00Z", expected: "2026-11-01T05:30:00Z",
             why: "01:30 happens twice: first (EDT)"),
        Case(cron: "30 1 * * *", zone: "America/New_York", after: "2026-11-01T05:30:00Z", expected: "2026-11-02T06:30:00Z",
             why: "not at the second 01:30 (EST)"),
        Case(cron: "0 * * * *", zone: "America/New_York", after: "2026-11-01T05:00:00Z", expected: "2026-11-01T07:00:00Z",
             why: "01:00 EST is a repeat: next is 02:00 EST"),
        // Australia/Sydney: fall back 2026-04-05 03:00 AEDT → 02:00 AEST; spring forward 2026-10-04 02:00 → 03:00.
        Case(cron: "30 2 * * *", zone: "Australia/Sydney", after: "2026-04-04T00:00:00Z", expected: "2026-04-04T15:30:00Z",
             why: "southern fall back: first 02:30 (AEDT)"),
        Case(cron: "30 2 * * *", zone: "Australia/Sydney", after: "2026-04-04T15:30:00Z", expected: "2026-04-05T16:30:00Z",
             why: "then the next day's 02:30 AEST"),
        Case(cron: "30 2 * * *", zone: "Australia/Sydney", after: "2026-10-03T00:00:00Z", expected: "2026-10-03T16:00:00Z",
             why: "southern spring forward: 03:00 AEDT"),
        // Asia/Kolkata: UTC+05:30, no DST.
        Case(cron: "0 9 * * *", zone: "Asia/Kolkata", after: "2026-01-01T00:00:00Z", expected: "2026-01-01T03:30:00Z",
             why: "half-hour offset"),
        Case(cron: "0,45 * * * *", zone: "Asia/Kolkata", after: "2026-01-01T03:31:00Z", expected: "2026-01-01T04:15:00Z",
             why: "09:45 IST"),
        Case(cron: "0 0 * * *", zone: "Asia/Kolkata", after: "2026-01-01T18:29:00Z", expected: "2026-01-01T18:30:00Z",
             why: "local midnight is 18:30 UTC the day before"),
        // Month ends, L, leap days.
        Case(cron: "0 0 31 * *", zone: "UTC", after: "2026-04-01T00:00:00Z", expected: "2026-05-31T00:00:00Z",
             why: "April has no 31st"),
        Case(cron: "0 0 L * *", zone: "UTC", after: "2026-02-01T00:00:00Z", expected: "2026-02-28T00:00:00Z",
             why: "last day of February, non-leap"),
        Case(cron: "0 0 L * *", zone: "UTC", after: "2028-02-01T00:00:00Z", expected: "2028-02-29T00:00:00Z",
             why: "last day of February, leap year"),
        Case(cron: "0 0 L * *", zone: "UTC", after: "2026-04-30T00:00:00Z", expected: "2026-05-31T00:00:00Z",
             why: "from one month end to the next"),
        Case(cron: "0 6 15,L * *", zone: "UTC", after: "2026-06-16T00:00:00Z", expected: "2026-06-30T06:00:00Z",
             why: "L in a list"),
        Case(cron: "0 12 29 2 *", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: "2028-02-29T12:00:00Z",
             why: "next Feb 29"),
        Case(cron: "0 12 29 2 *", zone: "UTC", after: "2096-03-01T00:00:00Z", expected: "2104-02-29T12:00:00Z",
             why: "2100 is not a leap year"),
        Case(cron: "0 0 L 2 *", zone: "Europe/Berlin", after: "2027-01-01T00:00:00Z", expected: "2027-02-27T23:00:00Z",
             why: "Feb 28 2027 midnight in Berlin"),
        // Day-of-month OR day-of-week (both restricted); AND when one starts with *.
        Case(cron: "0 0 13 * FRI", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: "2026-01-02T00:00:00Z",
             why: "a Friday matches on its own"),
        Case(cron: "0 0 13 * FRI", zone: "UTC", after: "2026-01-10T00:00:00Z", expected: "2026-01-13T00:00:00Z",
             why: "the 13th (a Tuesday) matches on its own"),
        Case(cron: "0 0 */10 * MON", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: "2026-05-11T00:00:00Z",
             why: "day-of-month starting with * : both must match"),
        Case(cron: "0 0 * * 1-5", zone: "UTC", after: "2026-01-02T12:00:00Z", expected: "2026-01-05T00:00:00Z",
             why: "weekdays skip the weekend"),
        Case(cron: "0 0 * * 7", zone: "UTC", after: "2026-01-01T00:00:00Z", expected: "2026-01-04T00:00:00Z",
             why: "7 is Sunday"),
        Case(cron: "0 0 * * 5-7", zone: "UTC", after: "2026-01-02T12:00:00Z", expected: "2026-01-03T00:00:00Z",
             why: "a range up to 7"),
        // Steps and names.
        Case(cron: "5/15 * * * *", zone: "UTC", after: "2026-01-01T10:21:00Z", expected: "2026-01-01T10:35:00Z",
             why: "5/15 is 5,20,35,50"),
        Case(cron: "10-30/10 8 * * *", zone: "UTC", after: "2026-01-01T08:30:00Z", expected: "2026-01-02T08:10:00Z",
             why: "a stepped range"),
        Case(cron: "*/15 * * * *", zone: "UTC", after: "2026-01-01T10:14:59Z", expected: "2026-01-01T10:15:00Z",
             why: "strictly after, to the minute"),
        Case(cron: "*/15 * * * *", zone: "UTC", after: "2026-01-01T10:15:00Z", expected: "2026-01-01T10:30:00Z",
             why: "an instant on a fire is not its own next"),
        Case(cron: "0 9 * jan,Jul mon-fri", zone: "UTC", after: "2026-01-30T12:00:00Z", expected: "2026-07-01T09:00:00Z",
             why: "names in any case"),
        Case(cron: "0 0 1 * *", zone: "UTC", after: "2026-12-15T00:00:00Z", expected: "2027-01-01T00:00:00Z",
             why: "across the year"),
        Case(cron: "@daily", zone: "America/New_York", after: "2026-01-01T00:00:00Z", expected: "2026-01-01T05:00:00Z",
             why: "a shorthand"),
        Case(cron: "@yearly", zone: "UTC", after: "2026-06-01T00:00:00Z", expected: "2027-01-01T00:00:00Z",
             why: "@yearly"),
    ]

    @Test(arguments: cases)
    func nextFire(_ example: Case) throws {
        let cron = try CronExpression(example.cron)
        let zone = try ScheduleTimeZone.zone(named: example.zone)
        let after = try Date(example.after, strategy: .iso8601)
        let next = cron.nextFire(after: after, in: zone)
        #expect(next == (try Date(example.expected, strategy: .iso8601)), "\(example.why)")
    }

    @Test func everyMinuteAcrossAGapIsMonotonic() throws {
        let cron = try CronExpression("* * * * *")
        let zone = try ScheduleTimeZone.zone(named: "Europe/Berlin")
        var instant = try Date("2026-03-29T00:55:00Z", strategy: .iso8601)
        var fires: [Date] = []
        for _ in 0..<10 {
            guard let next = cron.nextFire(after: instant, in: zone) else { break }
            fires.append(next)
            instant = next
        }
        // 01:56 … 01:59 CET, then 03:00 CEST (01:00Z) and on, one minute apart.
        let expected = (0..<10).map { Date(timeIntervalSince1970: try! Date("2026-03-29T00:56:00Z", strategy: .iso8601).timeIntervalSince1970 + Double($0 * 60)) }
        #expect(fires == expected)
    }
}
