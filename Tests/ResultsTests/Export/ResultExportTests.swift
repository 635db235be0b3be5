import Core
import Foundation
import Results
import Testing

@Suite("Planning and streaming an export: estimate, limits, one batch at a time")
struct ResultExportTests {
    let columns = [
        ResultColumn(name: "id", type: .integer), ResultColumn(name: "label", type: .text),
        ResultColumn(name: "score", type: .real),
    ]

    func row(_ index: Int) -> [Value] {
        [.integer(Int64(index)), .text("row number \(index % 1000)"), .real(Double(index % 977) / 8)]
    }

    @Test(arguments: ExportFormat.allCases)
    func estimateIsCloseAndExactWhenEmpty(_ format: ExportFormat) throws {
        let source = MemorySource(columns: columns, rows: (0..<20_000).map(row), batchRows: 1000)
        let export = try ResultExport(source: source, format: format)
        let actual = try exportBytes(source, format).count
        let ratio = Double(export.estimatedBytes) / Double(actual)
        #expect(ratio > 0.8 && ratio < 1.25, "estimate \(export.estimatedBytes) vs actual \(actual)")

        let empty = MemorySource(columns: columns, batches: [])
        #expect(try ResultExport(source: empty, format: format).estimatedBytes == exportBytes(empty, format).count)
    }

    @Test func aStreamReadsOneBatchPerChunkFromAStoredResult() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appending(path: "r.qbr")
            try writeResult(file, columns: columns, rows: (0..<10_000).map(row), batchRows: 1000)
            let reader = try ResultReader(file: file)
            #expect(reader.batchCount == 10)
            let export = try ResultExport(source: reader, format: .csv)
            #expect(export.rowCount == 10_000)
            #expect(reader.batchesDecoded == 1, "the plan reads only the first batch")
            let stream = try export.makeStream()
            let first = try #require(try stream.next())
            #expect(reader.batchesDecoded == 1, "and the stream reuses it")
            #expect(String(decoding: first.prefix(15), as: UTF8.self) == "id,label,score\r")
            _ = try stream.next()
            #expect(reader.batchesDecoded == 2, "a stream not pulled reads nothing more")
            var chunks = 2
            while try stream.next() != nil { chunks += 1 }
            #expect(chunks == 10)
            #expect(stream.rowsWritten == 10_000)
            #expect(reader.batchesDecoded == 10)
            let lines = try exportBytes(reader, .csv).split(separator: UInt8(ascii: "\n"))
            #expect(lines.count == 10_001)
            #expect(String(decoding: lines[10_000], as: UTF8.self) == "9999,row number 999,28.625\r")
        }
    }

    @Test func anXLSXOverFourGiBIsRefusedBeforeAnyByte() throws {
        let wide = [Value.text(String(repeating: "w", count: 5000))]
        let source = MemorySource(
            columns: textColumns("w"), batches: [Array(repeating: wide, count: 100)], declaredRows: 3_000_000)
        #expect {
            _ = try ResultExport(source: source, format: .xlsx)
        } throws: { error in
            guard case ExportError.tooLarge(let message) = error else { return false }
            return message.contains("4 GiB") && message.contains("CSV")
        }
        // CSV has no such limit.
        #expect(try ResultExport(source: source, format: .csv).estimatedBytes > 5_000_000_000)
    }

    @Test func aRowOfTheWrongWidthFailsTheExport() throws {
        let source = MemorySource(columns: textColumns("a", "b"), batches: [[[.null, .null]], [[.null]]])
        for format in ExportFormat.allCases {
            #expect(throws: ExportError.self) { try exportBytes(source, format) }
        }
    }
}
