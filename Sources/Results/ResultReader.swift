import Core
import Foundation
import Synchronization

/// Reads pages of rows from a finished result file.
///
/// Opening reads only the header, footer and index; rows are inflated on demand, and only the
/// batches a request overlaps. Immutable after `init` and safe to share between threads: reads
/// use `pread` on one descriptor, and the decode counter is atomic.
public final class ResultReader: @unchecked Sendable {
    /// The file this reader opened.
    public let file: URL
    /// The result's columns, in order.
    public let columns: [ResultColumn]
    /// Rows in the whole result.
    public let totalRows: Int

    /// Number of compressed batches in the file.
    public var batchCount: Int { batches.count }

    /// Batches inflated so far by this reader (all threads); lets tests and metrics check
    /// that a page touched only the batches it overlaps.
    public var batchesDecoded: Int { decodedCounter.load(ordering: .relaxed) }

    private let input: PosixFile
    private let batches: [BatchEntry]
    /// `rowStarts[i]` is the index of batch `i`'s first row in the whole result.
    private let rowStarts: [Int]
    private let decodedCounter = Atomic<Int>(0)

    /// Opens `file` and reads its index.
    ///
    /// Throws `ResultError.notFound` when there is no file (including when only an unfinished
    /// `.partial` exists) and `ResultError.corrupt` on bad magic, an unknown version, a
    /// truncated file or an index whose checksum does not match.
    public init(file: URL) throws {
        self.file = file
        input = try PosixFile.openForReading(path: file.path)
        let size = try input.size()
        guard size >= ResultFormat.headerSize + ResultFormat.footerSize else {
            throw ResultError.corrupt("file of \(size) bytes is too short to be a result")
        }
        try ResultFormat.validateHeader(try input.read(at: 0, count: ResultFormat.headerSize))
        let footer = try ResultFooter(
            decoding: try input.read(at: size - ResultFormat.footerSize, count: ResultFormat.footerSize),
            fileSize: size)
        let indexBytes = try input.read(at: Int(footer.indexOffset), count: Int(footer.indexLength))
        guard ResultFormat.crc32(indexBytes) == footer.indexCRC else {
            throw ResultError.corrupt("index checksum mismatch")
        }
        let index = try ResultIndex(decoding: indexBytes, indexOffset: footer.indexOffset)
        columns = index.columns
        batches = index.batches
        var starts: [Int] = []
        starts.reserveCapacity(index.batches.count)
        var total = 0
        for batch in index.batches {
            starts.append(total)
            total += Int(batch.rowCount)
        }
        rowStarts = starts
        totalRows = total
    }

    /// Rows `offset ..< offset + limit`, clipped to the result.
    ///
    /// Inflates only the batches overlapping that range, found by binary search over the
    /// batches' first-row numbers. An offset at or past the end, or a limit of zero or less,
    /// returns no rows. Throws `ResultError.corrupt` if a needed batch is damaged.
    public func rows(offset: Int, limit: Int) throws -> [[Value]] {
        let start = max(0, offset)
        guard limit > 0, start < totalRows else { return [] }
        let end = start + min(limit, totalRows - start)
        var rows: [[Value]] = []
        rows.reserveCapacity(end - start)
        var batchIndex = batch(containing: start)
        while batchIndex < batches.count, rowStarts[batchIndex] < end {
            let first = rowStarts[batchIndex]
            let count = Int(batches[batchIndex].rowCount)
            let skip = max(0, start - first)
            let take = min(count, end - first) - skip
            rows.append(contentsOf: try decodeBatch(batchIndex, skip: skip, take: take))
            batchIndex += 1
        }
        return rows
    }

    /// Calls `body` with each batch's rows in order, inflating one batch at a time, so an
    /// export holds at most one batch in memory. Errors from `body` stop the walk and are
    /// rethrown.
    public func forEachBatch(_ body: ([[Value]]) throws -> Void) throws {
        for index in batches.indices {
            try body(try decodeBatch(index, skip: 0, take: Int(batches[index].rowCount)))
        }
    }

    /// The rows of batch `index` (0 ..< `batchCount`), inflated on this call; lets an async
    /// caller (an export) pull one batch at a time and await between batches. Throws
    /// `ResultError.corrupt` if the batch is damaged; an index outside the file is a
    /// `ResultError.io` misuse.
    public func rows(inBatch index: Int) throws -> [[Value]] {
        guard batches.indices.contains(index) else {
            throw ResultError.io("batch \(index) is outside 0..<\(batches.count)")
        }
        return try decodeBatch(index, skip: 0, take: Int(batches[index].rowCount))
    }

    /// The inflated bytes of batch `index`, its row count and the index of its first row in the
    /// whole result, for scans that decode only the columns they need (charts). Thread-safe.
    func inflatedBatch(_ index: Int) throws -> (bytes: [UInt8], rows: Int, firstRow: Int) {
        let entry = batches[index]
        let compressed = try input.read(at: Int(entry.offset), count: Int(entry.compressedLength))
        let raw = try Inflater.inflate(compressed, expectedLength: Int(entry.uncompressedLength))
        decodedCounter.add(1, ordering: .relaxed)
        return (raw, Int(entry.rowCount), rowStarts[index])
    }

    /// The index of the batch holding row `row` (which must be below `totalRows`).
    private func batch(containing row: Int) -> Int {
        // Last batch whose first row is <= row. Empty batches (never written) would share a
        // start; taking the last keeps us on the one that actually holds the row.
        var low = 0
        var high = rowStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if rowStarts[middle] <= row {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    private func decodeBatch(_ index: Int, skip: Int, take: Int) throws -> [[Value]] {
        let entry = batches[index]
        let compressed = try input.read(at: Int(entry.offset), count: Int(entry.compressedLength))
        let raw = try Inflater.inflate(compressed, expectedLength: Int(entry.uncompressedLength))
        decodedCounter.add(1, ordering: .relaxed)
        return try BatchDecoder.decode(
            raw, columnCount: columns.count, rowCount: Int(entry.rowCount), skip: skip, take: take)
    }
}
