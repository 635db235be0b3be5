/// One lexical token of SQL text, as ``SQLTokenizer`` cuts it.
public struct SQLToken: Sendable, Hashable {
    /// What sort of token this is.
    public enum Kind: Sendable, Hashable {
        /// A bare word: a keyword or an unquoted identifier (`SELECT`, `events`, `from_date`).
        case word
        /// A quoted identifier (`"x"`, `` `x` ``, `[x]`); ``SQLToken/value`` has the quotes removed.
        case quotedIdentifier
        /// A string literal (`'x'`, `E'x'`, `$$x$$`, `X'01'`); ``SQLToken/value`` is its content.
        case string
        /// A numeric literal (`42`, `1.5e-3`, `.5`, `0x1F`, `1_000`).
        case number
        /// A bind parameter (`?`, `$1`, `:name`, `@name`).
        case parameter
        /// An operator (`=`, `::`, `->>`, `<>`, `||`, `*`…).
        case `operator`
        case leftParen
        case rightParen
        case comma
        case semicolon
        case dot
        /// Any other punctuation (`[`, `]`, `{`, `}`).
        case punctuation
        /// A `--`/`#` line comment or a `/* */` block comment (only when asked for).
        case comment
    }

    public var kind: Kind
    /// The token exactly as written.
    public var text: String
    /// Identifiers without their quotes (doubled quotes undone), strings' content (escapes
    /// kept as written), and `text` for everything else.
    public var value: String
    /// UTF-8 byte offset of the token in the input.
    public var offset: Int
    /// A string, quoted identifier or block comment that was still open at the end of input.
    public var unterminated: Bool
    /// A word's text in upper case, for comparing with keywords; empty for other kinds.
    let keyword: String

    public init(kind: Kind, text: String, value: String? = nil, offset: Int, unterminated: Bool = false) {
        self.kind = kind
        self.text = text
        self.value = value ?? text
        self.offset = offset
        self.unterminated = unterminated
        self.keyword = kind == .word ? text.uppercased() : ""
    }

    /// Whether this is the bare word `keyword` (without case); quoted identifiers never are.
    public func isWord(_ keyword: String) -> Bool {
        self.keyword == keyword
    }

    /// A word or a quoted identifier: something that can name a table, schema or column.
    var isName: Bool { kind == .word || kind == .quotedIdentifier }
}
