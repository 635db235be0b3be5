import Core
import Foundation
import Testing

@testable import Results

@Suite("Column statistics")
struct StatisticsTests {
    @Test func figuresOnKnownData() async throws {
        try await withTemporaryDirectory { directory in
            let columns = [
                ResultColumn(name: "n", type: .integer),
                ResultColumn(name: "x", type: .real),
                ResultColumn(name: "t", type: .text),
                ResultColumn(name: "d", type: .decimal),
                ResultColumn(name: "b", type: .blob),
                ResultColumn(name: "small", type: .integer),
            ]
            // n: 0…999 with every 10th NULL; x: n / 8; t: 7 names; d: decimal text; small: n % 3.
            let names = ["ant", "Bee", "cat", "dog", "ému", "fox", "gnu"]
            let rows: [[Value]] = (0..<1_000).map { (n: Int) -> [Value] in
                let id: Value = n % 10 == 0 ? .null : .integer(Int64(n))
                let decimal: Value = n < 500 ? .text("\(n).50") : .null
                return [id, .real(Double(n) / 8), .text(names[n % 7]), decimal, .blob([UInt8(n % 4)]), .integer(Int64(n % 3))]
            }
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: columns, rows: rows)
            let source = try ResultReader(file: file)
            let statistics = try await ResultViews.statistics(source: source)
            #expect(statistics.rows == 1_000)
            let (n, x, t, d, b, small) = (
                statistics.columns[0], statistics.columns[1], statistics.columns[2], statistics.columns[3],
                statistics.columns[4], statistics.columns[5]
            )
            #expect((n.index, n.name, n.type) == (0, "n", .integer))
            #expect((n.count, n.nulls, n.distinct) == (900, 100, 900))
            #expect(n.min == .integer(1) && n.max == .integer(999))
            let nBins = try #require(n.histogram)
            #expect(nBins.count == 20)
            #expect(nBins.first?.from == 1 && nBins.last?.to == 999)
            #expect(nBins.map(\.count).reduce(0, +) == 900)

            #expect((x.count, x.nulls, x.distinct) == (1_000, 0, 1_000))
            #expect(x.min == .real(0) && x.max == .real(999.0 / 8))
            #expect(x.histogram?.map(\.count) == Array(repeating: 50, count: 20))

            #expect((t.count, t.distinct) == (1_000, 7))
            #expect(t.min == .text("Bee") && t.max == .text("ému"))
            #expect(t.histogram == nil)

            // Decimal text is ordered and binned as numbers: "99.50" < "100.50".
            #expect((d.count, d.nulls, d.distinct) == (500, 500, 500))
            #expect(d.min == .text("0.50") && d.max == .text("499.50"))
            #expect(d.histogram?.count == 20)

            #expect(b.distinct == 4 && b.min == .blob([0]) && b.max == .blob([3]))
            #expect(b.histogram == nil)

            // Few integer values: one bin per value.
            let smallBins = try #require(small.histogram)
            #expect(smallBins.map(\.from) == [0, 1, 2])
            #expect(smallBins.map(\.to) == [1, 2, 3])
            #expect(smallBins.map(\.count) == [334, 333, 333])

            // Cached beside the result, and read back from there.
            let cache = ResultViews.statisticsFile(of: file)
            #expect(cache.lastPathComponent == "0.stats.json")
            #expect(FileManager.default.fileExists(atPath: cache.path))
            #expect(try await ResultViews.statistics(source: source) == statistics)
        }
    }

    @Test func emptyAndAllNullColumns() async throws {
        try await withTemporaryDirectory { directory in
            let columns = [ResultColumn(name: "a", type: .integer), ResultColumn(name: "b", type: .text)]
            let file = directory.appendingPathComponent("1.qbr")
            try writeResult(file, columns: columns, rows: [[.null, .null], [.null, .null]])
            let statistics = try await ResultViews.statistics(source: try ResultReader(file: file))
            let a = statistics.columns[0]
            #expect((a.count, a.nulls, a.distinct) == (0, 2, 0))
            #expect(a.min == nil && a.max == nil)
            #expect(a.histogram == [])
            #expect(statistics.columns[1].histogram == nil)
        }
    }

    @Test func distinctEstimateOn100kValuesIsWithinTwoPercent() async throws {
        try await withTemporaryDirectory { directory in
            let columns = [ResultColumn(name: "id", type: .integer), ResultColumn(name: "label", type: .text)]
            let rows = (0..<120_000).lazy.map { n -> [Value] in
                let id = n % 100_000  // 100,000 distinct, some twice
                return [.integer(Int64(id) * 7_919), .text("user-\(id)")]
            }
            let file = directory.appendingPathComponent("0.qbr")
            try writeResult(file, columns: columns, rows: rows)
            let statistics = try await ResultViews.statistics(source: try ResultReader(file: file))
            for column in statistics.columns {
                let error = abs(Double(column.distinct) - 100_000) / 100_000
                #expect(error < 0.02, "\(column.name): \(column.distinct)")
            }
        }
    }

    @Test func nonFiniteValuesSurviveTheCache() throws {
        let values: [Value] = [.real(.nan), .real(-.infinity), .real(-0.0), .text("é\u{0}"), .blob([0, 255]), .integer(Int64.min)]
        for value in values {
            let data = try JSONEncoder().encode(TaggedValue(value))
            let back = try JSONDecoder().decode(TaggedValue.self, from: data).value
            #expect(identical(back, value), "\(value)")
        }
    }
}
