/// One statement cut out of a multi-statement query text by ``StatementSplitter``.
public struct SplitStatement: Sendable, Hashable {
    /// The statement, trimmed of surrounding whitespace and without its closing `;`.
    public var text: String
    /// 1-based line, in the whole input, of the statement's first non-space character.
    public var startLine: Int
    /// UTF-8 byte offset, in the whole input, where `text` starts.
    public var startOffset: Int

    /// Creates a statement; normally only ``StatementSplitter`` does this.
    public init(text: String, startLine: Int, startOffset: Int) {
        self.text = text
        self.startLine = startLine
        self.startOffset = startOffset
    }
}
