import Core
import Foundation
import Testing

@testable import Results

/// Sorting and filtering follow SQLite's rules (Docs/API.md), checked on small results.
@Suite("Views: ordering and filter semantics")
struct ViewSemanticsTests {
    static let mixedColumns = [
        ResultColumn(name: "id", type: .integer),
        ResultColumn(name: "v", type: .unknown),
    ]

    /// Mixed values in the order SQLite's `ORDER BY v` puts them (BINARY collation).
    static let ordered: [Value] = [
        .null,
        .real(.nan),
        .real(-.infinity),
        .integer(Int64.min),
        .real(-1.5),
        .integer(-1),
        .integer(0),
        .real(0.5),
        .integer(9_007_199_254_740_992),  // 2^53
        .integer(9_007_199_254_740_993),  // 2^53 + 1, not a Double
        .real(9_007_199_254_740_994),
        .integer(Int64.max),
        .real(1e19),
        .real(.infinity),
        .text(""),
        .text("B"),
        .text("a"),
        .text("ab"),
        .text("é"),  // U+00E9, UTF-8 C3 A9
        .text("😀"),  // F0 9F 98 80
        .blob([]),
        .blob([0x00]),
        .blob([0x00, 0x01]),
        .blob([0xff]),
    ]

    @Test func orderMatchesSQLiteAcrossTypes() {
        for (i, left) in Self.ordered.enumerated() {
            for (j, right) in Self.ordered.enumerated() {
                let expected = i < j ? -1 : (i == j ? 0 : 1)
                #expect(ValueOrder.compare(left, right) == expected, "\(left) vs \(right)")
            }
        }
        #expect(ValueOrder.compare(.integer(3), .real(3.0)) == 0)
        #expect(ValueOrder.compare(.real(-0.0), .integer(0)) == 0)
        #expect(ValueOrder.compare(.real(2.5), .integer(2)) == 1)
        #expect(ValueOrder.compare(.real(-2.5), .integer(-2)) == -1)
    }

    /// Writes `values` as column `v` (with `id` = stored position), builds the view, returns ids.
    func viewIDs(_ values: [Value], type: ColumnType = .unknown, _ spec: ResultViewSpec) async throws -> [Int64] {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("0.qbr")
            let columns = [ResultColumn(name: "id", type: .integer), ResultColumn(name: "v", type: type)]
            try writeResult(file, columns: columns, rows: values.enumerated().map { [.integer(Int64($0.offset)), $0.element] })
            let view = try await ResultViews.reader(source: try ResultReader(file: file), spec: spec)
            return try view.rows(offset: 0, limit: 10_000).map { row in
                guard case .integer(let id) = row[0] else { return -1 }
                return id
            }
        }
    }

    @Test func sortIsStableBothWays() async throws {
        let shuffled: [Value] = [.text("b"), .null, .integer(2), .text("a"), .integer(2), .null, .text("b"), .real(2.0), .blob([1])]
        let ascending = try await viewIDs(shuffled, ResultViewSpec(sort: .init(column: 1)))
        #expect(ascending == [1, 5, 2, 4, 7, 3, 0, 6, 8])
        // DESC reverses the values, but equal values keep their stored order (ORDER BY v DESC, rowid).
        let descending = try await viewIDs(shuffled, ResultViewSpec(sort: .init(column: 1, descending: true)))
        #expect(descending == [8, 0, 6, 3, 2, 4, 7, 1, 5])
    }

    @Test func everyMixedValueSortsIntoPlace() async throws {
        let stored = Array(Self.ordered.reversed())
        let ids = try await viewIDs(stored, ResultViewSpec(sort: .init(column: 1)))
        #expect(ids == (0..<Int64(stored.count)).reversed().map { $0 })
    }

    @Test func decimalColumnsSortAndCompareAsNumbers() async throws {
        let values: [Value] = [.text("10.5"), .text("9"), .null, .text("-1.25"), .text("9.00"), .text("NaN")]
        #expect(try await viewIDs(values, type: .decimal, ResultViewSpec(sort: .init(column: 1))) == [2, 5, 3, 1, 4, 0])
        let nine = ResultViewSpec(filters: [.init(column: 1, op: .eq, value: "9")])
        #expect(try await viewIDs(values, type: .decimal, nine) == [1, 4])
        let above = ResultViewSpec(filters: [.init(column: 1, op: .gt, value: "9.1")])
        #expect(try await viewIDs(values, type: .decimal, above) == [0])
    }

    struct FilterCase: Sendable, CustomStringConvertible {
        let type: ColumnType
        let op: ResultViewSpec.Operator
        let value: String
        let ids: [Int64]
        var description: String { "\(type) \(op) \(value)" }
    }

    static let numbers: [Value] = [.integer(1), .null, .real(2.5), .integer(3), .text("x"), .integer(-4), .real(3.0)]
    static let texts: [Value] = [.text("Apple"), .null, .text("apricot"), .text("BANANA"), .text("Äpfel"), .integer(12), .text(""), .blob(Array("ap".utf8))]

    static let numberCases: [FilterCase] = [
        .init(type: .integer, op: .eq, value: "3", ids: [3, 6]),
        .init(type: .integer, op: .eq, value: "3.0", ids: [3, 6]),
        .init(type: .integer, op: .ne, value: "3", ids: [0, 2, 4, 5]),  // NULL never matches, text differs
        .init(type: .integer, op: .lt, value: "2.5", ids: [0, 5]),
        .init(type: .integer, op: .le, value: "2.5", ids: [0, 2, 5]),
        .init(type: .real, op: .gt, value: "2.5", ids: [3, 4, 6]),  // text sorts above numbers
        .init(type: .real, op: .ge, value: "-4", ids: [0, 2, 3, 4, 5, 6]),
        .init(type: .integer, op: .null, value: "", ids: [1]),
        .init(type: .integer, op: .notnull, value: "ignored", ids: [0, 2, 3, 4, 5, 6]),
        .init(type: .integer, op: .contains, value: "3", ids: [3, 6]),  // text forms "3" and "3.0"
        .init(type: .integer, op: .startswith, value: "-", ids: [5]),
    ]

    static let textCases: [FilterCase] = [
        .init(type: .text, op: .eq, value: "Apple", ids: [0]),
        .init(type: .text, op: .eq, value: "apple", ids: []),  // eq is exact
        .init(type: .text, op: .eq, value: "12", ids: [5]),  // an integer compares by its text form
        .init(type: .text, op: .ne, value: "Apple", ids: [2, 3, 4, 5, 6, 7]),
        .init(type: .text, op: .lt, value: "B", ids: [0, 5, 6]),  // bytes: "12" < "Apple" < "B" < "a…"
        .init(type: .text, op: .ge, value: "a", ids: [2, 4, 7]),  // "Ä" is C3 84, above ASCII
        .init(type: .text, op: .contains, value: "AP", ids: [0, 2, 7]),  // ASCII case only: not "Äpfel"
        .init(type: .text, op: .contains, value: "äp", ids: []),
        .init(type: .text, op: .contains, value: "Äp", ids: [4]),
        .init(type: .text, op: .contains, value: "", ids: [0, 2, 3, 4, 5, 6, 7]),
        .init(type: .text, op: .startswith, value: "ban", ids: [3]),
        .init(type: .text, op: .startswith, value: "a:b", ids: []),
        .init(type: .text, op: .null, value: "", ids: [1]),
    ]

    @Test(arguments: numberCases)
    func numericFilters(_ test: FilterCase) async throws {
        let spec = ResultViewSpec(filters: [.init(column: 1, op: test.op, value: test.value)])
        #expect(try await viewIDs(Self.numbers, type: test.type, spec) == test.ids)
    }

    @Test(arguments: textCases)
    func textFilters(_ test: FilterCase) async throws {
        let spec = ResultViewSpec(filters: [.init(column: 1, op: test.op, value: test.value)])
        #expect(try await viewIDs(Self.texts, type: test.type, spec) == test.ids)
    }

    @Test func filtersAndTogetherThenSort() async throws {
        let spec = ResultViewSpec(
            sort: .init(column: 1, descending: true),
            filters: [.init(column: 1, op: .notnull), .init(column: 1, op: .lt, value: "10")])
        #expect(try await viewIDs(Self.numbers, type: .real, spec) == [3, 6, 2, 0, 5])
    }

    @Test func badSpecsAreRefused() throws {
        let columns = [ResultColumn(name: "n", type: .integer), ResultColumn(name: "t", type: .text)]
        #expect(throws: ResultViewError.noSuchColumn(2)) { try ResultViewSpec(sort: .init(column: 2)).validate(columns: columns) }
        #expect(throws: ResultViewError.notANumber(column: 0, value: "ten")) {
            try ResultViewSpec(filters: [.init(column: 0, op: .gt, value: "ten")]).validate(columns: columns)
        }
        for bad in ["", "0x10", "1e999", "nan", "inf", "1 "] {
            #expect(throws: ResultViewError.self) {
                try ResultViewSpec(filters: [.init(column: 0, op: .eq, value: bad)]).validate(columns: columns)
            }
        }
        // Text columns and contains take any operand.
        try ResultViewSpec(filters: [.init(column: 1, op: .gt, value: "ten"), .init(column: 0, op: .contains, value: "x")])
            .validate(columns: columns)
    }

    @Test func equalSpecsShareOneKey() {
        let a = ResultViewSpec(filters: [.init(column: 1, op: .eq, value: "x"), .init(column: 0, op: .null, value: "junk")])
        let b = ResultViewSpec(filters: [.init(column: 0, op: .null), .init(column: 1, op: .eq, value: "x"), .init(column: 0, op: .null)])
        #expect(a.key == b.key)
        #expect(a.key.count == 16)
        #expect(ResultViewSpec(filters: [.init(column: 1, op: .eq, value: "x:1")]).key
            != ResultViewSpec(filters: [.init(column: 1, op: .eq, value: "x"), .init(column: 1, op: .eq, value: "1")]).key)
        #expect(ResultViewSpec(sort: .init(column: 0)).key != ResultViewSpec(sort: .init(column: 0, descending: true)).key)
    }
}
