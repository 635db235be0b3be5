import Core
import Foundation
import Results
import Store

/// Writes a finished scheduled run's exports: each chosen cell's final statement result, as
/// CSV or XLSX with `Results`' exporters, to
/// `<root>/doc-<id>/<cell-id>-<yyyyMMdd-HHmmss>.<ext>` (the run's slot in the schedule's time
/// zone; `-2`, `-3`… when that name is taken). Each file is written beside its final name and
/// renamed into place, so a reader never sees half a file.
struct ScheduleExporter: Sendable {
    let store: HubStore
    let results: ResultStore
    let root: URL

    /// One outcome per export, in order; a cell that did not finish, or a file that could not
    /// be written, is an outcome with an error (never thrown).
    func write(_ exports: [ScheduleExport], run: ScheduleRun, zone: String) async -> [ScheduleExportOutcome] {
        var outcomes: [ScheduleExportOutcome] = []
        for export in exports {
            let outcome: ScheduleExportOutcome
            do {
                outcome = try await write(export, run: run, zone: zone)
            } catch {
                outcome = ScheduleExportOutcome(
                    cellID: export.cellID, format: export.format, path: nil, error: "The file could not be written: \(error)")
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func write(_ export: ScheduleExport, run: ScheduleRun, zone: String) async throws -> ScheduleExportOutcome {
        func refused(_ message: String) -> ScheduleExportOutcome {
            ScheduleExportOutcome(cellID: export.cellID, format: export.format, path: nil, error: message)
        }
        guard let cell = run.cells.first(where: { $0.cellID == export.cellID }) else {
            return refused("The cell is no longer a query cell of this doc.")
        }
        guard cell.status == "done", let execution = cell.executionID else {
            return refused("The cell did not finish in this run, so it has no result to export.")
        }
        guard let format = ExportFormat(rawValue: export.format.rawValue) else { return refused("Unknown format.") }
        let statement = try await store.executionWithStatements(execution).1.map(\.index).max() ?? 0
        let reader = try results.reader(execution: execution, statement: statement)
        let plan = try ResultExport(source: reader, format: format, date: run.finishedAt ?? run.scheduledFor)
        let folder = "doc-\(run.docID)"
        let directory = root.appending(path: folder, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stem = "\(export.cellID)-\(Self.stamp(run.scheduledFor, zone: zone))"
        var name = "\(stem).\(format.fileExtension)"
        var counter = 2
        while FileManager.default.fileExists(atPath: directory.appending(path: name).path) {
            name = "\(stem)-\(counter).\(format.fileExtension)"
            counter += 1
        }
        let partial = directory.appending(path: ".\(name).partial")
        _ = FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        do {
            let stream = try plan.makeStream()
            while let chunk = try stream.next() { try handle.write(contentsOf: chunk) }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        try FileManager.default.moveItem(at: partial, to: directory.appending(path: name))
        return ScheduleExportOutcome(cellID: export.cellID, format: export.format, path: "\(folder)/\(name)", error: nil)
    }

    /// `yyyyMMdd-HHmmss` of `date` in the zone named `zone` (UTC when unknown).
    static func stamp(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + "-" + two(c.hour) + two(c.minute) + two(c.second)
    }
}
