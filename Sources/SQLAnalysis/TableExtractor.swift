/// Which tables SQL reads and writes, statement by statement, without running it.
///
/// Works on tokens (``SQLTokenizer``), so names inside strings and comments never count. A
/// table is a name in a table position: after `FROM`, `JOIN`, a comma of a `FROM` list, `USING`
/// of `DELETE`/`MERGE`, `TABLE` (PostgreSQL) for reads; the target of `INSERT INTO`, `INSERT
/// OVERWRITE`, `REPLACE INTO`, `UPDATE`, `DELETE FROM`, `MERGE INTO`, `CREATE [MATERIALIZED]
/// TABLE|VIEW` (and ClickHouse's `TO` table), `SELECT … INTO` (PostgreSQL), `ALTER TABLE`,
/// `TRUNCATE`, `COPY … FROM` and `REFRESH MATERIALIZED VIEW` for writes. Names of common table
/// expressions (`WITH x AS (…)`, recursive ones too), table functions (`generate_series(…)`,
/// `numbers(…)`, `UNNEST(…)`, `TABLE(…)`), derived tables, ClickHouse `ARRAY JOIN` lists and the
/// `FROM` inside `EXTRACT(… FROM …)`, `SUBSTRING(… FROM …)` or `IS DISTINCT FROM` are not tables.
///
/// Best effort by design: it never fails, and SQL it does not understand yields fewer tables
/// rather than wrong ones. Pure and thread-safe.
public enum TableExtractor {
    /// The tables of one statement (a trailing `;` is fine; anything after it is ignored).
    public static func analyze(_ statement: String, dialect: SQLDialect) -> StatementTables {
        let tokens = SQLTokenizer.tokens(statement, dialect: dialect)
        let end = tokens.firstIndex { $0.kind == .semicolon } ?? tokens.count
        return analyze(tokens: tokens[..<end], dialect: dialect)
    }

    /// The tables of each statement of `sql`, cut at the `;` between them (empty statements
    /// are left out).
    public static func analyzeAll(_ sql: String, dialect: SQLDialect) -> [StatementTables] {
        let tokens = SQLTokenizer.tokens(sql, dialect: dialect)
        return tokens.split(omittingEmptySubsequences: true) { $0.kind == .semicolon }
            .map { analyze(tokens: $0, dialect: dialect) }
    }

    static func analyze(tokens: ArraySlice<SQLToken>, dialect: SQLDialect) -> StatementTables {
        var scanner = TableScanner(tokens: Array(tokens), dialect: dialect)
        return scanner.run()
    }
}
