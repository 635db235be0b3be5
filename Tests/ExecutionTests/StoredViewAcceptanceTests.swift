import Core
import Engines
import Foundation
import Results
import Testing
import TestSupport

/// Issue 5's acceptance: sort and filter of a 1M-row stored result return the same rows as
/// the engine's ORDER BY / WHERE on the same data.
@Suite("Stored views equal the engine's ORDER BY and WHERE")
struct StoredViewAcceptanceTests {
    struct Case {
        let spec: ResultViewSpec
        /// `WHERE …` and/or `ORDER BY …` giving the same rows; ties broken by `id` (the rowid).
        let sql: String
    }

    // events: id, user_id, pin_id, kind, created_at, duration_ms, device, country
    static let cases: [Case] = [
        Case(spec: .init(sort: .init(column: 3)), sql: "ORDER BY kind, id"),
        // Debug builds sort about 40k rows a second, so the second sort works on a subset.
        Case(
            spec: .init(sort: .init(column: 5, descending: true), filters: [.init(column: 6, op: .eq, value: "ios")]),
            sql: "WHERE device = 'ios' ORDER BY duration_ms DESC, id"),
        Case(spec: .init(filters: [.init(column: 3, op: .eq, value: "save")]), sql: "WHERE kind = 'save' ORDER BY id"),
        Case(
            spec: .init(filters: [.init(column: 4, op: .startswith, value: "2026-03"), .init(column: 5, op: .ge, value: "5000")]),
            sql: "WHERE created_at LIKE '2026-03%' AND duration_ms >= 5000 ORDER BY id"),
        Case(
            spec: .init(
                sort: .init(column: 6, descending: true),
                filters: [.init(column: 7, op: .contains, value: "e"), .init(column: 3, op: .ne, value: "view")]),
            sql: "WHERE country LIKE '%e%' AND kind <> 'view' ORDER BY device DESC, id"),
    ]

    @Test func millionRowViewsMatchTheEngine() async throws {
        let started = ContinuousClock.now
        defer { print("acceptance: test took \(ContinuousClock.now - started)") }
        try await withTemporaryDirectory { directory in
            let database = directory.appending(path: "demo.sqlite")
            var clock = ContinuousClock.now
            try await onThread { try DemoDatabase.create(at: database, eventRows: 1_000_000) }
            let engine = SQLiteEngine(path: database.path)
            print("acceptance: demo database built in \(ContinuousClock.now - clock)")

            clock = .now
            let results = ResultStore(root: directory.appending(path: "results"))
            let execution = ExecutionID(rawValue: 1)
            let writer = try results.writer(execution: execution, statement: 0)
            _ = try await engine.execute("SELECT * FROM events", limits: Self.limits, cancellation: QueryCancellation(), sink: writer)
            try writer.finish()
            let source = try results.reader(execution: execution, statement: 0)
            #expect(source.totalRows == 1_000_000)
            print("acceptance: 1,000,000 rows stored in \(ContinuousClock.now - clock)")

            var views: [ResultReader] = []
            for test in Self.cases {
                clock = .now
                let view = try await ResultViews.reader(source: source, spec: test.spec)
                print("acceptance: view \(test.spec.canonicalText) of \(view.totalRows) rows built in \(ContinuousClock.now - clock)")
                views.append(view)
            }

            for (index, test) in Self.cases.enumerated() {
                let view = views[index]
                let expected = try await ids(engine, "SELECT id FROM events \(test.sql)")
                #expect(view.totalRows == expected.count, "\(test.sql)")
                #expect(try ids(of: view) == expected, "\(test.sql)")
                let first = try await rows(engine, "SELECT * FROM events \(test.sql) LIMIT 50")
                #expect(try view.rows(offset: 0, limit: 50) == first, "\(test.sql)")
                // The last page in full: ids are 1…N in the stored order, so row `id` is at offset id - 1.
                let lastOffset = max(0, expected.count - 50)
                let last = try expected[lastOffset...].flatMap { try source.rows(offset: Int($0) - 1, limit: 1) }
                #expect(try view.rows(offset: lastOffset, limit: 50) == last, "\(test.sql)")
                // Cached: asking again opens the same file without building.
                clock = .now
                let again = try await ResultViews.reader(source: source, spec: test.spec)
                #expect(again.file == view.file)
                #expect(ContinuousClock.now - clock < .seconds(1))
            }
            print("acceptance: peak memory \(Self.peakMemory())")
        }
    }

    static let limits = QueryLimits(timeout: 600, maxRows: 2_000_000)

    func ids(_ engine: SQLiteEngine, _ sql: String) async throws -> [Int64] {
        let sink = IDSink()
        _ = try await engine.execute(sql, limits: Self.limits, cancellation: QueryCancellation(), sink: sink)
        return sink.ids
    }

    func rows(_ engine: SQLiteEngine, _ sql: String) async throws -> [[Value]] {
        let sink = RowCollector()
        _ = try await engine.execute(sql, limits: Self.limits, cancellation: QueryCancellation(), sink: sink)
        return sink.rows
    }

    func ids(of view: ResultReader) throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(view.totalRows)
        try view.forEachBatch { batch in
            for row in batch {
                if case .integer(let id) = row[0] { ids.append(id) } else { ids.append(-1) }
            }
        }
        return ids
    }

    /// `VmHWM` (peak resident memory) of this process from /proc/self/status.
    static func peakMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map(String.init) ?? "unknown"
    }
}

/// Keeps only the first column (an integer id) of each row.
final class IDSink: RowSink, @unchecked Sendable {
    private(set) var ids: [Int64] = []
    func begin(columns: [ResultColumn]) throws { ids.reserveCapacity(1 << 20) }
    func append(_ row: [Value]) throws {
        if case .integer(let id) = row[0] { ids.append(id) } else { ids.append(-1) }
    }
}

/// Keeps every row (for small results).
final class RowCollector: RowSink, @unchecked Sendable {
    private(set) var rows: [[Value]] = []
    func begin(columns: [ResultColumn]) throws {}
    func append(_ row: [Value]) throws { rows.append(row) }
}

/// Runs blocking work on a thread of its own, off Swift's cooperative pool.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
