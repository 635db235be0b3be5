import Core
import Foundation
import Results
import Synchronization
import Testing
import TestSupport

@testable import Execution

/// What engines report through `RowSink.report` becomes progress and log events of the run.
@Suite struct ProgressSinkTests {
    /// The events a sink emitted, in order.
    final class Recorder: Sendable {
        let events = Mutex<[SinkEvent]>([])
        var logLines: [String] {
            events.withLock { $0.compactMap { if case .log(let line) = $0 { line } else { nil } } }
        }
        var progress: [(Int, EngineProgress?)] {
            events.withLock {
                $0.compactMap { if case .progress(let rows, let engine) = $0 { (rows, engine) } else { nil } }
            }
        }
    }

    private func withSink(interval: Double, _ body: (ProgressSink, Recorder) throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let writer = try ResultWriter(file: dir.appending(path: "0.qbr"))
            let recorder = Recorder()
            let sink = ProgressSink(writer: writer, interval: interval) { event in
                recorder.events.withLock { $0.append(event) }
            }
            try body(sink, recorder)
            writer.discard()
        }
    }

    @Test func logLinesPassOnAtOnceInOrderUpToTheLimit() async throws {
        try await withSink(interval: 3600) { sink, recorder in
            for n in 0..<(RunLogEntry.limit + 50) {
                sink.report(EngineProgress(message: "line \(n)"))
            }
            sink.report(EngineProgress(message: ""))
            #expect(recorder.logLines == (0..<RunLogEntry.limit).map { "line \($0)" })
            #expect(recorder.progress.isEmpty, "no figures were reported, so no progress event")
        }
    }

    @Test func engineFiguresMergeAndClampAndWaitForTheInterval() async throws {
        try await withSink(interval: 0) { sink, recorder in
            try sink.begin(columns: [ResultColumn(name: "n", type: .integer)])
            sink.report(EngineProgress(percent: 12.5, rowsRead: 1_000))
            sink.report(EngineProgress(bytesRead: 4_096))
            sink.report(EngineProgress(percent: 180))
            let figures = recorder.progress.map(\.1)
            #expect(figures.count == 3)
            #expect(figures.last == EngineProgress(percent: 100, rowsRead: 1_000, bytesRead: 4_096))
            #expect(figures.first == EngineProgress(percent: 12.5, rowsRead: 1_000))
        }
        try await withSink(interval: 3600) { sink, recorder in
            sink.report(EngineProgress(percent: 50))
            #expect(recorder.progress.isEmpty, "within the interval nothing is emitted")
        }
    }

    @Test func rowCountsAndEngineFiguresTravelTogether() async throws {
        try await withSink(interval: 0) { sink, recorder in
            try sink.begin(columns: [ResultColumn(name: "n", type: .integer)])
            sink.report(EngineProgress(rowsRead: 77))
            for n in 0..<2048 { try sink.append([.integer(Int64(n))]) }
            let last = try #require(recorder.progress.last)
            #expect(last.0 == 2048)
            #expect(last.1 == EngineProgress(rowsRead: 77))
        }
    }
}
