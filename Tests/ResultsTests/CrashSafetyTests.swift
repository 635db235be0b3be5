import Core
import Foundation
import Results
import Testing

@Suite("Unfinished and damaged files never read as complete")
struct CrashSafetyTests {
    @Test func unfinishedWriterLeavesNoResult() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("crash.qbr")
            let partial = URL(fileURLWithPath: file.path + ".partial")
            let writer = try ResultWriter(file: file, batchRows: 10)
            try writer.begin(columns: syntheticColumns)
            for index in 0..<95 { try writer.append(syntheticRow(index)) }

            // The process "crashes" here: batches are on disk, but finish() never ran.
            let partialSize = try FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int
            #expect((partialSize ?? 0) > 16)
            #expect(!FileManager.default.fileExists(atPath: file.path))
            #expect(throws: ResultError.notFound) { try ResultReader(file: file) }
            // Even opened directly, the partial file has no footer and is refused.
            let error = #expect(throws: ResultError.self) { try ResultReader(file: partial) }
            #expect(error.map(isCorrupt) == true)
            withExtendedLifetime(writer) {}
        }
    }

    @Test func discardAndDropRemoveThePartialFile() throws {
        try withTemporaryDirectory { directory in
            let discarded = directory.appendingPathComponent("discarded.qbr")
            let writer = try ResultWriter(file: discarded)
            try writer.append([])
            writer.discard()
            writer.discard()
            #expect(!FileManager.default.fileExists(atPath: discarded.path + ".partial"))
            #expect(throws: ResultError.self) { try writer.append([]) }
            #expect(throws: ResultError.notFound) { try ResultReader(file: discarded) }

            let dropped = directory.appendingPathComponent("dropped.qbr")
            do {
                let abandoned = try ResultWriter(file: dropped)
                try abandoned.append([])
            }
            #expect(!FileManager.default.fileExists(atPath: dropped.path + ".partial"))
        }
    }

    @Test func finishReplacesAnOlderResultAtomically() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("rerun.qbr")
            try writeResult(file, columns: syntheticColumns, rows: (0..<5).map(syntheticRow))

            let rerun = try ResultWriter(file: file, batchRows: 2)
            try rerun.begin(columns: [ResultColumn(name: "only", type: .text)])
            for index in 0..<7 { try rerun.append([.text("new \(index)")]) }
            // Until finish, readers still see the old, complete result.
            #expect(try ResultReader(file: file).totalRows == 5)
            try rerun.finish()

            let reader = try ResultReader(file: file)
            #expect(reader.totalRows == 7)
            #expect(try reader.rows(offset: 6, limit: 1) == [[.text("new 6")]])
            #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"))
        }
    }

    @Test func writerRejectsMisuse() throws {
        try withTemporaryDirectory { directory in
            let writer = try ResultWriter(file: directory.appendingPathComponent("misuse.qbr"))
            try writer.begin(columns: syntheticColumns)
            #expect(throws: ResultError.self) { try writer.append([.integer(1)]) }
            #expect(throws: ResultError.self) { try writer.begin(columns: []) }
            try writer.append(syntheticRow(1))
            try writer.finish()
            #expect(writer.rowCount == 1)
            #expect(throws: ResultError.self) { try writer.append(syntheticRow(2)) }
            #expect(throws: ResultError.self) { try writer.finish() }
        }
    }

    /// Cut points as distances from the end of a finished file.
    @Test(arguments: [1, 8, 31, 32, 33, 100, 400])
    func truncatedFileIsCorrupt(cutFromEnd: Int) throws {
        try withTemporaryDirectory { directory in
            let file = try sampleFile(in: directory)
            var bytes = try Data(contentsOf: file)
            #expect(bytes.count > 400)
            bytes.removeLast(cutFromEnd)
            try bytes.write(to: file)
            let error = #expect(throws: ResultError.self) { try ResultReader(file: file) }
            #expect(error.map(isCorrupt) == true)
        }
    }

    @Test(arguments: [0, 10, 15])
    func truncatedToAHeaderOrLessIsCorrupt(length: Int) throws {
        try withTemporaryDirectory { directory in
            let file = try sampleFile(in: directory)
            try Data(try Data(contentsOf: file).prefix(length)).write(to: file)
            let error = #expect(throws: ResultError.self) { try ResultReader(file: file) }
            #expect(error.map(isCorrupt) == true)
        }
    }

    @Test func badMagicOrVersionIsCorrupt() throws {
        try withTemporaryDirectory { directory in
            let file = try sampleFile(in: directory)
            let original = try Data(contentsOf: file)

            var badMagic = original
            badMagic[0] = UInt8(ascii: "X")
            try badMagic.write(to: file)
            #expect(throws: ResultError.corrupt("not a result file (bad header magic)")) { try ResultReader(file: file) }

            var badVersion = original
            badVersion[8] = 99
            try badVersion.write(to: file)
            #expect(throws: ResultError.corrupt("unsupported result format version 99")) {
                try ResultReader(file: file)
            }
        }
    }

    @Test func damagedIndexIsCorruptAtOpen() throws {
        try withTemporaryDirectory { directory in
            let file = try sampleFile(in: directory)
            var bytes = try Data(contentsOf: file)
            // The batch table ends right before the 32-byte footer; flip a bit in a row count.
            bytes[bytes.count - 33] ^= 0x01
            try bytes.write(to: file)
            #expect(throws: ResultError.corrupt("index checksum mismatch")) { try ResultReader(file: file) }
        }
    }

    @Test func damagedBatchIsCorruptWhenRead() throws {
        try withTemporaryDirectory { directory in
            let file = try sampleFile(in: directory)
            var bytes = try Data(contentsOf: file)
            // Byte 40 is inside the first batch's compressed data (header is 16 bytes).
            bytes[40] ^= 0xFF
            try bytes.write(to: file)
            let reader = try ResultReader(file: file)
            let error = #expect(throws: ResultError.self) { try reader.rows(offset: 0, limit: 5) }
            #expect(error.map(isCorrupt) == true)
            // Batches that were not damaged still read.
            #expect(try reader.rows(offset: 150, limit: 2) == [syntheticRow(150), syntheticRow(151)])
        }
    }

    private func sampleFile(in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("sample.qbr")
        try writeResult(file, columns: syntheticColumns, rows: (0..<200).map(syntheticRow), batchRows: 100)
        return file
    }
}

func isCorrupt(_ error: ResultError) -> Bool {
    if case .corrupt = error { return true }
    return false
}
