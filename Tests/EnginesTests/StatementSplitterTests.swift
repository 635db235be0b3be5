import Engines
import Testing

/// One row of the splitter's table: an input and the statements it should give.
struct SplitCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    /// Expected statement texts with their 1-based start lines.
    var expected: [Expected]

    struct Expected: Sendable, Equatable {
        var text: String
        var line: Int
    }

    init(_ name: String, _ input: String, _ expected: [(String, Int)]) {
        self.name = name
        self.input = input
        self.expected = expected.map { Expected(text: $0.0, line: $0.1) }
    }

    var testDescription: String { name }
}

@Suite("StatementSplitter")
struct StatementSplitterTests {
    static let cases: [SplitCase] = [
        SplitCase("empty input", "", []),
        SplitCase("whitespace only", "  \n\t \r\n ", []),
        SplitCase("only semicolons", ";;\n ;", []),
        SplitCase("single statement without semicolon", "SELECT 1", [("SELECT 1", 1)]),
        SplitCase("single statement with semicolon", "SELECT 1;", [("SELECT 1", 1)]),
        SplitCase("two statements on one line", "SELECT 1; SELECT 2;", [("SELECT 1", 1), ("SELECT 2", 1)]),
        SplitCase(
            "multi-line statements", "SELECT 1;\n\nSELECT\n  2;\nSELECT 3",
            [("SELECT 1", 1), ("SELECT\n  2", 3), ("SELECT 3", 5)]),
        SplitCase("leading blank lines", "\n\n   SELECT 1  \n", [("SELECT 1", 3)]),
        SplitCase("semicolon in a string", "SELECT 'a;b'; SELECT 2", [("SELECT 'a;b'", 1), ("SELECT 2", 1)]),
        SplitCase(
            "escaped quote in a string", "SELECT 'it''s; fine'; SELECT 2",
            [("SELECT 'it''s; fine'", 1), ("SELECT 2", 1)]),
        SplitCase(
            "double-quoted identifier", "SELECT \"a;b\" FROM t; SELECT 2",
            [("SELECT \"a;b\" FROM t", 1), ("SELECT 2", 1)]),
        SplitCase(
            "doubled double quote", "SELECT \"x\"\";y\" FROM t;\nSELECT 2",
            [("SELECT \"x\"\";y\" FROM t", 1), ("SELECT 2", 2)]),
        SplitCase(
            "backtick identifier", "SELECT `a;b` FROM t; SELECT 2", [("SELECT `a;b` FROM t", 1), ("SELECT 2", 1)]),
        SplitCase(
            "bracket identifier", "SELECT [a;b] FROM t; SELECT 2", [("SELECT [a;b] FROM t", 1), ("SELECT 2", 1)]),
        SplitCase(
            "line comment hides semicolon", "SELECT 1 -- not; here\n, 2; SELECT 3",
            [("SELECT 1 -- not; here\n, 2", 1), ("SELECT 3", 2)]),
        SplitCase(
            "block comment hides semicolon", "SELECT /* a; b */ 1; SELECT 2",
            [("SELECT /* a; b */ 1", 1), ("SELECT 2", 1)]),
        SplitCase(
            "leading multi-line block comment stays with its statement", "/* header;\n comment */\nSELECT 1;",
            [("/* header;\n comment */\nSELECT 1", 1)]),
        SplitCase(
            "comment-only statements are dropped",
            "SELECT 1; -- trailing\n-- only a comment\n; /* nothing */ ;SELECT 2",
            [("SELECT 1", 1), ("SELECT 2", 3)]),
        SplitCase(
            "trailing comment after a semicolon stays out of the next statement",
            "SELECT 1; -- first\nSELECT 2; -- second", [("SELECT 1", 1), ("SELECT 2", 2)]),
        SplitCase(
            "comment at the end of the last statement", "SELECT 1 -- done", [("SELECT 1 -- done", 1)]),
        SplitCase(
            "dollar quote", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2",
            [("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", 1), ("SELECT 2", 1)]),
        SplitCase(
            "tagged dollar quote containing $$", "SELECT $body$ a; $$ b; $body$;\nSELECT 2",
            [("SELECT $body$ a; $$ b; $body$", 1), ("SELECT 2", 2)]),
        SplitCase("positional parameters are not dollar quotes", "SELECT $1; SELECT $2", [("SELECT $1", 1), ("SELECT $2", 1)]),
        SplitCase(
            "backslash escape in an E string", "SELECT E'a\\';b'; SELECT 2", [("SELECT E'a\\';b'", 1), ("SELECT 2", 1)]),
        SplitCase(
            "unicode text", "SELECT 'héllo; wörld' AS 名前;\nSELECT '🎉;🎉' AS \"ünï;côdé\"",
            [("SELECT 'héllo; wörld' AS 名前", 1), ("SELECT '🎉;🎉' AS \"ünï;côdé\"", 2)]),
        SplitCase(
            "CRLF line endings", "SELECT 1;\r\nSELECT\r\n 2;\r\n\r\nSELECT 3\r\n",
            [("SELECT 1", 1), ("SELECT\r\n 2", 2), ("SELECT 3", 5)]),
        SplitCase("unterminated string swallows the rest", "SELECT 'abc; SELECT 2", [("SELECT 'abc; SELECT 2", 1)]),
        SplitCase(
            "unterminated block comment is not a statement", "SELECT 1; /* open; SELECT 2", [("SELECT 1", 1)]),
    ]

    @Test("splits", arguments: cases)
    func splits(_ testCase: SplitCase) {
        let statements = StatementSplitter.split(testCase.input)
        #expect(statements.map { SplitCase.Expected(text: $0.text, line: $0.startLine) } == testCase.expected)
        // Each start offset points at the statement's text within the input.
        let input = Array(testCase.input.utf8)
        for statement in statements {
            let text = Array(statement.text.utf8)
            #expect(Array(input[statement.startOffset..<(statement.startOffset + text.count)]) == text)
        }
    }

    @Test("has a big enough table")
    func tableSize() {
        #expect(Self.cases.count >= 20)
    }
}
