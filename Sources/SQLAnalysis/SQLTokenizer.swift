/// Cuts SQL text into tokens, the way the dialect's own lexer would.
///
/// Knows line comments (`--`, and `#` in ClickHouse), block comments (nested where the dialect
/// nests them), single-quoted strings with `''` escapes (backslash escapes in ClickHouse and in
/// PostgreSQL `E'…'` strings), dollar quotes (`$$…$$`, `$tag$…$tag$`), `"double"`,
/// `` `backtick` `` and (SQLite) `[bracket]` identifiers, numbers, parameters and operators.
/// Never fails: an unclosed string or comment runs to the end of the input and is marked
/// ``SQLToken/unterminated``; a byte it does not know becomes a one-character operator.
/// Pure and thread-safe.
public enum SQLTokenizer {
    /// The tokens of `sql`, without whitespace and (unless `keepComments`) without comments.
    public static func tokens(_ sql: String, dialect: SQLDialect, keepComments: Bool = false) -> [SQLToken] {
        var lexer = Lexer(bytes: Array(sql.utf8), dialect: dialect, keepComments: keepComments)
        return lexer.run()
    }
}

/// The byte-level state machine behind ``SQLTokenizer``.
private struct Lexer {
    let bytes: [UInt8]
    let dialect: SQLDialect
    let keepComments: Bool
    var index = 0
    var tokens: [SQLToken] = []

    /// Operators of more than one character, longest first so the longest match wins.
    static let operators: [[UInt8]] = [
        "->>", "#>>", "<=>", "::", "->", "#>", "<=", ">=", "<>", "!=", "==", "||", "&&", "<<", ">>", "@>", "<@",
        "=>", "!~", "~*", "**",
    ].map { Array($0.utf8) }

    init(bytes: [UInt8], dialect: SQLDialect, keepComments: Bool) {
        self.bytes = bytes
        self.dialect = dialect
        self.keepComments = keepComments
    }

    mutating func run() -> [SQLToken] {
        while index < bytes.count {
            let byte = bytes[index]
            if Byte.isSpace(byte) {
                index += 1
                continue
            }
            let start = index
            scan(byte)
            // Nothing may leave the index where it was: that would loop for ever.
            if index == start { index += 1 }
        }
        return tokens
    }

    // MARK: - Dispatch

    private mutating func scan(_ byte: UInt8) {
        let start = index
        switch byte {
        case Byte.dash where peek(1) == Byte.dash:
            comment(from: start, to: endOfLine(from: start))
        case Byte.hash where dialect.hashComments:
            comment(from: start, to: endOfLine(from: start))
        case Byte.slash where peek(1) == Byte.star:
            let (end, closed) = endOfBlockComment(from: start + 2)
            comment(from: start, to: end, unterminated: !closed)
        case Byte.singleQuote:
            string(from: start, contentStart: start + 1, backslashes: dialect.backslashInStrings)
        case Byte.doubleQuote, Byte.backtick:
            quotedIdentifier(from: start, close: byte)
        case Byte.openBracket where dialect.bracketIdentifiers:
            quotedIdentifier(from: start, close: Byte.closeBracket)
        case Byte.dollar:
            dollar(from: start)
        case Byte.questionMark:
            index += 1
            while index < bytes.count, Byte.isDigit(bytes[index]) { index += 1 }
            emit(.parameter, from: start)
        case Byte.colon where peek(1) != Byte.colon && peek(1).map(Byte.isIdentifierStart) == true
            && !(previousIs(Byte.colon)):
            index += 1
            index = endOfWord(from: index)
            emit(.parameter, from: start)
        case Byte.at where peek(1).map(Byte.isIdentifierStart) == true && dialect != .postgres:
            index = endOfWord(from: start + 1)
            emit(.parameter, from: start)
        case Byte.dot where peek(1).map(Byte.isDigit) == true && !previousIsNameLike():
            number(from: start)
        case _ where Byte.isDigit(byte):
            number(from: start)
        case _ where Byte.isIdentifierStart(byte):
            word(from: start)
        default:
            punctuation(byte, from: start)
        }
    }

    // MARK: - Token kinds

    private mutating func comment(from start: Int, to end: Int, unterminated: Bool = false) {
        index = end
        if keepComments { emit(.comment, from: start, unterminated: unterminated) }
    }

    /// A word, or a string with a one-letter prefix (`E'…'`, `X'…'`, `B'…'`, `N'…'`).
    private mutating func word(from start: Int) {
        let end = endOfWord(from: start)
        if end == start + 1, end < bytes.count, bytes[end] == Byte.singleQuote {
            switch bytes[start] | 0x20 {
            case UInt8(ascii: "e") where dialect.escapeStrings:
                string(from: start, contentStart: end + 1, backslashes: true)
                return
            case UInt8(ascii: "x"), UInt8(ascii: "b"), UInt8(ascii: "n"):
                string(from: start, contentStart: end + 1, backslashes: dialect.backslashInStrings)
                return
            default:
                break
            }
        }
        index = end
        emit(.word, from: start)
    }

    /// A `'…'` string whose content starts at `contentStart`; `''` is an escaped quote.
    private mutating func string(from start: Int, contentStart: Int, backslashes: Bool) {
        var position = contentStart
        while position < bytes.count {
            let byte = bytes[position]
            if backslashes, byte == Byte.backslash {
                position += 2
                continue
            }
            if byte == Byte.singleQuote {
                if position + 1 < bytes.count, bytes[position + 1] == Byte.singleQuote {
                    position += 2
                    continue
                }
                index = position + 1
                emit(.string, from: start, value: text(contentStart, position))
                return
            }
            position += 1
        }
        index = bytes.count
        emit(.string, from: start, value: text(contentStart, bytes.count), unterminated: true)
    }

    /// `"x"`, `` `x` `` or `[x]`: the value has the quotes removed and doubled quotes undone.
    private mutating func quotedIdentifier(from start: Int, close: UInt8) {
        var value: [UInt8] = []
        var position = start + 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == close {
                // `]` has no escape in SQLite; `""` and ```` `` ```` are a quote inside.
                if close != Byte.closeBracket, position + 1 < bytes.count, bytes[position + 1] == close {
                    value.append(close)
                    position += 2
                    continue
                }
                index = position + 1
                emit(.quotedIdentifier, from: start, value: String(decoding: value, as: UTF8.self))
                return
            }
            if close == Byte.backtick, dialect.backslashInStrings, byte == Byte.backslash, position + 1 < bytes.count {
                value.append(bytes[position + 1])
                position += 2
                continue
            }
            value.append(byte)
            position += 1
        }
        index = bytes.count
        emit(.quotedIdentifier, from: start, value: String(decoding: value, as: UTF8.self), unterminated: true)
    }

    /// `$$…$$` / `$tag$…$tag$` where the dialect has them, `$1` parameters, else a `$` operator.
    private mutating func dollar(from start: Int) {
        if dialect.dollarQuotes, let tag = dollarTag(at: start) {
            let contentStart = start + tag.count
            var position = contentStart
            while position + tag.count <= bytes.count {
                if bytes[position] == Byte.dollar, bytes[position..<(position + tag.count)].elementsEqual(tag) {
                    index = position + tag.count
                    emit(.string, from: start, value: text(contentStart, position))
                    return
                }
                position += 1
            }
            index = bytes.count
            emit(.string, from: start, value: text(contentStart, bytes.count), unterminated: true)
            return
        }
        if let next = peek(1), Byte.isDigit(next) || (dialect == .sqlite && Byte.isIdentifierStart(next)) {
            index = start + 1
            while index < bytes.count, Byte.isIdentifierPart(bytes[index]) { index += 1 }
            emit(.parameter, from: start)
            return
        }
        index = start + 1
        emit(.operator, from: start)
    }

    /// The opening `$tag$` at `position`, if one starts there (`$1` is a parameter, not a tag).
    private func dollarTag(at position: Int) -> ArraySlice<UInt8>? {
        var probe = position + 1
        if probe < bytes.count, Byte.isDigit(bytes[probe]) { return nil }
        while probe < bytes.count, Byte.isIdentifierPart(bytes[probe]), bytes[probe] != Byte.dollar { probe += 1 }
        guard probe < bytes.count, bytes[probe] == Byte.dollar else { return nil }
        return bytes[position...probe]
    }

    /// `42`, `4.2`, `.5`, `1e-3`, `0x1F`, `1_000`.
    private mutating func number(from start: Int) {
        var position = start
        if bytes[position] == UInt8(ascii: "0"), position + 1 < bytes.count, bytes[position + 1] | 0x20 == UInt8(ascii: "x") {
            position += 2
            while position < bytes.count, Byte.isHexDigit(bytes[position]) || bytes[position] == Byte.underscore {
                position += 1
            }
            index = position
            emit(.number, from: start)
            return
        }
        func digits() {
            while position < bytes.count, Byte.isDigit(bytes[position]) || bytes[position] == Byte.underscore {
                position += 1
            }
        }
        digits()
        if position < bytes.count, bytes[position] == Byte.dot, !(position + 1 < bytes.count && bytes[position + 1] == Byte.dot) {
            position += 1
            digits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var probe = position + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == Byte.dash { probe += 1 }
            if probe < bytes.count, Byte.isDigit(bytes[probe]) {
                position = probe
                digits()
            }
        }
        index = position
        emit(.number, from: start)
    }

    private mutating func punctuation(_ byte: UInt8, from start: Int) {
        let kind: SQLToken.Kind? =
            switch byte {
            case Byte.openParen: .leftParen
            case Byte.closeParen: .rightParen
            case Byte.comma: .comma
            case Byte.semicolon: .semicolon
            case Byte.dot: .dot
            case Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace: .punctuation
            default: nil
            }
        if let kind {
            index = start + 1
            emit(kind, from: start)
            return
        }
        for candidate in Self.operators where start + candidate.count <= bytes.count {
            if bytes[start..<(start + candidate.count)].elementsEqual(candidate) {
                index = start + candidate.count
                emit(.operator, from: start)
                return
            }
        }
        // One character; a multi-byte UTF-8 sequence stays whole.
        index = start + 1
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        emit(.operator, from: start)
    }

    // MARK: - Helpers

    private mutating func emit(_ kind: SQLToken.Kind, from start: Int, value: String? = nil, unterminated: Bool = false) {
        tokens.append(
            SQLToken(kind: kind, text: text(start, index), value: value, offset: start, unterminated: unterminated))
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func peek(_ distance: Int) -> UInt8? {
        index + distance < bytes.count ? bytes[index + distance] : nil
    }

    private func previousIs(_ byte: UInt8) -> Bool {
        index > 0 && bytes[index - 1] == byte
    }

    /// Whether the byte before `index` ends a name or a closing bracket (so `.5` after it is
    /// a member access, as in `t.5`, rather than a number).
    private func previousIsNameLike() -> Bool {
        guard index > 0 else { return false }
        let byte = bytes[index - 1]
        return Byte.isIdentifierPart(byte) || byte == Byte.doubleQuote || byte == Byte.backtick
            || byte == Byte.closeBracket || byte == Byte.closeParen
    }

    private func endOfWord(from position: Int) -> Int {
        var position = position
        while position < bytes.count, Byte.isIdentifierPart(bytes[position]) { position += 1 }
        return position
    }

    /// The index of the `\n` ending the line, or the end of input.
    private func endOfLine(from position: Int) -> Int {
        var position = position
        while position < bytes.count, bytes[position] != Byte.newline { position += 1 }
        return position
    }

    /// The index after the `*/` closing the comment whose body starts at `position`, counting
    /// nested openings where the dialect nests; and whether it was closed at all.
    private func endOfBlockComment(from position: Int) -> (Int, Bool) {
        var position = position
        var depth = 1
        while position + 1 < bytes.count {
            if bytes[position] == Byte.star, bytes[position + 1] == Byte.slash {
                depth -= 1
                position += 2
                if depth == 0 { return (position, true) }
                continue
            }
            if dialect.nestedBlockComments, bytes[position] == Byte.slash, bytes[position + 1] == Byte.star {
                depth += 1
                position += 2
                continue
            }
            position += 1
        }
        return (bytes.count, false)
    }
}

/// The bytes the lexer cares about.
enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let dash = UInt8(ascii: "-")
    static let hash = UInt8(ascii: "#")
    static let slash = UInt8(ascii: "/")
    static let star = UInt8(ascii: "*")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backtick = UInt8(ascii: "`")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let at = UInt8(ascii: "@")
    static let questionMark = UInt8(ascii: "?")
    static let dollar = UInt8(ascii: "$")
    static let backslash = UInt8(ascii: "\\")
    static let underscore = UInt8(ascii: "_")

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }

    /// Letters, `_` and any non-ASCII byte (part of a Unicode letter).
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte == underscore || byte >= 0x80 || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
    }

    /// What may follow the first character of a bare identifier: also digits and `$`.
    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == dollar
    }
}
