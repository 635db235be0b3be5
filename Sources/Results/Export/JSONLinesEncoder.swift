import Core

/// JSON lines: one JSON object per row, keyed by column name, each followed by LF; no header.
///
/// Values as in the rows API: numbers, strings, `null`; blobs as `"\x…"` hex strings; NaN and
/// infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. A column name that an
/// earlier column already used gets the first free suffix `_2`, `_3`, … (see
/// `uniqueKeys(_:)`), so no key is lost. Not thread-safe.
public final class JSONLinesEncoder: ExportEncoder {
    /// `"key":` for each column, escaped once.
    private let keyPrefixes: [[UInt8]]

    public init(columns: [ResultColumn]) {
        keyPrefixes = Self.uniqueKeys(columns.map(\.name)).enumerated().map { index, key in
            var bytes: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            Self.appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
    }

    /// The object keys for `names`: each name as it is, unless an earlier key took it; then
    /// the name with the first suffix `_2`, `_3`, … that no column name or earlier key has.
    public static func uniqueKeys(_ names: [String]) -> [String] {
        let taken = Set(names)
        var used: Set<String> = []
        return names.map { name in
            var key = name
            var suffix = 2
            while used.contains(key) || (key != name && taken.contains(key)) {
                key = "\(name)_\(suffix)"
                suffix += 1
            }
            used.insert(key)
            return key
        }
    }

    public func begin(into output: inout [UInt8]) throws {}

    public func encode(_ rows: [[Value]], into output: inout [UInt8]) throws {
        for row in rows {
            guard row.count == keyPrefixes.count else {
                throw ExportError.failed("a row has \(row.count) values for \(keyPrefixes.count) columns")
            }
            if row.isEmpty { output.append(UInt8(ascii: "{")) }
            for index in row.indices {
                output.append(contentsOf: keyPrefixes[index])
                switch row[index] {
                case .null: ValueText.appendUTF8("null", to: &output)
                case .integer(let number): ValueText.appendInteger(number, to: &output)
                case .real(let number):
                    if let word = ValueText.nonFinite(number) {
                        Self.appendString(word, to: &output)
                    } else {
                        ValueText.appendUTF8(ValueText.jsonReal(number), to: &output)
                    }
                case .text(let text): Self.appendString(text, to: &output)
                case .blob(let bytes):
                    output.append(UInt8(ascii: "\""))
                    output.append(Self.backslash)  // the `\` of `\x`, escaped
                    ValueText.appendBlob(bytes, to: &output)
                    output.append(UInt8(ascii: "\""))
                }
            }
            output.append(UInt8(ascii: "}"))
            output.append(UInt8(ascii: "\n"))
        }
    }

    public func finish(into output: inout [UInt8]) throws {}

    static let backslash = UInt8(ascii: "\\")
    /// Bytes a JSON string must escape (NUL makes `hasNone` answer false on its own).
    private static let stringStops = ValueText.stopSet(plus: [0x22, 0x5C])

    /// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`,
    /// `\t`, `\b`, `\f` or `\u00XX`; everything else as UTF-8.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if ValueText.hasNone(of: stringStops, in: text) {
            ValueText.appendUTF8(text, to: &output)
            output.append(UInt8(ascii: "\""))
            return
        }
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(backslash)
                switch byte {
                case 0x22: output.append(0x22)
                case backslash: output.append(backslash)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    output.append(ValueText.hexDigits[Int(byte >> 4)])
                    output.append(ValueText.hexDigits[Int(byte & 0x0F)])
                }
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
