import Core
import Foundation

/// A failed run's notice, and a successful one, as the scheduler would make them.
enum Notices {
    static let started = Date(timeIntervalSince1970: 1_800_000_000)

    static func failed(title: String = "Daily revenue") -> ScheduleNotice {
        ScheduleNotice(
            doc: DocID(42), docTitle: title, runID: 7, succeeded: false, trigger: "schedule",
            scheduledFor: started, startedAt: started, finishedAt: started.addingTimeInterval(12), cellCount: 3, attempts: 3,
            failedCell: .init(cell: CellID(9), title: "Revenue by day", error: "no such table: revenue_daily", execution: ExecutionID(88)))
    }

    static func succeeded() -> ScheduleNotice {
        ScheduleNotice(
            doc: DocID(42), docTitle: "Daily revenue", runID: 8, succeeded: true, trigger: "manual",
            scheduledFor: started, startedAt: started, finishedAt: started.addingTimeInterval(4), cellCount: 3, attempts: 1,
            failedCell: nil)
    }
}
