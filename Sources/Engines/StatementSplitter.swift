/// Cuts a query text into statements at the `;` that end them.
///
/// A `;` ends a statement only outside single-quoted strings (`''` escapes, and backslash
/// escapes in PostgreSQL `E'…'` strings), double-quoted, backtick and `[bracket]`
/// identifiers, `--` line comments, `/* block comments */` (not nested, as in SQLite) and
/// PostgreSQL dollar quotes (`$$…$$`, `$tag$…$tag$`). Pure and thread-safe.
public enum StatementSplitter {
    /// The statements of `sql`, in order.
    ///
    /// Each text is trimmed of surrounding whitespace and has no closing `;`. Statements with
    /// nothing but whitespace and comments are dropped; a last statement without `;` counts.
    /// A `--` comment on the same line right after a `;` belongs to the statement it follows,
    /// so it is left out of the next one.
    public static func split(_ sql: String) -> [SplitStatement] {
        var scanner = Scanner(bytes: Array(sql.utf8))
        return scanner.run()
    }
}

/// The byte-level state machine behind ``StatementSplitter``.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    var statements: [SplitStatement] = []

    /// Where the current statement's first non-space byte is, if it has one yet.
    var start: Int?
    /// Whether the current statement has anything besides comments.
    var hasCode = false

    /// Lines are counted lazily, always forwards, since statement starts only move forwards.
    var countedUpTo = 0
    var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func run() -> [SplitStatement] {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.semicolon {
                finishStatement(end: index)
                index += 1
                skipTrailingLineComment()
                continue
            }
            if ASCII.isSpace(byte) {
                index += 1
                continue
            }
            if start == nil { start = index }
            scanToken(byte)
        }
        finishStatement(end: bytes.count)
        return statements
    }

    /// Moves `index` past one token that starts with `byte`, which is not a space or `;`.
    private mutating func scanToken(_ byte: UInt8) {
        switch byte {
        case ASCII.dash where peek(1) == ASCII.dash:
            index = endOfLine(from: index)
        case ASCII.slash where peek(1) == ASCII.star:
            index = endOfBlockComment(from: index + 2)
        case ASCII.singleQuote:
            hasCode = true
            index = endOfQuoted(from: index + 1, close: ASCII.singleQuote, backslashEscapes: isEscapeString(at: index))
        case ASCII.doubleQuote, ASCII.backtick:
            hasCode = true
            index = endOfQuoted(from: index + 1, close: byte, backslashEscapes: false)
        case ASCII.openBracket:
            hasCode = true
            index = endOfQuoted(from: index + 1, close: ASCII.closeBracket, backslashEscapes: false)
        case ASCII.dollar:
            hasCode = true
            if let tag = dollarTag(at: index) {
                index = endOfDollarQuote(from: index + tag.count, tag: tag)
            } else {
                index += 1
            }
        default:
            hasCode = true
            index += 1
        }
    }

    private mutating func finishStatement(end: Int) {
        defer {
            start = nil
            hasCode = false
        }
        guard let start, hasCode else { return }
        var end = end
        while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
        statements.append(
            SplitStatement(
                text: String(decoding: bytes[start..<end], as: UTF8.self),
                startLine: lineNumber(at: start),
                startOffset: start))
    }

    /// After a `;`, skips spaces and a `--` comment on the same line.
    private mutating func skipTrailingLineComment() {
        var probe = index
        while probe < bytes.count, bytes[probe] == ASCII.space || bytes[probe] == ASCII.tab || bytes[probe] == ASCII.cr {
            probe += 1
        }
        if probe + 1 < bytes.count, bytes[probe] == ASCII.dash, bytes[probe + 1] == ASCII.dash {
            index = endOfLine(from: probe)
        }
    }

    private mutating func lineNumber(at offset: Int) -> Int {
        while countedUpTo < offset {
            if bytes[countedUpTo] == ASCII.newline { line += 1 }
            countedUpTo += 1
        }
        return line
    }

    private func peek(_ distance: Int) -> UInt8? {
        index + distance < bytes.count ? bytes[index + distance] : nil
    }

    /// The index of the `\n` ending the line, or the end of input.
    private func endOfLine(from position: Int) -> Int {
        var position = position
        while position < bytes.count, bytes[position] != ASCII.newline { position += 1 }
        return position
    }

    private func endOfBlockComment(from position: Int) -> Int {
        var position = position
        while position + 1 < bytes.count {
            if bytes[position] == ASCII.star, bytes[position + 1] == ASCII.slash { return position + 2 }
            position += 1
        }
        return bytes.count
    }

    /// The index after the closing quote; a doubled closing quote is an escaped one.
    private func endOfQuoted(from position: Int, close: UInt8, backslashEscapes: Bool) -> Int {
        var position = position
        while position < bytes.count {
            let byte = bytes[position]
            if backslashEscapes, byte == ASCII.backslash {
                position += 2
                continue
            }
            if byte == close {
                if position + 1 < bytes.count, bytes[position + 1] == close {
                    position += 2
                    continue
                }
                return position + 1
            }
            position += 1
        }
        return bytes.count
    }

    /// `E'…'` (PostgreSQL) takes backslash escapes; `name'…'` is not such a string.
    private func isEscapeString(at quote: Int) -> Bool {
        guard quote >= 1, bytes[quote - 1] == UInt8(ascii: "E") || bytes[quote - 1] == UInt8(ascii: "e") else {
            return false
        }
        return quote == 1 || !ASCII.isIdentifier(bytes[quote - 2])
    }

    /// The opening `$tag$` at `position`, if one starts there (`$1` and `a$b` are not tags).
    private func dollarTag(at position: Int) -> ArraySlice<UInt8>? {
        if position > 0, ASCII.isIdentifier(bytes[position - 1]) { return nil }
        var probe = position + 1
        if probe < bytes.count, ASCII.isDigit(bytes[probe]) { return nil }
        while probe < bytes.count, ASCII.isIdentifier(bytes[probe]), bytes[probe] != ASCII.dollar {
            probe += 1
        }
        guard probe < bytes.count, bytes[probe] == ASCII.dollar else { return nil }
        return bytes[position...probe]
    }

    private func endOfDollarQuote(from position: Int, tag: ArraySlice<UInt8>) -> Int {
        var position = position
        while position + tag.count <= bytes.count {
            if bytes[position] == ASCII.dollar, bytes[position..<(position + tag.count)].elementsEqual(tag) {
                return position + tag.count
            }
            position += 1
        }
        return bytes.count
    }
}

/// The bytes the scanner cares about.
private enum ASCII {
    static let semicolon = UInt8(ascii: ";")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let cr = UInt8(ascii: "\r")
    static let newline = UInt8(ascii: "\n")
    static let dash = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")
    static let star = UInt8(ascii: "*")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backtick = UInt8(ascii: "`")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let dollar = UInt8(ascii: "$")
    static let backslash = UInt8(ascii: "\\")

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == newline || byte == cr || byte == 0x0B || byte == 0x0C
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Letters, digits, `_`, `$` and any non-ASCII byte (part of a Unicode letter).
    static func isIdentifier(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_") || byte == dollar || byte >= 0x80
            || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
    }
}
