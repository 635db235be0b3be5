import Core
import Foundation
import Results
import Testing

@Suite("Pages decode only the batches they overlap")
struct PagingTests {
    @Test func middlePageOfALargeResult() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("large.qbr")
            let writer = try writeResult(file, columns: syntheticColumns, rows: (0..<300_000).lazy.map(syntheticRow))
            #expect(writer.rowCount == 300_000)

            let reader = try ResultReader(file: file)
            #expect(reader.totalRows == 300_000)
            #expect(reader.batchCount == 74)  // 73 full batches of 4096 and one of 992
            #expect(reader.batchesDecoded == 0)

            // 150_000 ..< 150_100 lies inside batch 36 (rows 147_456 ..< 151_552).
            let inside = try reader.rows(offset: 150_000, limit: 100)
            #expect(inside == (150_000..<150_100).map(syntheticRow))
            #expect(reader.batchesDecoded == 1)

            // 151_500 ..< 151_600 straddles batches 36 and 37.
            let straddling = try reader.rows(offset: 151_500, limit: 100)
            #expect(straddling == (151_500..<151_600).map(syntheticRow))
            #expect(reader.batchesDecoded == 3)
        }
    }

    @Test func pagesAreClippedToTheResult() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("clip.qbr")
            try writeResult(file, columns: syntheticColumns, rows: (0..<250).map(syntheticRow), batchRows: 100)
            let reader = try ResultReader(file: file)

            #expect(try reader.rows(offset: 250, limit: 10).isEmpty)
            #expect(try reader.rows(offset: 10_000, limit: 10).isEmpty)
            #expect(try reader.rows(offset: 5, limit: 0).isEmpty)
            #expect(try reader.rows(offset: 5, limit: -3).isEmpty)
            #expect(reader.batchesDecoded == 0)

            #expect(try reader.rows(offset: 245, limit: 100) == (245..<250).map(syntheticRow))
            #expect(try reader.rows(offset: 0, limit: Int.max).count == 250)
            #expect(try reader.rows(offset: 100, limit: 100) == (100..<200).map(syntheticRow))
        }
    }

    @Test func sharedReaderServesConcurrentPages() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("shared.qbr")
            try writeResult(file, columns: syntheticColumns, rows: (0..<2000).map(syntheticRow), batchRows: 100)
            let reader = try ResultReader(file: file)

            // 20 pages, each inside its own batch, read from parallel tasks.
            let matches = try await withThrowingTaskGroup(of: Bool.self) { group in
                for page in 0..<20 {
                    group.addTask {
                        let rows = try reader.rows(offset: page * 100 + 10, limit: 50)
                        return rows == (page * 100 + 10..<page * 100 + 60).map(syntheticRow)
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(matches == Array(repeating: true, count: 20))
            #expect(reader.batchesDecoded == 20)
        }
    }
}
