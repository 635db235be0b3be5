import Core
import Engines
import Foundation
import Results
import Testing
import TestSupport

// Column indexes in `SELECT * FROM t` of ``ChartAggregationTests/table``.
private let (id, category, device, amount, price, createdAt, mixed, epoch) = (0, 1, 2, 3, 4, 5, 6, 7)

/// Issue 6's acceptance: every chart aggregation and pivot over a stored result equals the
/// same computation done in SQL by the engine on the same rows.
@Suite("Chart aggregation equals the engine's GROUP BY")
struct ChartAggregationTests {
    /// 24,000 rows: id, category (skewed, with NULLs), device, amount (with NULLs), price,
    /// created_at (ISO text over ~ 14 months), mixed (numbers as text and words), epoch
    /// (seconds, some before 2025).
    static let table = """
        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 24000),
        t AS (SELECT n AS id,
          CASE WHEN n % 20 < 8 THEN 'alpha' WHEN n % 20 < 13 THEN 'beta' WHEN n % 20 < 16 THEN 'gamma'
               WHEN n % 20 < 18 THEN 'delta' WHEN n % 20 = 18 THEN 'epsilon' ELSE NULL END AS category,
          CASE (n * 7) % 5 WHEN 0 THEN 'web' WHEN 1 THEN 'ios' WHEN 2 THEN 'android' WHEN 3 THEN 'tablet' ELSE 'tv' END AS device,
          CASE WHEN n % 11 = 0 THEN NULL ELSE (n * 37) % 1000 - 100 END AS amount,
          ((n * 7919) % 10007) / 100.0 AS price,
          strftime('%Y-%m-%d %H:%M:%S', 1735689600 + (n * 1811) % 36000000, 'unixepoch') AS created_at,
          CASE WHEN n % 3 = 0 THEN 'n/a' ELSE CAST(n % 50 AS TEXT) END AS mixed,
          1735689600 + (n * 1811) % 36000000 - 86400 * 400 AS epoch
        FROM seq)
        """

    struct Case: CustomTestStringConvertible {
        let request: ChartRequest
        /// Rows `(x, value)` or `(x, series, value)`, in any order, as the chart should hold them.
        let sql: String
        var testDescription: String { sql }
    }

    static let grouped: [Case] = [
        Case(request: .init(x: category, measures: [.init(column: nil, aggregation: .count)]),
             sql: "SELECT category, COUNT(*) FROM t GROUP BY 1"),
        Case(request: .init(x: category, measures: [.init(column: amount, aggregation: .count)]),
             sql: "SELECT category, COUNT(amount) FROM t GROUP BY 1"),
        Case(request: .init(x: category, measures: [.init(column: amount, aggregation: .sum)]),
             sql: "SELECT category, SUM(amount) FROM t GROUP BY 1"),
        Case(request: .init(x: device, measures: [.init(column: price, aggregation: .avg)]),
             sql: "SELECT device, AVG(price) FROM t GROUP BY 1"),
        Case(request: .init(x: device, measures: [.init(column: amount, aggregation: .min)]),
             sql: "SELECT device, MIN(amount) FROM t GROUP BY 1"),
        Case(request: .init(x: category, measures: [.init(column: price, aggregation: .max)]),
             sql: "SELECT category, MAX(price) FROM t GROUP BY 1"),
        Case(request: .init(x: category, measures: [.init(column: amount, aggregation: .median)]),
             sql: """
                SELECT category, AVG(amount) FROM (
                  SELECT category, amount, ROW_NUMBER() OVER (PARTITION BY category ORDER BY amount) AS r,
                         COUNT(*) OVER (PARTITION BY category) AS c FROM t WHERE amount IS NOT NULL)
                WHERE r IN ((c + 1) / 2, (c + 2) / 2) GROUP BY 1
                """),
        Case(request: .init(x: category, measures: [.init(column: device, aggregation: .distinct)]),
             sql: "SELECT category, COUNT(DISTINCT device) FROM t GROUP BY 1"),
        Case(request: .init(x: device, measures: [.init(column: mixed, aggregation: .sum)]),
             sql: "SELECT device, SUM(CASE WHEN mixed <> 'n/a' THEN CAST(mixed AS INTEGER) END) FROM t GROUP BY 1"),
        // Pivot long to wide: one series per device.
        Case(request: .init(x: category, series: device, measures: [.init(column: amount, aggregation: .sum)]),
             sql: "SELECT category, device, SUM(amount) FROM t GROUP BY 1, 2"),
        Case(request: .init(x: device, series: category, measures: [.init(column: nil, aggregation: .count)]),
             sql: "SELECT device, category, COUNT(*) FROM t GROUP BY 1, 2"),
        // Time buckets of ISO text.
        Case(request: .init(x: createdAt, measures: [.init(column: nil, aggregation: .count)], bucket: .month),
             sql: "SELECT strftime('%Y-%m-01', created_at), COUNT(*) FROM t GROUP BY 1"),
        Case(request: .init(x: createdAt, measures: [.init(column: amount, aggregation: .sum)], bucket: .day),
             sql: "SELECT date(created_at), SUM(amount) FROM t GROUP BY 1"),
        Case(request: .init(x: createdAt, measures: [.init(column: nil, aggregation: .count)], bucket: .week),
             sql: "SELECT date(created_at, 'weekday 0', '-6 days'), COUNT(*) FROM t GROUP BY 1"),
        Case(request: .init(x: createdAt, measures: [.init(column: price, aggregation: .max)], bucket: .year),
             sql: "SELECT strftime('%Y-01-01', created_at), MAX(price) FROM t GROUP BY 1"),
        Case(request: .init(x: epoch, measures: [.init(column: nil, aggregation: .count)], bucket: .week),
             sql: "SELECT date(epoch, 'unixepoch', 'weekday 0', '-6 days'), COUNT(*) FROM t GROUP BY 1"),
        Case(request: .init(x: epoch, measures: [.init(column: amount, aggregation: .avg)], bucket: .month),
             sql: "SELECT strftime('%Y-%m-01', epoch, 'unixepoch'), AVG(amount) FROM t GROUP BY 1"),
        Case(request: .init(x: createdAt, series: device, measures: [.init(column: nil, aggregation: .count)], bucket: .hour, limit: 50_000),
             sql: "SELECT strftime('%Y-%m-%d %H:00:00', created_at), device, COUNT(*) FROM t GROUP BY 1, 2"),
    ]

    @Test(arguments: grouped)
    func groupedChartEqualsSQL(_ test: Case) async throws {
        try await withStoredTable { engine, reader in
            let data = try ChartAggregator.compute(reader, test.request)
            let expected = try await rows(engine, test.sql)
            let pivoted = test.request.series != nil
            var actual: [String: Double?] = [:]
            for series in data.series {
                for (index, label) in data.labels.enumerated() {
                    let key = pivoted ? "\(Self.key(label))|\(Self.key(series.group ?? .null))" : Self.key(label)
                    // A pivot fills absent pairs with gaps (or 0 for counts); SQL has no row for them.
                    if pivoted, series.data[index] == nil || (series.data[index] == 0 && test.request.measures[0].aggregation == .count) { continue }
                    actual[key] = series.data[index]
                }
            }
            var wanted: [String: Double?] = [:]
            for row in expected {
                let key = pivoted ? "\(Self.key(row[0]))|\(Self.key(row[1]))" : Self.key(row[0])
                wanted[key] = Self.number(row[pivoted ? 2 : 1])
            }
            #expect(Set(actual.keys) == Set(wanted.keys), "\(test.sql)")
            for (key, value) in wanted {
                #expect(Self.close(actual[key] ?? nil, value), "\(key): \(String(describing: actual[key])) vs \(String(describing: value))")
            }
            #expect(data.labels.count == data.groups)
            #expect(data.truncated == false)

            // The column files give the same answer as the scan of the rows.
            try await ChartAggregator.ensureColumnFiles(reader, for: test.request)
            let decoded = reader.batchesDecoded
            let columnar = try ChartAggregator.compute(reader, test.request, columnar: true)
            #expect(reader.batchesDecoded == decoded, "read from the column files, not the batches")
            #expect(columnar.labels == data.labels)
            #expect(columnar.series.map(\.name) == data.series.map(\.name))
            for (a, b) in zip(columnar.series, data.series) {
                #expect(zip(a.data, b.data).allSatisfy { Self.close($0, $1) }, "\(a.name)")
            }
            #expect(columnar.rows == data.rows)
        }
    }

    @Test func labelsAreOrderedByXAndByValue() async throws {
        try await withStoredTable { engine, reader in
            let byX = try ChartAggregator.compute(reader, .init(x: device, measures: [.init(column: amount, aggregation: .sum)]))
            #expect(byX.labels.map(Self.key) == ["android", "ios", "tablet", "tv", "web"])
            let request = ChartRequest(
                x: category, measures: [.init(column: nil, aggregation: .count)], sort: .value, descending: true, limit: 3)
            let byValue = try ChartAggregator.compute(reader, request)
            let expected = try await rows(engine, "SELECT category, COUNT(*) FROM t GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
            #expect(byValue.labels.map(Self.key) == expected.map { Self.key($0[0]) })
            #expect(byValue.series[0].data == expected.map { Self.number($0[1]) })
            #expect(byValue.truncated)
            #expect(byValue.groups == 6)
        }
    }

    @Test func topGroupsAndOtherSumTheRest() async throws {
        try await withStoredTable { engine, reader in
            let request = ChartRequest(
                x: category, measures: [.init(column: amount, aggregation: .sum), .init(column: price, aggregation: .avg)],
                sort: .value, descending: true, top: 2)
            let data = try ChartAggregator.compute(reader, request)
            let top = try await rows(engine, "SELECT category FROM t GROUP BY 1 ORDER BY SUM(amount) DESC LIMIT 2")
            let names = top.map { Self.key($0[0]) }
            #expect(data.labels.map(Self.key) == names + ["Other"])
            #expect(data.other)
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            let rest = try await rows(
                engine, "SELECT SUM(amount), AVG(price) FROM t WHERE category IS NULL OR category NOT IN (\(list))")
            #expect(Self.close(data.series[0].data[2], Self.number(rest[0][0])))
            #expect(Self.close(data.series[1].data[2], Self.number(rest[0][1])))
        }
    }

    @Test func seriesBeyondTheLimitFoldIntoOther() async throws {
        try await withStoredTable { engine, reader in
            let request = ChartRequest(
                x: device, series: category, measures: [.init(column: nil, aggregation: .count)], seriesLimit: 2)
            let data = try ChartAggregator.compute(reader, request)
            let kept = try await rows(engine, "SELECT category FROM t GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 2")
            #expect(data.series.map(\.name) == kept.map { Self.key($0[0]) }.sorted() + ["Other"])
            let other = try await rows(engine, """
                SELECT device, COUNT(*) FROM t WHERE category IS NULL OR category NOT IN
                  (SELECT category FROM t GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 2) GROUP BY 1 ORDER BY 1
                """)
            #expect(data.series[2].data == other.map { Self.number($0[1]) })
        }
    }

    @Test func histogramBinsCountLikeSQL() async throws {
        try await withStoredTable { engine, reader in
            let data = try ChartAggregator.compute(reader, .init(x: price, measures: [.init(column: nil, aggregation: .count)], bins: 10))
            let expected = try await rows(engine, """
                SELECT MIN(CAST((price - lo) / (hi - lo) * 10 AS INTEGER), 9), COUNT(*)
                FROM t, (SELECT MIN(price) AS lo, MAX(price) AS hi FROM t) GROUP BY 1 ORDER BY 1
                """)
            #expect(data.labels.count == 10)
            #expect(data.series[0].data == expected.map { Self.number($0[1]) })
            let bounds = try await rows(engine, "SELECT MIN(price), MAX(price) FROM t")
            #expect(data.bins?.first?.from == Self.number(bounds[0][0]))
            #expect(data.bins?.last?.to == Self.number(bounds[0][1]))
            let request = ChartRequest(x: price, measures: [.init(column: nil, aggregation: .count)], bins: 10)
            try await ChartAggregator.ensureColumnFiles(reader, for: request)
            #expect(try ChartAggregator.compute(reader, request, columnar: true) == data)
        }
    }

    @Test func rawPointsAreEvenlySampledRows() async throws {
        try await withStoredTable { engine, reader in
            let request = ChartRequest(
                x: price, measures: [.init(column: amount, aggregation: .none)], size: id, limit: 1000)
            let data = try ChartAggregator.compute(reader, request)
            let expected = try await rows(engine, "SELECT price, amount, id FROM t WHERE (id - 1) % 24 = 0 ORDER BY id")
            #expect(data.sampled)
            #expect(data.labels == expected.map { $0[0] })
            #expect(data.series[0].data == expected.map { Self.number($0[1]) })
            #expect(data.size == expected.map { Self.number($0[2]) })
            try await ChartAggregator.ensureColumnFiles(reader, for: request)
            #expect(try ChartAggregator.compute(reader, request, columnar: true) == data)
        }
    }

    @Test func textWhereNumbersAreNeededIsAClearError() async throws {
        try await withStoredTable { _, reader in
            #expect(throws: ChartError.unsuitable(
                "Column “device” holds text values, not numbers: sum needs a numeric column.")
            ) {
                try ChartAggregator.compute(reader, .init(x: category, measures: [.init(column: device, aggregation: .sum)]))
            }
            #expect(throws: ChartError.self) {
                try ChartAggregator.compute(reader, .init(x: 99, measures: [.init(column: nil, aggregation: .count)]))
            }
            #expect(throws: ChartError.self) {
                try ChartAggregator.compute(reader, .init(x: price, measures: [.init(column: nil, aggregation: .sum)]))
            }
        }
    }

    @Test func columnsWithTooManyValuesForCodesStillChart() async throws {
        try await withStoredTable { _, reader in
            // 100 distinct values at most: `id` and `price` keep numbers only, `device` keeps codes.
            let byID = ChartRequest(x: id, measures: [.init(column: amount, aggregation: .sum)], limit: 50_000)
            let scanned = try ChartAggregator.compute(reader, byID)
            try await ChartAggregator.ensureColumnFiles(reader, for: byID, maxDictionary: 100)
            #expect(try ChartAggregator.compute(reader, byID, columnar: true) == scanned, "falls back to the rows")
            let histogram = ChartRequest(x: price, series: device, measures: [.init(column: amount, aggregation: .avg)], bins: 8)
            let expected = try ChartAggregator.compute(reader, histogram)
            try await ChartAggregator.ensureColumnFiles(reader, for: histogram, maxDictionary: 100)
            let decoded = reader.batchesDecoded
            #expect(try ChartAggregator.compute(reader, histogram, columnar: true) == expected)
            #expect(reader.batchesDecoded == decoded, "bins need numbers only")
            let points = ChartRequest(x: price, measures: [.init(column: amount, aggregation: .none)], limit: 500)
            #expect(try ChartAggregator.compute(reader, points, columnar: true) == ChartAggregator.compute(reader, points))
        }
    }

    @Test func aColumnFirstSummedThenGroupedGetsItsCodes() async throws {
        try await withStoredTable { _, reader in
            let summed = ChartRequest(x: device, measures: [.init(column: amount, aggregation: .sum)])
            try await ChartAggregator.ensureColumnFiles(reader, for: summed)
            #expect(try ChartAggregator.compute(reader, summed, columnar: true) == ChartAggregator.compute(reader, summed))
            // `amount` was written with numbers only; grouping by it (and counting it distinct) rewrites it with codes.
            let grouped = ChartRequest(x: amount, measures: [.init(column: device, aggregation: .distinct)], limit: 5000)
            try await ChartAggregator.ensureColumnFiles(reader, for: grouped)
            let decoded = reader.batchesDecoded
            #expect(try ChartAggregator.compute(reader, grouped, columnar: true) == ChartAggregator.compute(reader, grouped))
            #expect(reader.batchesDecoded > decoded)  // the row scan of the second compute, for comparison
            let again = reader.batchesDecoded
            _ = try ChartAggregator.compute(reader, grouped, columnar: true)
            #expect(reader.batchesDecoded == again, "from the column files")
        }
    }

    @Test func answersAreCachedBesideTheResult() async throws {
        try await withStoredTable { _, reader in
            let request = ChartRequest(x: category, measures: [.init(column: amount, aggregation: .avg)])
            let first = try await ChartAggregator.data(source: reader, request: request)
            let file = ChartAggregator.cacheFile(of: reader.file, request: request)
            #expect(FileManager.default.fileExists(atPath: file.path))
            let decoded = reader.batchesDecoded
            let second = try await ChartAggregator.data(source: reader, request: request)
            #expect(second == first)
            #expect(reader.batchesDecoded == decoded)
        }
    }

    // MARK: - Support

    static let limits = QueryLimits(timeout: 120, maxRows: 1_000_000)

    /// Stores `SELECT * FROM t` as a result (small batches, so several workers share it).
    func withStoredTable(_ body: (SQLiteEngine, ResultReader) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appending(path: "empty.sqlite")
            FileManager.default.createFile(atPath: database.path, contents: nil)
            let engine = SQLiteEngine(path: database.path)
            let results = ResultStore(root: directory.appending(path: "results"))
            let writer = try results.writer(execution: ExecutionID(rawValue: 1), statement: 0)
            _ = try await engine.execute(
                "\(Self.table) SELECT * FROM t ORDER BY id", limits: Self.limits, cancellation: QueryCancellation(), sink: writer)
            try writer.finish()
            let reader = try results.reader(execution: ExecutionID(rawValue: 1), statement: 0)
            #expect(reader.totalRows == 24_000)
            try await body(engine, reader)
        }
    }

    func rows(_ engine: SQLiteEngine, _ sql: String) async throws -> [[Value]] {
        let sink = RowCollector()
        _ = try await engine.execute("\(Self.table) \(sql)", limits: Self.limits, cancellation: QueryCancellation(), sink: sink)
        return sink.rows
    }

    static func key(_ value: Value) -> String {
        switch value {
        case .null: return "(null)"
        case .integer(let n): return String(n)
        case .real(let d): return String(d)
        case .text(let t): return t
        case .blob: return "blob"
        }
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .integer(let n): return Double(n)
        case .real(let d): return d
        default: return nil
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }
}
