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

    /// The longest prefix the index keeps a list for (`prefix = '2 3 4 5'`): longer prefixes
    /// would make FTS5 merge the lists of every word they start, on every query.
    static let maxIndexedPrefix = 5

    /// Whether the text ends inside a word (no space after it yet).
    static func endsInWord(_ text: String) -> Bool {
        text.count <= maxScanned && (text.last.map { $0.isLetter || $0.isNumber } ?? false)
    }

    /// Each word of `text` as a quoted FTS5 phrase. The last word, while it is being typed,
    /// becomes a prefix: itself when it has 2–5 characters; when longer, itself as a whole word
    /// if `isWord` says the index has it, else its first five characters (so `retent` finds
    /// `retention` at the cost of also finding `retentive`).
    static func phrases(_ text: String, isWord: (String) throws -> Bool = { _ in false }) rethrows -> [String] {
        let words = words(text)
        guard let last = words.last else { return [] }
        var phrases = words.dropLast().map { "\"\($0)\"" }
        if !endsInWord(text) || last.count < 2 {
            phrases.append("\"\(last)\"")
        } else if last.count <= maxIndexedPrefix {
            phrases.append("\"\(last)\"*")
        } else if try isWord("\"\(last)\"") {
            phrases.append("\"\(last)\"")
        } else {
            phrases.append("\"\(last.prefix(maxIndexedPrefix))\"*")
        }
        return phrases
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
