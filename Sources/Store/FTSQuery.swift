/// Turns what a person typed into an FTS5 query that cannot be a syntax error.
///
/// The text is cut into words the way the index's tokenizer (`unicode61`) cuts it: runs of
/// letters and digits; everything else (FTS5 operators, quotes, `*`, `:`, `^`, brackets) only
/// separates words. Each word becomes a quoted string, and all of them must match. The last
/// word matches as a prefix, while it is still being typed (no space after it) and has two
/// characters or more, so the quick switcher finds `revenue` from `rev`.
enum FTSQuery {
    static let maxWords = 12
    static let maxWordLength = 64
    /// Only this much of a long text is looked at: a 10 kB paste searches its first words.
    static let maxScanned = 2_000

    /// The words of `text`, at most ``maxWords``, each at most ``maxWordLength`` characters.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.prefix(maxScanned) {
            if character.isLetter || character.isNumber {
                if current.count < maxWordLength { current.append(character) }
            } else if !current.isEmpty {
                words.append(current)
                current = ""
                if words.count == maxWords { return words }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The MATCH expression for `text`, or `nil` when it has no word.
    static func match(_ text: String) -> String? {
        let phrases = phrases(text)
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    /// Each word of `text` as a quoted FTS5 phrase, the last one a prefix while being typed.
    static func phrases(_ text: String) -> [String] {
        let words = words(text)
        guard let last = words.last else { return [] }
        let typing = text.count <= maxScanned && (text.last.map { $0.isLetter || $0.isNumber } ?? false)
        let prefixLast = typing && last.count >= 2
        return words.enumerated().map { index, word in
            "\"\(word)\"" + (prefixLast && index == words.count - 1 ? "*" : "")
        }
    }

    /// `text` as compared with names for the exact-name boost: lower case, single spaces.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Splits FTS5 `snippet()` output marked with U+0001 … U+0002 into segments.
    static func segments(_ marked: String) -> [SnippetSegmentValue] {
        var segments: [SnippetSegmentValue] = []
        var current = ""
        var hit = false
        for scalar in marked.unicodeScalars {
            if scalar == "\u{1}" || scalar == "\u{2}" {
                if !current.isEmpty { segments.append((current, hit)) }
                current = ""
                hit = scalar == "\u{1}"
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { segments.append((current, hit)) }
        return segments
    }

    typealias SnippetSegmentValue = (text: String, hit: Bool)
}
