/// Turns ClickHouse's text form of an array (`[1,2]`, `['a\'b',NULL]`, `[[1],[2,3]]`) into
/// JSON text.
///
/// Stateless. Quoted elements (strings, dates, UUIDs, enums) become JSON strings with their
/// escapes resolved; `NULL` becomes `null`; numbers stay numbers, except `nan`, `inf` and
/// `-inf`, which JSON cannot hold and become the strings `"nan"`, `"inf"`, `"-inf"`; tuples
/// inside arrays become their ClickHouse text as a JSON string.
enum ClickHouseArrayLiteral {
    /// The JSON text of an array field, or `nil` when the field is not an array literal.
    static func json(_ field: UnsafeRawBufferPointer) -> String? {
        var parser = Parser(bytes: field)
        var out: [UInt8] = []
        out.reserveCapacity(field.count + 8)
        guard parser.array(into: &out), parser.index == field.count else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func array(into out: inout [UInt8]) -> Bool {
            guard current == UInt8(ascii: "[") else { return false }
            index += 1
            out.append(UInt8(ascii: "["))
            if current == UInt8(ascii: "]") {
                index += 1
                out.append(UInt8(ascii: "]"))
                return true
            }
            while true {
                guard element(into: &out) else { return false }
                switch current {
                case UInt8(ascii: ","):
                    index += 1
                    out.append(UInt8(ascii: ","))
                case UInt8(ascii: "]"):
                    index += 1
                    out.append(UInt8(ascii: "]"))
                    return true
                default:
                    return false
                }
            }
        }

        private mutating func element(into out: inout [UInt8]) -> Bool {
            switch current {
            case UInt8(ascii: "["):
                return array(into: &out)
            case UInt8(ascii: "'"):
                guard let text = quoted() else { return false }
                appendJSONString(text, to: &out)
                return true
            case UInt8(ascii: "("):
                guard let text = tuple() else { return false }
                appendJSONString(text, to: &out)
                return true
            default:
                let start = index
                while let byte = current, byte != UInt8(ascii: ","), byte != UInt8(ascii: "]") { index += 1 }
                let token = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                switch token {
                case "": return false
                case "NULL": out.append(contentsOf: "null".utf8)
                case "nan", "-nan", "inf", "-inf", "+inf": appendJSONString(Array(token.utf8), to: &out)
                default: out.append(contentsOf: token.utf8)
                }
                return true
            }
        }

        /// A single-quoted string with its backslash escapes resolved.
        private mutating func quoted() -> [UInt8]? {
            index += 1
            var text: [UInt8] = []
            while let byte = current {
                index += 1
                if byte == UInt8(ascii: "'") { return text }
                if byte == UInt8(ascii: "\\"), let escaped = current {
                    index += 1
                    text.append(ClickHouseTSV.unescaped(escaped))
                } else {
                    text.append(byte)
                }
            }
            return nil
        }

        /// A parenthesized tuple, kept as its raw text.
        private mutating func tuple() -> [UInt8]? {
            let start = index
            var depth = 0
            while let byte = current {
                index += 1
                switch byte {
                case UInt8(ascii: "'"):
                    index -= 1
                    guard quoted() != nil else { return nil }
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 { return Array(bytes[start..<index]) }
                default: break
                }
            }
            return nil
        }
    }

    /// Appends `text` (UTF-8) as a JSON string literal.
    static func appendJSONString(_ text: [UInt8], to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
