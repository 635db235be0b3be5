import Core
import Foundation
import Results

/// Passes rows to the result writer and reports the running count every `interval` seconds.
///
/// Called from the engine's thread only, so its state needs no lock.
final class ProgressSink: RowSink, @unchecked Sendable {
    private let writer: ResultWriter
    private let interval: Double
    private let report: @Sendable (Int) -> Void
    private(set) var columns: [ResultColumn] = []
    private var rowCount = 0
    private var nextReport: Date

    init(writer: ResultWriter, interval: Double, report: @escaping @Sendable (Int) -> Void) {
        self.writer = writer
        self.interval = interval
        self.report = report
        self.nextReport = Date().addingTimeInterval(interval)
    }

    func begin(columns: [ResultColumn]) throws {
        self.columns = columns
        try writer.begin(columns: columns)
    }

    func append(_ row: [Value]) throws {
        try writer.append(row)
        rowCount += 1
        // Looking at the clock costs more than a row; look every 1024 rows.
        if rowCount & 1023 == 0, Date() >= nextReport {
            nextReport = Date().addingTimeInterval(interval)
            report(rowCount)
        }
    }
}
