import SQLAnalysis
import Testing

@Suite("SQLTokenizer")
struct SQLTokenizerTests {
    /// `kind:value` of each token, for compact expectations.
    static func summary(_ sql: String, _ dialect: SQLDialect, comments: Bool = false) -> [String] {
        SQLTokenizer.tokens(sql, dialect: dialect, keepComments: comments).map { token in
            let kind: String =
                switch token.kind {
                case .word: "w"
                case .quotedIdentifier: "q"
                case .string: "s"
                case .number: "n"
                case .parameter: "p"
                case .operator: "o"
                case .leftParen, .rightParen, .comma, .semicolon, .dot, .punctuation: "x"
                case .comment: "c"
                }
            return "\(kind):\(token.value)"
        }
    }

    @Test func wordsNumbersAndPunctuation() {
        #expect(
            Self.summary("SELECT a.b, 1.5e-3, .5, 0x1F, 1_000 FROM t;", .sqlite) == [
                "w:SELECT", "w:a", "x:.", "w:b", "x:,", "n:1.5e-3", "x:,", "n:.5", "x:,", "n:0x1F", "x:,", "n:1_000", "w:FROM",
                "w:t", "x:;",
            ])
        #expect(Self.summary("x1$y _z été", .postgres) == ["w:x1$y", "w:_z", "w:été"])
        // A member access after a name is not a number.
        #expect(Self.summary("t.1", .clickhouse) == ["w:t", "x:.", "n:1"])
    }

    @Test func singleQuotedStrings() {
        #expect(Self.summary("'it''s' 'a;b'", .sqlite) == ["s:it''s", "s:a;b"])
        // Backslashes are plain characters outside ClickHouse and E'' strings.
        #expect(Self.summary(#"'a\' FROM t"#, .sqlite) == [#"s:a\"#, "w:FROM", "w:t"])
        #expect(Self.summary(#"'a\' FROM t'"#, .clickhouse) == [#"s:a\' FROM t"#])
        #expect(Self.summary(#"E'a\'b' e'\\' x"#, .postgres) == [#"s:a\'b"#, #"s:\\"#, "w:x"])
        // `E` is only a prefix when it stands alone; elsewhere E'…' is a word then a string.
        #expect(Self.summary("name'x' E'y'", .sqlite) == ["w:name", "s:x", "w:E", "s:y"])
        #expect(Self.summary("X'0A' N'x'", .sqlite) == ["s:0A", "s:x"])
    }

    @Test func dollarQuotesWhereTheDialectHasThem() {
        #expect(Self.summary("$$a 'b' $c$$ $fn$ x $$ y $fn$ $1", .postgres) == ["s:a 'b' $c", "s: x $$ y ", "p:$1"])
        #expect(Self.summary("$heredoc$ FROM x $heredoc$", .clickhouse) == ["s: FROM x "])
        #expect(Self.summary("$1 $name", .sqlite) == ["p:$1", "p:$name"])
        #expect(Self.summary("a$b$", .postgres) == ["w:a$b$"])
    }

    @Test func quotedIdentifiers() {
        #expect(Self.summary(#""a""b" `c``d` "x.y""#, .sqlite) == [#"q:a"b"#, "q:c`d", "q:x.y"])
        #expect(Self.summary("[order details]", .sqlite) == ["q:order details"])
        // Brackets are subscripts and array literals elsewhere.
        #expect(Self.summary("a[1]", .postgres) == ["w:a", "x:[", "n:1", "x:]"])
        #expect(Self.summary("[1, 2]", .clickhouse) == ["x:[", "n:1", "x:,", "n:2", "x:]"])
    }

    @Test func comments() {
        let sql = "a -- x\nb /* y */ c"
        #expect(Self.summary(sql, .sqlite) == ["w:a", "w:b", "w:c"])
        #expect(Self.summary(sql, .sqlite, comments: true) == ["w:a", "c:-- x", "w:b", "c:/* y */", "w:c"])
        // Nested block comments in PostgreSQL and ClickHouse, not in SQLite or Trino.
        let nested = "/* a /* b */ c */ d"
        #expect(Self.summary(nested, .postgres) == ["w:d"])
        #expect(Self.summary(nested, .clickhouse) == ["w:d"])
        #expect(Self.summary(nested, .sqlite) == ["w:c", "o:*", "o:/", "w:d"])
        #expect(Self.summary(nested, .trino) == ["w:c", "o:*", "o:/", "w:d"])
        // `#` comments only in ClickHouse; in PostgreSQL `#` is an operator.
        #expect(Self.summary("a # b\nc", .clickhouse) == ["w:a", "w:c"])
        #expect(Self.summary("a # b", .postgres) == ["w:a", "o:#", "w:b"])
        // A `--` in a string is not a comment, and `-` `-1` are not one either.
        #expect(Self.summary("'--x' - -1", .sqlite) == ["s:--x", "o:-", "o:-", "n:1"])
    }

    @Test func operatorsAndParameters() {
        #expect(
            Self.summary("a::int->>'k' <> b != c || d <= e => f @> g", .postgres) == [
                "w:a", "o:::", "w:int", "o:->>", "s:k", "o:<>", "w:b", "o:!=", "w:c", "o:||", "w:d", "o:<=", "w:e", "o:=>",
                "w:f", "o:@>", "w:g",
            ])
        #expect(Self.summary("? ?2 :name @p", .sqlite) == ["p:?", "p:?2", "p::name", "p:@p"])
        #expect(Self.summary("x::date", .postgres) == ["w:x", "o:::", "w:date"])
        #expect(Self.summary("{id:UInt64}", .clickhouse).first == "x:{")
    }

    @Test func unterminatedTokensRunToTheEnd() {
        for (sql, kind) in [("'abc", SQLToken.Kind.string), ("\"abc", .quotedIdentifier), ("$$abc", .string), ("/* abc", .comment)] {
            let dialect: SQLDialect = .postgres
            let tokens = SQLTokenizer.tokens(sql, dialect: dialect, keepComments: true)
            #expect(tokens.count == 1, "\(sql)")
            #expect(tokens.first?.kind == kind, "\(sql)")
            #expect(tokens.first?.unterminated == true, "\(sql)")
        }
        #expect(SQLTokenizer.tokens("'ok'", dialect: .sqlite).first?.unterminated == false)
    }

    @Test func offsetsAndTextAreTheInputs() {
        let sql = "SELECT \"é\" FROM t"
        let tokens = SQLTokenizer.tokens(sql, dialect: .sqlite)
        #expect(tokens.map(\.offset) == [0, 7, 12, 17])
        #expect(tokens.map(\.text) == ["SELECT", "\"é\"", "FROM", "t"])
        #expect(tokens[0].isWord("SELECT") && !tokens[1].isWord("É"))
    }

    @Test func neverStallsOnAnyByte() {
        var text = ""
        for scalar in 0..<128 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        for dialect in SQLDialect.allCases {
            let tokens = SQLTokenizer.tokens(text + "é€😀", dialect: dialect, keepComments: true)
            #expect(!tokens.isEmpty)
        }
    }
}
