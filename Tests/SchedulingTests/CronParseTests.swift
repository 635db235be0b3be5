import Foundation
import Scheduling
import Testing

/// Invalid cron expressions and time zones, and the message each gets.
@Suite struct CronParseTests {
    static let invalid: [(String, String)] = [
        ("", "The cron expression is empty."),
        ("* * * *", "A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has 4."),
        ("* * * * * *", "A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has 6."),
        ("0 24 * * *", "Field 2 (hour): 24 is out of range 0–23."),
        ("60 * * * *", "Field 1 (minute): 60 is out of range 0–59."),
        ("0 0 0 * *", "Field 3 (day-of-month): 0 is out of range 1–31."),
        ("0 0 32 * *", "Field 3 (day-of-month): 32 is out of range 1–31."),
        ("0 0 * 13 *", "Field 4 (month): 13 is out of range 1–12."),
        ("0 0 * 0 *", "Field 4 (month): 0 is out of range 1–12."),
        ("0 0 * * 8", "Field 5 (day-of-week): 8 is out of range 0–7."),
        ("0 0 * FOO *", "Field 4 (month): 'FOO' is not a number or a month name (JAN–DEC)."),
        ("0 0 * * FUN", "Field 5 (day-of-week): 'FUN' is not a number or a day name (SUN–SAT)."),
        ("x * * * *", "Field 1 (minute): 'x' is not a number."),
        ("*/0 * * * *", "Field 1 (minute): the step in '*/0' must be at least 1."),
        ("*/x * * * *", "Field 1 (minute): the step 'x' in '*/x' is not a number."),
        ("1/2/3 * * * *", "Field 1 (minute): '1/2/3' has more than one '/'."),
        ("5-2 * * * *", "Field 1 (minute): the range 5-2 goes backwards (5 > 2)."),
        ("0 0 1,,2 * *", "Field 3 (day-of-month): '1,,2' has an empty list element."),
        ("0 0 * * L", "Field 5 (day-of-week): L (last day of the month) is allowed only in day-of-month."),
        ("0 L * * *", "Field 2 (hour): L (last day of the month) is allowed only in day-of-month."),
        ("0 0 30 2 *", "Field 3 (day-of-month): 30 never falls in the months chosen, so it would never run."),
        ("0 0 31 4,6 *", "Field 3 (day-of-month): 31 never falls in the months chosen, so it would never run."),
        ("0 0 1- * *", "Field 3 (day-of-month): a range is missing a number."),
        ("@often", "'@often' is not a cron shorthand (use @hourly, @daily, @weekly, @monthly or @yearly)."),
    ]

    @Test(arguments: invalid)
    func refused(_ text: String, _ message: String) {
        #expect(throws: CronError.invalidExpression(message)) { try CronExpression(text) }
    }

    @Test(arguments: ["0 0 30 2 1", "0 0 L 2 *", "0 0 29 2 *", "  0 9 * * 1-5  ", "0\t9 * * *"])
    func accepted(_ text: String) throws {
        _ = try CronExpression(text)
    }

    @Test(arguments: ["Mars/Olympus", "CET", "EST", "GMT+2", "", "europe/berlin", "Europe/Berlin "])
    func unknownZones(_ name: String) {
        #expect(throws: CronError.self) { try ScheduleTimeZone.zone(named: name) }
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Australia/Lord_Howe"])
    func knownZones(_ name: String) throws {
        let zone = try ScheduleTimeZone.zone(named: name)
        #expect(name == "UTC" ? zone.secondsFromGMT() == 0 : zone.identifier == name)
    }

    @Test func zoneMessage() {
        #expect(throws: CronError.invalidTimeZone("'Mars/Olympus' is not an IANA time zone name (such as Europe/Berlin or UTC).")) {
            try ScheduleTimeZone.zone(named: "Mars/Olympus")
        }
    }
}
