import Core
import Foundation

/// The file formats a stored result can be exported as (Docs/API.md has the byte rules).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// Tab-separated values, escaped like PostgreSQL's `COPY … TO` text format.
    case tsv
    /// One JSON object per line, keyed by column name.
    case jsonl
    /// An Excel workbook (Office Open XML), split into sheets of at most 1,048,576 rows.
    case xlsx

    /// The `Content-Type` of a file in this format.
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .tsv: "text/tab-separated-values; charset=utf-8"
        case .jsonl: "application/x-ndjson; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// A fresh encoder for one export of `rowCount` rows under `columns`.
    ///
    /// `rowsPerSheet` (XLSX only) is the number of data rows per worksheet; tests pass a small
    /// one to see the split. Throws `ExportError` if zlib cannot be set up.
    public func makeEncoder(
        columns: [ResultColumn], rowCount: Int, rowsPerSheet: Int = XLSXEncoder.maxDataRowsPerSheet, date: Date = Date()
    ) throws -> any ExportEncoder {
        switch self {
        case .csv: CSVEncoder(columns: columns)
        case .tsv: TSVEncoder(columns: columns)
        case .jsonl: JSONLinesEncoder(columns: columns)
        case .xlsx: try XLSXEncoder(columns: columns, rowCount: rowCount, rowsPerSheet: rowsPerSheet, date: date)
        }
    }
}

/// Turns rows into the bytes of one export file, a batch at a time.
///
/// Call `begin` once, `encode` for each batch in order, then `finish` once; each call appends
/// to `output` and never needs to look back at bytes already handed out, so the caller can
/// send and clear `output` between calls. Not thread-safe: one export owns one encoder.
public protocol ExportEncoder: AnyObject {
    /// What comes before the first row: a header row, or the workbook's fixed parts.
    func begin(into output: inout [UInt8]) throws
    /// The bytes of `rows`, each with one value per column.
    func encode(_ rows: [[Value]], into output: inout [UInt8]) throws
    /// What comes after the last row (for XLSX the zip's central directory).
    func finish(into output: inout [UInt8]) throws
}

/// Why an export cannot be made.
public enum ExportError: Error, Equatable, Sendable {
    /// The file would pass a limit of its format (XLSX: 4 GiB without zip64); the message
    /// says which and what to do instead. Raised before any byte is sent when the estimate
    /// already shows it, else as soon as the limit is reached.
    case tooLarge(String)
    /// The rows did not match what the export was planned for (more rows than announced,
    /// a row with the wrong number of values), or zlib failed.
    case failed(String)
}
