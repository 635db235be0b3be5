/// One piece of a template: text between tags, a tag's delimiters, or a token inside a tag.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case text(String)
        /// `{{` and `}}`.
        case outputStart, outputEnd
        /// `{%` and `%}`.
        case tagStart, tagEnd
        case name(String)
        case string(String)
        case integer(Int64)
        case real(Double)
        /// An operator or punctuation: `==`, `|`, `(`, `,`…
        case symbol(String)
        case end
    }

    var kind: Kind
    var position: SourcePosition
}

/// Splits a template into tokens, applying whitespace control (`{%-`, `-%}`, `{{-`, `-}}`)
/// and dropping comments (`{# … #}`).
struct Lexer {
    private let chars: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// The last tag ended with `-`: the next text loses its leading whitespace.
    private var trimNext = false

    static let symbols = ["==", "!=", "<=", ">=", "//", "<", ">", "+", "-", "*", "/", "%", "~", "|", "(", ")", "[", "]",
                          ",", ".", "=", ":"]

    init(_ source: String) { chars = Array(source) }

    static func tokens(_ source: String) throws(TemplateError) -> [Token] {
        var lexer = Lexer(source)
        try lexer.run()
        return lexer.tokens
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        var offset = 0
        for character in text {
            guard peek(offset) == character else { return false }
            offset += 1
        }
        return true
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < chars.count {
            if chars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
    }

    private mutating func run() throws(TemplateError) {
        var text = ""
        var textStart = position
        while index < chars.count {
            if let (length, trimBefore, trimAfter) = tag(named: "raw") {
                // `{% raw %}…{% endraw %}`: everything between is text, template syntax too.
                emitText(trimBefore ? String(text.trimmingSuffixWhitespace) : text, at: textStart)
                let opener = position
                advance(length)
                var literal = ""
                var closed = false
                var trimEnd = false
                while index < chars.count {
                    if let (endLength, endTrimsBefore, endTrimsAfter) = tag(named: "endraw") {
                        if endTrimsBefore { literal = String(literal.trimmingSuffixWhitespace) }
                        advance(endLength)
                        trimEnd = endTrimsAfter
                        closed = true
                        break
                    }
                    literal.append(chars[index])
                    advance()
                }
                guard closed else { throw TemplateError("this 'raw' is never closed: add {% endraw %}.", at: opener) }
                if trimAfter { literal = String(literal.drop { $0.isWhitespace }) }
                if !literal.isEmpty { tokens.append(Token(kind: .text(literal), position: opener)) }
                trimNext = trimEnd
                text = ""
                textStart = position
            } else if starts(with: "{{") || starts(with: "{%") || starts(with: "{#") {
                let opener = position
                let kind = chars[index + 1]
                advance(2)
                let trimBefore = peek() == "-"
                if trimBefore { advance() }
                emitText(trimBefore ? String(text.trimmingSuffixWhitespace) : text, at: textStart)
                switch kind {
                case "#": try skipComment(from: opener)
                case "{": try lexTag(.outputStart, closer: "}}", from: opener)
                default: try lexTag(.tagStart, closer: "%}", from: opener)
                }
                text = ""
                textStart = position
            } else {
                text.append(chars[index])
                advance()
            }
        }
        emitText(text, at: textStart)
        tokens.append(Token(kind: .end, position: position))
    }

    /// `{%-? name -?%}` at the current place: its length and whether each side trims.
    private func tag(named name: String) -> (Int, Bool, Bool)? {
        guard starts(with: "{%") else { return nil }
        var offset = 2
        let trimBefore = peek(offset) == "-"
        if trimBefore { offset += 1 }
        while let c = peek(offset), c.isWhitespace { offset += 1 }
        for character in name {
            guard peek(offset) == character else { return nil }
            offset += 1
        }
        while let c = peek(offset), c.isWhitespace { offset += 1 }
        let trimAfter = peek(offset) == "-"
        if trimAfter { offset += 1 }
        guard peek(offset) == "%", peek(offset + 1) == "}" else { return nil }
        return (offset + 2, trimBefore, trimAfter)
    }

    private mutating func emitText(_ text: String, at start: SourcePosition) {
        var text = text
        if trimNext {
            text = String(text.drop { $0.isWhitespace })
            trimNext = false
        }
        if !text.isEmpty { tokens.append(Token(kind: .text(text), position: start)) }
    }

    private mutating func skipComment(from opener: SourcePosition) throws(TemplateError) {
        while index < chars.count {
            if starts(with: "-#}") { advance(3); trimNext = true; return }
            if starts(with: "#}") { advance(2); return }
            advance()
        }
        throw TemplateError("the comment is never closed: add '#}'.", at: opener)
    }

    private mutating func lexTag(_ start: Token.Kind, closer: String, from opener: SourcePosition) throws(TemplateError) {
        tokens.append(Token(kind: start, position: opener))
        let endKind: Token.Kind = start == .outputStart ? .outputEnd : .tagEnd
        while index < chars.count {
            guard let character = peek() else { break }
            if character.isWhitespace { advance(); continue }
            let here = position
            if character == "-", starts(with: "-" + closer) {
                advance(3)
                trimNext = true
                tokens.append(Token(kind: endKind, position: here))
                return
            }
            if starts(with: closer) {
                advance(2)
                tokens.append(Token(kind: endKind, position: here))
                return
            }
            if character == "'" || character == "\"" {
                tokens.append(Token(kind: .string(try lexString(quote: character)), position: here))
            } else if character.isASCII, character.isNumber {
                tokens.append(Token(kind: try lexNumber(), position: here))
            } else if character == "_" || (character.isASCII && character.isLetter) {
                var name = ""
                while let next = peek(), next == "_" || (next.isASCII && (next.isLetter || next.isNumber)) {
                    name.append(next)
                    advance()
                }
                tokens.append(Token(kind: .name(name), position: here))
            } else if let symbol = Self.symbols.first(where: { starts(with: $0) }) {
                advance(symbol.count)
                tokens.append(Token(kind: .symbol(symbol), position: here))
            } else {
                throw TemplateError("unexpected character '\(character)'.", at: here)
            }
        }
        let what = start == .outputStart ? "'{{'" : "'{%'"
        throw TemplateError("\(what) is never closed: add '\(closer)'.", at: opener)
    }

    private mutating func lexString(quote: Character) throws(TemplateError) -> String {
        let start = position
        advance()
        var value = ""
        while let character = peek() {
            advance()
            if character == quote { return value }
            if character == "\\", let next = peek() {
                advance()
                switch next {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "\\", "'", "\"": value.append(next)
                default: value.append("\\"); value.append(next)
                }
            } else {
                value.append(character)
            }
        }
        throw TemplateError("the string is never closed: add \(quote).", at: start)
    }

    private mutating func lexNumber() throws(TemplateError) -> Token.Kind {
        let start = position
        var text = ""
        var isReal = false
        while let character = peek() {
            if character.isASCII, character.isNumber || character == "_" {
                if character != "_" { text.append(character) }
            } else if character == ".", !isReal, let next = peek(1), next.isASCII, next.isNumber {
                isReal = true
                text.append(character)
            } else {
                break
            }
            advance()
        }
        if isReal, let number = Double(text) { return .real(number) }
        if let number = Int64(text) { return .integer(number) }
        throw TemplateError("the number \(text) is too large.", at: start)
    }
}

extension StringProtocol {
    var trimmingSuffixWhitespace: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
