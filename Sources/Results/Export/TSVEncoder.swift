import Core

/// Tab-separated values in the style of PostgreSQL's `COPY … TO` text format: a header row,
/// a tab between fields, LF after every row; inside a field tab, LF, CR and backslash are
/// written `\t`, `\n`, `\r`, `\\`, and NULL is `\N` (the empty string is an empty field).
///
/// Other values as in CSV; a blob's `\x` prefix is escaped like any backslash (`\\x00ff`), as
/// `COPY` writes `bytea`. Not thread-safe.
public final class TSVEncoder: ExportEncoder {
    private let columns: [ResultColumn]

    public init(columns: [ResultColumn]) {
        self.columns = columns
    }

    public func begin(into output: inout [UInt8]) throws {
        for (index, column) in columns.enumerated() {
            if index > 0 { output.append(Self.tab) }
            Self.appendText(column.name, to: &output)
        }
        output.append(Self.lf)
    }

    public func encode(_ rows: [[Value]], into output: inout [UInt8]) throws {
        for row in rows {
            guard row.count == columns.count else {
                throw ExportError.failed("a row has \(row.count) values for \(columns.count) columns")
            }
            for index in row.indices {
                if index > 0 { output.append(Self.tab) }
                switch row[index] {
                case .null:
                    output.append(Self.backslash)
                    output.append(UInt8(ascii: "N"))
                case .integer(let number): ValueText.appendInteger(number, to: &output)
                case .real(let number): ValueText.appendUTF8(ValueText.real(number), to: &output)
                case .text(let text): Self.appendText(text, to: &output)
                case .blob(let bytes):
                    output.append(Self.backslash)
                    ValueText.appendBlob(bytes, to: &output)
                }
            }
            output.append(Self.lf)
        }
    }

    public func finish(into output: inout [UInt8]) throws {}

    static let tab = UInt8(ascii: "\t")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let backslash = UInt8(ascii: "\\")

    static func appendText(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard ValueText.contains(bytes, 0x09) || ValueText.contains(bytes, 0x0A) || ValueText.contains(bytes, 0x0D)
                || ValueText.contains(bytes, 0x5C)
            else {
                output.append(contentsOf: bytes)
                return
            }
            var runStart = 0
            for index in 0..<bytes.count {
                let escaped: UInt8
                switch bytes[index] {
                case tab: escaped = UInt8(ascii: "t")
                case lf: escaped = UInt8(ascii: "n")
                case cr: escaped = UInt8(ascii: "r")
                case backslash: escaped = backslash
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(backslash)
                output.append(escaped)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
