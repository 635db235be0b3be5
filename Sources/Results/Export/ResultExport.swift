import Core
import Foundation

/// One planned export: the rows to write, the format, and an estimate of the file's size,
/// made before the first byte is sent so the response can announce it and a file that could
/// not be made (an XLSX past 4 GiB) is refused up front.
///
/// The estimate encodes the first batch once on its own and scales it to all rows; that batch
/// is kept and becomes the stream's first, so it is read only once. `makeStream()` gives the
/// bytes chunk by chunk — one chunk per batch — holding about one batch in memory.
/// Immutable and `Sendable`; each stream is used by one task.
public struct ResultExport: Sendable {
    public let source: any ExportSource
    public let format: ExportFormat
    /// Approximate size of the whole file in bytes (exact for an empty result).
    public let estimatedBytes: Int
    /// Rows the file will hold.
    public var rowCount: Int { source.totalRows }

    private let firstBatch: [[Value]]
    private let rowsPerSheet: Int
    private let date: Date

    /// Plans the export of `source` as `format`.
    ///
    /// Throws `ExportError.tooLarge` when the estimate already passes the format's limit (XLSX:
    /// 4 GiB for the file or one sheet's XML), and the source's errors reading batch 0.
    public init(
        source: any ExportSource, format: ExportFormat, rowsPerSheet: Int = XLSXEncoder.maxDataRowsPerSheet,
        date: Date = Date()
    ) throws {
        self.source = source
        self.format = format
        self.rowsPerSheet = rowsPerSheet
        self.date = date
        firstBatch = source.batchCount > 0 ? try source.rows(inBatch: 0) : []

        // Fixed bytes (header, zip directory) from an empty file; per-row bytes from the sample.
        let empty = try Self.measure(format, source.columns, rows: [], planned: source.totalRows, rowsPerSheet, date)
        let sample = try Self.measure(format, source.columns, rows: firstBatch, planned: source.totalRows, rowsPerSheet, date)
        let sampleRows = max(1, firstBatch.count)
        let bytesPerRow = Double(sample.bytes - empty.bytes) / Double(sampleRows)
        estimatedBytes = empty.bytes + Int((bytesPerRow * Double(source.totalRows)).rounded())

        if format == .xlsx {
            let sheetXMLPerRow = Double(sample.sheetBytes - empty.sheetBytes) / Double(sampleRows)
            let largestSheet = Double(min(source.totalRows, rowsPerSheet)) * sheetXMLPerRow
            if estimatedBytes > ZipStreamWriter.maxSize || largestSheet > Double(ZipStreamWriter.maxSize) {
                let size = max(Double(estimatedBytes), largestSheet) / Double(1 << 30)
                throw ExportError.tooLarge(
                    "This result would make an Excel file (or one sheet of it) of about \(String(format: "%.1f", size)) GiB, "
                        + "over the 4 GiB an .xlsx file can hold here. Export it as CSV, TSV or JSON lines instead.")
            }
        }
    }

    /// A fresh stream of the file's bytes.
    public func makeStream() throws -> ExportStream {
        ExportStream(
            source: source, firstBatch: firstBatch,
            encoder: try format.makeEncoder(columns: source.columns, rowCount: source.totalRows, rowsPerSheet: rowsPerSheet, date: date))
    }

    private static func measure(
        _ format: ExportFormat, _ columns: [ResultColumn], rows: [[Value]], planned: Int, _ rowsPerSheet: Int, _ date: Date
    ) throws -> (bytes: Int, sheetBytes: Int) {
        let encoder = try format.makeEncoder(columns: columns, rowCount: planned, rowsPerSheet: rowsPerSheet, date: date)
        var output: [UInt8] = []
        try encoder.begin(into: &output)
        try encoder.encode(rows, into: &output)
        var bytes = output.count
        output.removeAll()
        // Finishing an XLSX planned for several sheets would add empty ones: leave it out.
        if format != .xlsx || planned <= rowsPerSheet {
            try encoder.finish(into: &output)
            bytes += output.count
        }
        return (bytes, (encoder as? XLSXEncoder)?.sheetBytes ?? 0)
    }
}

/// The bytes of one export, pulled chunk by chunk: the head and first batch, then one chunk
/// per batch, then the tail. Reads each batch only when asked, so a caller that stops pulling
/// (a client that stopped reading) stops the export. Not thread-safe.
public final class ExportStream {
    private let source: any ExportSource
    private var firstBatch: [[Value]]?
    private let encoder: any ExportEncoder
    private var nextBatch = 0
    private var finished = false
    /// Rows encoded so far.
    public private(set) var rowsWritten = 0
    /// Bytes handed out so far.
    public private(set) var bytesWritten = 0

    init(source: any ExportSource, firstBatch: [[Value]], encoder: any ExportEncoder) {
        self.source = source
        self.firstBatch = firstBatch
        self.encoder = encoder
    }

    /// The next chunk of the file, or `nil` after the last. Rethrows the source's read errors
    /// and `ExportError` (a limit passed while writing).
    public func next() throws -> [UInt8]? {
        guard !finished else { return nil }
        var output: [UInt8] = []
        if nextBatch == 0 {
            try encoder.begin(into: &output)
        }
        if nextBatch < source.batchCount {
            let rows: [[Value]]
            if nextBatch == 0, let first = firstBatch {
                rows = first
                firstBatch = nil
            } else {
                rows = try source.rows(inBatch: nextBatch)
            }
            nextBatch += 1
            try encoder.encode(rows, into: &output)
            rowsWritten += rows.count
        }
        if nextBatch >= source.batchCount {
            try encoder.finish(into: &output)
            finished = true
        }
        bytesWritten += output.count
        return output
    }
}
