import Core
import Foundation
import Synchronization
import Testing

@testable import Results

/// External sort, caching and concurrent requests of views, on real files.
@Suite("Views: external sort and cache")
struct ViewBuildTests {
    static let columns = [
        ResultColumn(name: "id", type: .integer),
        ResultColumn(name: "group", type: .text),
        ResultColumn(name: "score", type: .real),
    ]

    /// Deterministic rows with many duplicates and some nulls, so stability matters.
    static func row(_ index: Int) -> [Value] {
        let mixed = (index &* 2_654_435_761) % 1_000
        return [
            .integer(Int64(index)),
            mixed % 13 == 0 ? .null : .text("g\(mixed % 37)"),
            mixed % 11 == 0 ? .null : .real(Double(mixed % 50) / 4),
        ]
    }

    /// The reference: Swift's sort of (key, position) pairs, which is stable by construction.
    static func stableSorted(_ rows: [[Value]], column: Int, descending: Bool) -> [[Value]] {
        rows.enumerated().sorted { left, right in
            let order = ValueOrder.compare(left.element[column], right.element[column])
            if order != 0 { return descending ? order > 0 : order < 0 }
            return left.offset < right.offset
        }.map(\.element)
    }

    @Test(arguments: [(1, false), (2, true)])
    func tinyRunsStillGiveTheStableOrder(column: Int, descending: Bool) throws {
        try withTemporaryDirectory { directory in
            let rows = (0..<20_000).map(Self.row)
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: Self.columns, rows: rows, batchRows: 700)
            let source = try ResultReader(file: file)
            let view = directory.appendingPathComponent("0.view-test.qbr")
            // 97-row runs: 207 runs, merged in rounds of 8, read 16 rows at a time.
            let settings = ResultViewSettings(runRows: 97, mergeFanIn: 8, runBatchRows: 16)
            try ResultViews.materialize(
                source: source, spec: ResultViewSpec(sort: .init(column: column, descending: descending)), into: view,
                settings: settings)
            let sorted = try ResultReader(file: view)
            #expect(sorted.columns == Self.columns)
            #expect(sorted.totalRows == rows.count)
            let expected = Self.stableSorted(rows, column: column, descending: descending)
            #expect(try sorted.rows(offset: 0, limit: rows.count) == expected)
            // Only the source and the view remain: every run file was removed.
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(names == ["0.qbr", "0.view-test.qbr"])
        }
    }

    @Test func byteBoundCutsRunsToo() throws {
        try withTemporaryDirectory { directory in
            let rows = (0..<3_000).map { index in
                [Value.integer(Int64(index)), .text(String(repeating: "x", count: 100 + index % 17)), .real(Double(index % 5))]
            }
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: Self.columns, rows: rows)
            let source = try ResultReader(file: file)
            let sorter = ExternalSorter(
                sort: .init(column: 2), columns: Self.columns, settings: ResultViewSettings(runBytes: 64 << 10),
                runPrefix: directory.appendingPathComponent("bytes").path)
            try source.forEachBatch { batch in try batch.forEach(sorter.append) }
            let output = try ResultWriter(file: directory.appendingPathComponent("out.qbr"))
            try output.begin(columns: Self.columns)
            try sorter.finish(into: output)
            try output.finish()
            #expect(sorter.runCount > 5)
            let sorted = try ResultReader(file: output.file).rows(offset: 0, limit: 3_000)
            #expect(sorted == Self.stableSorted(rows, column: 2, descending: false))
        }
    }

    @Test func filterOnlyViewAndEmptyView() async throws {
        try await withTemporaryDirectory { directory in
            let rows = (0..<5_000).map(Self.row)
            let file = directory.appendingPathComponent("3.qbr")
            try writeResult(file, columns: Self.columns, rows: rows)
            let source = try ResultReader(file: file)
            let spec = ResultViewSpec(filters: [.init(column: 1, op: .eq, value: "g5")])
            let view = try await ResultViews.reader(source: source, spec: spec)
            #expect(view.file.lastPathComponent == "3.view-\(spec.key).qbr")
            #expect(try view.rows(offset: 0, limit: 5_000) == rows.filter { $0[1] == .text("g5") })
            let none = try await ResultViews.reader(
                source: source, spec: ResultViewSpec(sort: .init(column: 0), filters: [.init(column: 0, op: .lt, value: "-1")]))
            #expect(none.totalRows == 0)
            #expect(none.columns == Self.columns)
            #expect(try await ResultViews.reader(source: source, spec: ResultViewSpec()) === source)
        }
    }

    @Test func aBuiltViewIsReusedUntilTheResultChanges() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: Self.columns, rows: (0..<1_000).map(Self.row))
            let spec = ResultViewSpec(sort: .init(column: 2, descending: true))
            let first = try await ResultViews.reader(source: try ResultReader(file: file), spec: spec)
            let built = try modified(first.file)
            let again = try await ResultViews.reader(source: try ResultReader(file: file), spec: spec.normalized)
            #expect(again.file == first.file)
            #expect(try modified(again.file) == built, "the cached view was not rewritten")

            // A newer result at the same place makes the view stale.
            try await Task.sleep(for: .milliseconds(20))
            try writeResult(file, columns: Self.columns, rows: (0..<10).map(Self.row))
            let rebuilt = try await ResultViews.reader(source: try ResultReader(file: file), spec: spec)
            #expect(rebuilt.totalRows == 10)
            #expect(try modified(rebuilt.file) > built)
        }
    }

    @Test func concurrentIdenticalRequestsShareOneBuild() async throws {
        try await withTemporaryDirectory { directory in
            let rows = (0..<60_000).map(Self.row)
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: Self.columns, rows: rows)
            let source = try ResultReader(file: file)
            let spec = ResultViewSpec(sort: .init(column: 1), filters: [.init(column: 2, op: .notnull)])
            let settings = ResultViewSettings(runRows: 5_000)
            let expected = Self.stableSorted(rows.filter { $0[2] != .null }, column: 1, descending: false)
            let views = try await withThrowingTaskGroup(of: ResultReader.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await ResultViews.reader(source: source, spec: spec, settings: settings) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(views.count == 8)
            for view in views {
                #expect(try view.rows(offset: 0, limit: rows.count) == expected)
            }
            let inProgress = await FileBuilds.shared.inProgress
            #expect(inProgress == 0)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(names == ["0.qbr", "0.view-\(spec.key).qbr"])
        }
    }

    @Test func oneBuildPerFileWhileOthersWait() async throws {
        try await withTemporaryDirectory { directory in
            let builds = FileBuilds()
            let file = directory.appendingPathComponent("x.qbr")
            let counter = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await builds.build(file, isFresh: { FileManager.default.fileExists(atPath: file.path) }) {
                            counter.increment()
                            Thread.sleep(forTimeInterval: 0.2)
                            try Data("done".utf8).write(to: file)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let runs = counter.value
            #expect(runs == 1)
            #expect(try String(contentsOf: file, encoding: .utf8) == "done")
        }
    }

    func modified(_ file: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
    }
}

/// A thread-safe count of calls.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
