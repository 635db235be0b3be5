/// A 1-based line and column in a statement's text, for placing an engine's error.
public struct TextPosition: Sendable, Hashable {
    /// 1-based line; lines end at `\n` (so `\r\n` works too).
    public var line: Int
    /// 1-based column, counted in characters (grapheme clusters), not bytes.
    public var column: Int

    /// Creates a position from its parts.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of the UTF-8 byte `offset` in `text`, as engines report errors;
    /// `nil` when the offset is negative (the engine's "unknown") or past the end.
    public init?(utf8Offset offset: Int, in text: String) {
        let utf8 = Array(text.utf8)
        guard offset >= 0, offset <= utf8.count else { return nil }
        var line = 1
        var lineStart = 0
        for index in 0..<offset where utf8[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Decoding the line's prefix counts whole characters; a cut multi-byte sequence
        // would count as one replacement character, which is still the right column.
        let prefix = String(decoding: utf8[lineStart..<offset], as: UTF8.self)
        self.init(line: line, column: prefix.count + 1)
    }
}
