/// The SQL dialects the analyzer knows: how each quotes, comments and escapes.
///
/// | dialect | `[x]` | nested `/* */` | `E'…'`, `$$…$$` | `\` in `'…'` | `#` comment |
/// |---|---|---|---|---|---|
/// | sqlite | identifier | no | no | no | no |
/// | postgres | subscript | yes | yes | only in `E'…'` | no |
/// | clickhouse | array | yes | `$$…$$` (heredoc) | yes | yes |
/// | trino | subscript | no | no | no | no |
public enum SQLDialect: String, Sendable, CaseIterable, Codable {
    case sqlite
    case postgres
    case clickhouse
    case trino

    /// `[bracket]` quotes an identifier (SQLite, after SQL Server); elsewhere `[` is punctuation.
    var bracketIdentifiers: Bool { self == .sqlite }

    /// `/* a /* b */ c */` is one comment.
    var nestedBlockComments: Bool { self == .postgres || self == .clickhouse }

    /// `$$…$$` and `$tag$…$tag$` are strings.
    var dollarQuotes: Bool { self == .postgres || self == .clickhouse }

    /// `E'…'` strings take backslash escapes.
    var escapeStrings: Bool { self == .postgres }

    /// Every `'…'` string takes backslash escapes.
    var backslashInStrings: Bool { self == .clickhouse }

    /// `#` starts a line comment.
    var hashComments: Bool { self == .clickhouse }
}
