import Core

/// RFC 4180 CSV: a header row of column names, comma-separated fields, CRLF after every row.
///
/// A field is quoted when it is an empty string or holds a comma, a double quote, CR or LF,
/// or starts or ends with a space or tab; quotes inside are doubled. NULL is an empty field
/// without quotes, so it differs from the empty string (`""`). Integers and reals are plain
/// numbers (reals with round-trip precision; `NaN`, `Infinity`, `-Infinity` as words), blobs
/// `\x` + hex. Not thread-safe.
public final class CSVEncoder: ExportEncoder {
    private let columns: [ResultColumn]

    public init(columns: [ResultColumn]) {
        self.columns = columns
    }

    public func begin(into output: inout [UInt8]) throws {
        for (index, column) in columns.enumerated() {
            if index > 0 { output.append(Self.comma) }
            Self.appendText(column.name, to: &output)
        }
        output.append(Self.cr)
        output.append(Self.lf)
    }

    public func encode(_ rows: [[Value]], into output: inout [UInt8]) throws {
        for row in rows {
            guard row.count == columns.count else {
                throw ExportError.failed("a row has \(row.count) values for \(columns.count) columns")
            }
            for index in row.indices {
                if index > 0 { output.append(Self.comma) }
                switch row[index] {
                case .null: break
                case .integer(let number): ValueText.appendInteger(number, to: &output)
                case .real(let number): ValueText.appendUTF8(ValueText.real(number), to: &output)
                case .text(let text): Self.appendText(text, to: &output)
                case .blob(let bytes): ValueText.appendBlob(bytes, to: &output)
                }
            }
            output.append(Self.cr)
            output.append(Self.lf)
        }
    }

    public func finish(into output: inout [UInt8]) throws {}

    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// Appends `text` as one field, quoted only when it must be.
    static func appendText(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard needsQuotes(bytes) else {
                output.append(contentsOf: bytes)
                return
            }
            output.append(quote)
            var runStart = 0
            for index in 0..<bytes.count where bytes[index] == quote {
                // The run up to and including this quote, then the quote again.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
                output.append(quote)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            output.append(quote)
        }
    }

    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        return ValueText.contains(bytes, 0x2C) || ValueText.contains(bytes, 0x22)
            || ValueText.contains(bytes, 0x0D) || ValueText.contains(bytes, 0x0A)
    }
}
