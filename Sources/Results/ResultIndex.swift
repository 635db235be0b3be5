import Core
import Foundation

/// Where one compressed batch lives in the file and what it holds.
struct BatchEntry: Equatable, Sendable {
    /// Byte offset of the batch's zlib stream from the start of the file.
    var offset: UInt64
    var compressedLength: UInt32
    /// Size of the encoded rows once inflated; lets the reader allocate exactly once.
    var uncompressedLength: UInt32
    var rowCount: UInt32

    static let encodedSize = 20
}

/// The index written after the last batch: the columns and the batch table.
///
/// Layout: `columnsLength u32 | columns JSON | totalRows u64 | batchCount u32 |
/// batchCount × (offset u64, compressedLength u32, uncompressedLength u32, rowCount u32)`.
struct ResultIndex: Equatable {
    var columns: [ResultColumn]
    var batches: [BatchEntry]

    /// Sum of the batches' row counts.
    var totalRows: Int { batches.reduce(0) { $0 + Int($1.rowCount) } }

    func encoded() throws -> [UInt8] {
        let json: [UInt8]
        do {
            json = Array(try JSONEncoder().encode(columns))
        } catch {
            throw ResultError.io("cannot encode columns: \(error)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + json.count + 12 + batches.count * BatchEntry.encodedSize)
        bytes.appendLittleEndian(UInt32(json.count))
        bytes.append(contentsOf: json)
        bytes.appendLittleEndian(UInt64(totalRows))
        bytes.appendLittleEndian(UInt32(batches.count))
        for batch in batches {
            bytes.appendLittleEndian(batch.offset)
            bytes.appendLittleEndian(batch.compressedLength)
            bytes.appendLittleEndian(batch.uncompressedLength)
            bytes.appendLittleEndian(batch.rowCount)
        }
        return bytes
    }

    /// Parses an index and checks every batch lies between the header and `indexOffset`.
    init(decoding bytes: [UInt8], indexOffset: UInt64) throws {
        (columns, batches) = try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, part: "index")
            let jsonLength = Int(try cursor.uint32())
            let json = Data(try cursor.bytes(jsonLength))
            let columns: [ResultColumn]
            do {
                columns = try JSONDecoder().decode([ResultColumn].self, from: json)
            } catch {
                throw ResultError.corrupt("index columns are not valid JSON")
            }
            let totalRows = try cursor.uint64()
            let batchCount = Int(try cursor.uint32())
            guard cursor.remaining == batchCount * BatchEntry.encodedSize else {
                throw ResultError.corrupt("index batch table has the wrong size")
            }
            var batches: [BatchEntry] = []
            batches.reserveCapacity(batchCount)
            var rowSum: UInt64 = 0
            for _ in 0..<batchCount {
                let entry = BatchEntry(
                    offset: try cursor.uint64(), compressedLength: try cursor.uint32(),
                    uncompressedLength: try cursor.uint32(), rowCount: try cursor.uint32())
                // Compared without adding, so a wild offset cannot overflow.
                guard entry.offset >= UInt64(ResultFormat.headerSize), entry.offset <= indexOffset,
                    UInt64(entry.compressedLength) <= indexOffset - entry.offset
                else {
                    throw ResultError.corrupt("batch \(batches.count) lies outside the data area")
                }
                rowSum += UInt64(entry.rowCount)
                batches.append(entry)
            }
            guard rowSum == totalRows else {
                throw ResultError.corrupt("index row count \(totalRows) does not match its batches (\(rowSum))")
            }
            return (columns, batches)
        }
    }

    init(columns: [ResultColumn], batches: [BatchEntry]) {
        self.columns = columns
        self.batches = batches
    }
}
