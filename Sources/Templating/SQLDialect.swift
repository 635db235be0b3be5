import Core

/// How an engine's SQL writes string literals and identifiers, for `sql_string`,
/// `sql_identifier` and `sql_list`: the quoting must hold whatever the value holds.
public enum SQLDialect: Sendable, Hashable {
    /// SQLite and Trino: `'…'` with `''` for a quote; backslashes are plain characters.
    case standard
    /// PostgreSQL: like standard, but a value with a backslash becomes `E'…'` with the
    /// backslash doubled, which reads the same whatever `standard_conforming_strings` is.
    case postgres
    /// ClickHouse: backslash is an escape in its literals, so backslashes and quotes are escaped.
    case clickhouse

    public init(_ kind: EngineKind) {
        switch kind {
        case .sqlite, .trino: self = .standard
        case .postgres: self = .postgres
        case .clickhouse: self = .clickhouse
        }
    }

    /// `text` as a string literal of this dialect. NUL is refused by the caller.
    func stringLiteral(_ text: String) -> String {
        switch self {
        case .standard:
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .postgres:
            let quoted = text.replacingOccurrences(of: "'", with: "''")
            guard text.contains("\\") else { return "'" + quoted + "'" }
            return "E'" + quoted.replacingOccurrences(of: "\\", with: "\\\\") + "'"
        case .clickhouse:
            return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
    }

    /// One name part as a quoted identifier of this dialect.
    func identifier(_ name: String) -> String {
        switch self {
        case .standard, .postgres:
            return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .clickhouse:
            return "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
        }
    }

    /// A dotted name (`schema.table`) with every part quoted.
    public func qualifiedName(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }.joined(separator: ".")
    }
}
