import Core
import Foundation
import Results
import Testing

@Suite("Rows are split into batches by count and by size")
struct BatchingTests {
    @Test(arguments: [(rows: 64, batches: 1), (rows: 65, batches: 2), (rows: 128, batches: 2), (rows: 1, batches: 1)])
    func batchBoundaries(rows: Int, batches: Int) throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("boundary.qbr")
            let expected = (0..<rows).map(syntheticRow)
            try writeResult(file, columns: syntheticColumns, rows: expected, batchRows: 64)

            let reader = try ResultReader(file: file)
            #expect(reader.totalRows == rows)
            #expect(reader.batchCount == batches)
            #expect(try reader.rows(offset: 0, limit: rows + 10) == expected)
            #expect(try reader.rows(offset: rows - 1, limit: 1) == [syntheticRow(rows - 1)])
        }
    }

    @Test func defaultBatchSizeBoundary() throws {
        try withTemporaryDirectory { directory in
            let exact = directory.appendingPathComponent("exact.qbr")
            let plusOne = directory.appendingPathComponent("plus-one.qbr")
            try writeResult(exact, columns: syntheticColumns, rows: (0..<4096).map(syntheticRow))
            try writeResult(plusOne, columns: syntheticColumns, rows: (0..<4097).map(syntheticRow))

            let exactReader = try ResultReader(file: exact)
            #expect(exactReader.batchCount == 1)
            #expect(exactReader.totalRows == 4096)
            let plusOneReader = try ResultReader(file: plusOne)
            #expect(plusOneReader.batchCount == 2)
            #expect(try plusOneReader.rows(offset: 4095, limit: 5) == [syntheticRow(4095), syntheticRow(4096)])
            #expect(plusOneReader.batchesDecoded == 2)
        }
    }

    @Test func wideRowsFlushBeforeTheRowCount() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("wide.qbr")
            // 1 MiB a row: the ~4 MiB limit is crossed on the 4th row, so batches hold 4, 4, 2.
            let rows = (0..<10).map { index -> [Value] in
                [.integer(Int64(index)), .blob([UInt8](repeating: UInt8(index), count: 1 << 20))]
            }
            let columns = [ResultColumn(name: "n", type: .integer), ResultColumn(name: "payload", type: .blob)]
            try writeResult(file, columns: columns, rows: rows)

            let reader = try ResultReader(file: file)
            #expect(reader.batchCount == 3)
            var sizes: [Int] = []
            try reader.forEachBatch { sizes.append($0.count) }
            #expect(sizes == [4, 4, 2])
            #expect(try reader.rows(offset: 9, limit: 1) == [rows[9]])
        }
    }

    @Test func forEachBatchStreamsEveryRowInOrder() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("stream.qbr")
            try writeResult(file, columns: syntheticColumns, rows: (0..<1000).map(syntheticRow), batchRows: 300)

            let reader = try ResultReader(file: file)
            var sizes: [Int] = []
            var seen: [[Value]] = []
            try reader.forEachBatch { batch in
                sizes.append(batch.count)
                seen.append(contentsOf: batch)
            }
            #expect(sizes == [300, 300, 300, 100])
            #expect(seen == (0..<1000).map(syntheticRow))
            #expect(reader.batchesDecoded == 4)
        }
    }

    @Test func higherCompressionLevelReadsTheSame() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("level9.qbr")
            let writer = try ResultWriter(file: file, batchRows: 100, compressionLevel: 9)
            try writer.begin(columns: syntheticColumns)
            for index in 0..<250 { try writer.append(syntheticRow(index)) }
            try writer.finish()
            #expect(try ResultReader(file: file).rows(offset: 95, limit: 10) == (95..<105).map(syntheticRow))
        }
    }
}
