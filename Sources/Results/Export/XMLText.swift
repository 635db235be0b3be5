import Foundation

/// XML 1.0 character data: escaping, and removing what XML 1.0 cannot hold at all.
enum XMLText {
    /// Bytes that need a look: controls but tab and LF, CR, `&`, `<`, `>`, and 0xEF (the
    /// lead byte of U+FFFE and U+FFFF).
    private static let stops = ValueText.stopSet(controlsExcept: [0x09, 0x0A], plus: Array("&<>".utf8) + [0xEF])

    /// Appends `text` with `&`, `<`, `>` escaped and CR as `&#13;` (a parser would turn a raw
    /// CR into LF). Characters XML 1.0 forbids — controls other than tab, LF and CR, and
    /// U+FFFE, U+FFFF — are dropped. (Swift strings hold no lone surrogates.)
    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        if ValueText.hasNone(of: stops, in: text) {
            ValueText.appendUTF8(text, to: &output)
            return
        }
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let replacement: StaticString?
                var skip = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: index += 1; continue
                case 0..<0x20: replacement = ""
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                    replacement = ""  // U+FFFE or U+FFFF
                    skip = 3
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                if let replacement {
                    replacement.withUTF8Buffer { output.append(contentsOf: $0) }
                }
                index += skip
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
