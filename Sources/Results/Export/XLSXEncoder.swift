import Core
import Foundation

/// An Excel workbook, streamed: a zip (see `ZipStreamWriter`) whose worksheets are written
/// row by row as batches arrive, never held whole.
///
/// Each sheet starts with the column names (bold, frozen) and holds at most
/// `rowsPerSheet` data rows — by default Excel's 1,048,576-row limit less the header — so a
/// longer result continues on `Sheet2`, `Sheet3`, …; the sheet count is planned from the row
/// count given at `init`. Numbers are numbers (integers beyond ±2^53, which Excel would round,
/// are written as text), NaN and infinities, blobs (`\x` + hex) and text are inline strings,
/// XML-escaped, with the characters XML 1.0 forbids removed and cut to Excel's 32,767
/// characters a cell. NULL is an empty cell. Not thread-safe.
public final class XLSXEncoder: ExportEncoder {
    /// Excel's rows per sheet.
    public static let excelRowLimit = 1_048_576
    /// Data rows per sheet by default: the limit less the header row.
    public static let maxDataRowsPerSheet = excelRowLimit - 1
    /// Excel's columns per sheet (A … XFD).
    public static let maxColumns = 16_384
    /// Excel's characters (UTF-16 code units) per cell.
    public static let maxCellCharacters = 32_767
    /// Integers beyond this magnitude lose digits as Excel numbers (doubles); they are text.
    static let exactIntegerLimit: Int64 = 1 << 53

    /// Sheets the workbook holds.
    public let sheetCount: Int
    /// Uncompressed worksheet XML written so far; lets an estimate check the per-file limit.
    public private(set) var sheetBytes = 0

    private let columns: [ResultColumn]
    private let rowsPerSheet: Int
    private let rowCount: Int
    private let zip: ZipStreamWriter
    private let letters: [[UInt8]]
    private var sheet = 0
    private var rowsInSheet = 0
    private var xml: [UInt8] = []
    private var rowDigits: [UInt8] = []

    /// Plans a workbook for `rowCount` rows. Throws `ExportError.tooLarge` past Excel's column
    /// limit, `.failed` if zlib cannot start.
    public init(columns: [ResultColumn], rowCount: Int, rowsPerSheet: Int = maxDataRowsPerSheet, date: Date = Date()) throws {
        guard columns.count <= Self.maxColumns else {
            throw ExportError.tooLarge("Excel sheets hold at most 16,384 columns; this result has \(columns.count)")
        }
        self.columns = columns
        self.rowCount = rowCount
        self.rowsPerSheet = max(1, min(rowsPerSheet, Self.maxDataRowsPerSheet))
        sheetCount = max(1, (rowCount + self.rowsPerSheet - 1) / self.rowsPerSheet)
        zip = try ZipStreamWriter(level: 1, date: date)
        letters = columns.indices.map { Array(XLSXParts.columnLetters($0).utf8) }
        xml.reserveCapacity(1 << 20)
    }

    public func begin(into output: inout [UInt8]) throws {
        try zip.addEntry("[Content_Types].xml", Array(XLSXParts.contentTypes(sheetCount: sheetCount).utf8), into: &output)
        try zip.addEntry("_rels/.rels", Array(XLSXParts.packageRelationships.utf8), into: &output)
        try zip.addEntry("xl/workbook.xml", Array(XLSXParts.workbook(sheetCount: sheetCount).utf8), into: &output)
        try zip.addEntry(
            "xl/_rels/workbook.xml.rels", Array(XLSXParts.workbookRelationships(sheetCount: sheetCount).utf8), into: &output)
        try zip.addEntry("xl/styles.xml", Array(XLSXParts.styles.utf8), into: &output)
        try startSheet(into: &output)
    }

    public func encode(_ rows: [[Value]], into output: inout [UInt8]) throws {
        for row in rows {
            guard row.count == columns.count else {
                throw ExportError.failed("a row has \(row.count) values for \(columns.count) columns")
            }
            if rowsInSheet == rowsPerSheet {
                try endSheet(into: &output)
                try startSheet(into: &output)
            }
            rowsInSheet += 1
            appendRow(row, number: rowsInSheet + 1)
            if xml.count >= 1 << 20 { try flush(into: &output) }
        }
        try flush(into: &output)
    }

    public func finish(into output: inout [UInt8]) throws {
        try endSheet(into: &output)
        // A plan for more sheets than rows came (fewer rows than announced) still needs every
        // sheet the workbook lists.
        while sheet < sheetCount {
            try startSheet(into: &output)
            try endSheet(into: &output)
        }
        try zip.finish(into: &output)
    }

    private func startSheet(into output: inout [UInt8]) throws {
        guard sheet < sheetCount else {
            throw ExportError.failed("more rows than the \(sheetCount) sheet(s) planned for")
        }
        sheet += 1
        rowsInSheet = 0
        try zip.beginEntry("xl/worksheets/sheet\(sheet).xml", into: &output)
        let rows = min(rowsPerSheet, max(0, rowCount - (sheet - 1) * rowsPerSheet))
        ValueText.appendUTF8(XLSXParts.sheetStart(columns: columns.count, rows: rows + 1), to: &xml)
        ValueText.appendUTF8(#"<row r="1">"#, to: &xml)
        for (index, column) in columns.enumerated() {
            appendCellStart(index, row: [UInt8(ascii: "1")])
            ValueText.appendUTF8(#" s="1""#, to: &xml)
            appendInlineString(column.name)
        }
        ValueText.appendUTF8("</row>", to: &xml)
    }

    private func endSheet(into output: inout [UInt8]) throws {
        ValueText.appendUTF8(XLSXParts.sheetEnd, to: &xml)
        try flush(into: &output)
        try zip.endEntry(into: &output)
    }

    private func flush(into output: inout [UInt8]) throws {
        guard !xml.isEmpty else { return }
        sheetBytes += xml.count
        try zip.write(xml, into: &output)
        xml.removeAll(keepingCapacity: true)
    }

    private func appendRow(_ row: [Value], number: Int) {
        rowDigits.removeAll(keepingCapacity: true)
        ValueText.appendUTF8(String(number), to: &rowDigits)
        ValueText.appendUTF8(#"<row r=""#, to: &xml)
        xml.append(contentsOf: rowDigits)
        xml.append(UInt8(ascii: "\""))
        xml.append(UInt8(ascii: ">"))
        for index in row.indices {
            switch row[index] {
            case .null:
                continue
            case .integer(let number) where number.magnitude <= UInt64(Self.exactIntegerLimit):
                appendCellStart(index, row: rowDigits)
                appendNumber(String(number))
            case .integer(let number):
                appendCellStart(index, row: rowDigits)
                appendInlineString(String(number))
            case .real(let number):
                appendCellStart(index, row: rowDigits)
                if let word = ValueText.nonFinite(number) {
                    appendInlineString(word)
                } else {
                    appendNumber(number.description)
                }
            case .text(let text):
                appendCellStart(index, row: rowDigits)
                appendInlineString(text)
            case .blob(let bytes):
                appendCellStart(index, row: rowDigits)
                appendInlineString(ValueText.blob(bytes))
            }
        }
        ValueText.appendUTF8("</row>", to: &xml)
    }

    /// `<c r="B7"` — the caller adds attributes, then the value.
    private func appendCellStart(_ column: Int, row: [UInt8]) {
        ValueText.appendUTF8(#"<c r=""#, to: &xml)
        xml.append(contentsOf: letters[column])
        xml.append(contentsOf: row)
        xml.append(UInt8(ascii: "\""))
    }

    private func appendNumber(_ text: String) {
        ValueText.appendUTF8("><v>", to: &xml)
        ValueText.appendUTF8(text, to: &xml)
        ValueText.appendUTF8("</v></c>", to: &xml)
    }

    private func appendInlineString(_ text: String) {
        let text = text.utf8.count > Self.maxCellCharacters ? Self.cutToCellLimit(text) : text
        ValueText.appendUTF8(#" t="inlineStr"><is><t"#, to: &xml)
        if let first = text.utf8.first, let last = text.utf8.last, Self.isSpace(first) || Self.isSpace(last) {
            ValueText.appendUTF8(#" xml:space="preserve""#, to: &xml)
        }
        xml.append(UInt8(ascii: ">"))
        XMLText.appendEscaped(text, to: &xml)
        ValueText.appendUTF8("</t></is></c>", to: &xml)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The longest prefix of `text` within Excel's 32,767 UTF-16 code units, whole scalars only.
    static func cutToCellLimit(_ text: String) -> String {
        var units = 0
        var end = text.unicodeScalars.startIndex
        for index in text.unicodeScalars.indices {
            let width = UTF16.width(text.unicodeScalars[index])
            if units + width > maxCellCharacters { break }
            units += width
            end = text.unicodeScalars.index(after: index)
        }
        return String(text.unicodeScalars[..<end])
    }
}
