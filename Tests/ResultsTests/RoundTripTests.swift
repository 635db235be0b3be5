import Core
import Foundation
import Results
import Testing

@Suite("Values and columns survive a write and a read unchanged")
struct RoundTripTests {
    static let edgeRows: [[Value]] = [
        [.null, .null, .null, .null, .null],
        [.integer(Int64.min), .real(-0.0), .text(""), .blob([]), .integer(0)],
        [.integer(Int64.max), .real(.nan), .text("emoji 👩‍👩‍👧‍👦 🚀"), .blob([0, 255, 128, 1]), .integer(-1)],
        [.integer(42), .real(.infinity), .text("中文 日本語 한국어"), .blob(Array(0...255)), .null],
        [.integer(-42), .real(-.infinity), .text("e\u{301} n\u{303} a\u{30A}"), .blob([0]), .text("\0nul inside")],
        [.integer(1 << 40), .real(Double(bitPattern: 0x7FF8_0000_DEAD_BEEF)), .text(String(repeating: "x", count: 300)),
         .blob([UInt8](repeating: 7, count: 200)), .real(.leastNonzeroMagnitude)],
        [.integer(127), .real(.greatestFiniteMagnitude), .text("tab\tnewline\nquote\""), .null, .real(3.14159)],
    ]

    static let edgeColumns = [
        ResultColumn(name: "i", type: .integer, engineType: "INT8"),
        ResultColumn(name: "r", type: .real),
        ResultColumn(name: "列 ✓", type: .text, engineType: "VARCHAR(20)"),
        ResultColumn(name: "b", type: .blob),
        ResultColumn(name: "mixed", type: .unknown),
    ]

    @Test func everyValueKindRoundTrips() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("edge.qbr")
            let writer = try writeResult(file, columns: Self.edgeColumns, rows: Self.edgeRows)
            #expect(writer.rowCount == 7)

            let reader = try ResultReader(file: file)
            #expect(reader.columns == Self.edgeColumns)
            #expect(reader.totalRows == 7)
            let rows = try reader.rows(offset: 0, limit: 100)
            #expect(identical(rows, Self.edgeRows))
            // Spot checks that do not rely on the helper.
            guard case .real(let negativeZero) = rows[1][1], case .real(let nan) = rows[2][1] else {
                Issue.record("expected reals, got \(rows[1][1]) and \(rows[2][1])")
                return
            }
            #expect(negativeZero == 0 && negativeZero.sign == .minus)
            #expect(nan.isNaN)
            #expect(rows[2][2] == .text("emoji 👩‍👩‍👧‍👦 🚀"))
            #expect(rows[4][2] == .text("e\u{301} n\u{303} a\u{30A}"))
            #expect(rows[1][0] == .integer(Int64.min))
            #expect(rows[3][3] == .blob(Array(0...255)))
        }
    }

    @Test func nanPayloadIsKeptBitForBit() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("nan.qbr")
            let payload = Double(bitPattern: 0x7FF8_0000_DEAD_BEEF)
            try writeResult(file, columns: [ResultColumn(name: "x", type: .real)], rows: [[.real(payload)]])
            let rows = try ResultReader(file: file).rows(offset: 0, limit: 1)
            guard case .real(let value) = rows.first?.first else {
                Issue.record("expected one real, got \(rows)")
                return
            }
            #expect(value.bitPattern == 0x7FF8_0000_DEAD_BEEF)
        }
    }

    @Test func zeroRowResultKeepsItsColumns() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("empty.qbr")
            let writer = try writeResult(file, columns: syntheticColumns, rows: [])
            #expect(writer.rowCount == 0)

            let reader = try ResultReader(file: file)
            #expect(reader.columns == syntheticColumns)
            #expect(reader.totalRows == 0)
            #expect(reader.batchCount == 0)
            #expect(try reader.rows(offset: 0, limit: 50).isEmpty)
            var calls = 0
            try reader.forEachBatch { _ in calls += 1 }
            #expect(calls == 0)
        }
    }

    @Test func finishWithoutBeginGivesZeroColumns() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("nothing.qbr")
            let writer = try ResultWriter(file: file)
            try writer.finish()

            let reader = try ResultReader(file: file)
            #expect(reader.columns.isEmpty)
            #expect(reader.totalRows == 0)
        }
    }

    @Test func rowsWithoutColumnsAreCounted() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("no-columns.qbr")
            try writeResult(file, columns: [], rows: Array(repeating: [], count: 10), batchRows: 4)
            let reader = try ResultReader(file: file)
            #expect(reader.totalRows == 10)
            #expect(reader.batchCount == 3)
            #expect(try reader.rows(offset: 3, limit: 4) == Array(repeating: [], count: 4))
        }
    }

    /// Every column type the engines report keeps its type and engine type; values of 24 MB
    /// of text and 6 MB of bytes (a row past the 4 MB batch limit, which closes its batch) come
    /// back byte for byte between ordinary rows.
    @Test func everyColumnTypeAndHugeValuesRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let columns = ColumnType.allCases.map { ResultColumn(name: "c_\($0.rawValue)", type: $0, engineType: "E_\($0.rawValue)") }
            let hugeText = String(repeating: "ünïcödé 🚀 line\n", count: 1_500_000)
            var hugeBlob = [UInt8](repeating: 0, count: 6 << 20)
            for index in hugeBlob.indices { hugeBlob[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
            func row(_ n: Int64, text: String, blob: [UInt8]) -> [Value] {
                columns.map { column in
                    switch column.type {
                    case .integer, .boolean: .integer(n)
                    case .real: .real(Double(n) / 3)
                    case .blob: .blob(blob)
                    case .unknown: n % 2 == 0 ? .null : .text("")
                    default: .text(text)
                    }
                }
            }
            let rows = [row(1, text: "a", blob: [1]), row(2, text: hugeText, blob: hugeBlob), row(3, text: "", blob: [])]
            let file = directory.appendingPathComponent("huge.qbr")
            try writeResult(file, columns: columns, rows: rows)
            let reader = try ResultReader(file: file)
            #expect(reader.columns == columns)
            #expect(reader.batchCount == 2, "the huge row closes its batch at once; the next row starts another")
            let back = try reader.rows(offset: 0, limit: 3)
            #expect(back == rows)
            #expect(try reader.rows(offset: 1, limit: 1)[0][columns.firstIndex { $0.type == .text }!] == .text(hugeText))
        }
    }
}
