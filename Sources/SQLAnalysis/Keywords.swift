/// The keyword lists the table scanner decides by (upper case).
enum Keywords {
    /// Words that end a `FROM` list at their level: a comma after them is not a join.
    static let clauseEnders: Set<String> = [
        "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "MINUS", "WINDOW",
        "QUALIFY", "RETURNING", "FORMAT", "SETTINGS", "PREWHERE", "FETCH", "FOR", "VALUES", "SET", "WITH", "SELECT",
    ]

    /// Words that cannot name a table where one is expected (the SQL is odd or cut short).
    static let notTables: Set<String> = [
        "SELECT", "WITH", "VALUES", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "INTERSECT",
        "EXCEPT", "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER", "SET", "WHEN",
        "RETURNING", "FORMAT", "SETTINGS", "WINDOW", "AS", "INTO", "PREWHERE", "ARRAY", "GLOBAL", "ANY", "ALL", "ASOF",
        "SEMI", "ANTI",
    ]

    /// First words of statements that read and write no table data.
    static let tablelessStatements: Set<String> = [
        "SHOW", "DESCRIBE", "DESC", "USE", "SET", "RESET", "PRAGMA", "BEGIN", "START", "COMMIT", "END", "ROLLBACK",
        "ABORT", "SAVEPOINT", "RELEASE", "GRANT", "REVOKE", "DROP", "VACUUM", "ANALYZE", "ATTACH", "DETACH", "KILL",
        "SYSTEM", "OPTIMIZE", "LISTEN", "UNLISTEN", "NOTIFY", "DECLARE", "FETCH", "MOVE", "CLOSE", "DEALLOCATE",
        "PREPARE", "EXECUTE", "EXEC", "CALL", "DO", "LOCK", "COMMENT", "RENAME", "REINDEX", "CHECKPOINT", "DISCARD",
        "CLUSTER", "LOAD", "EXCHANGE", "CHECK", "WATCH", "UNDROP", "BACKUP", "RESTORE", "SECURITY",
    ]

    /// Where the statement an `EXPLAIN` explains begins.
    static let explainable: Set<String> = [
        "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "VALUES", "TABLE", "FROM", "REPLACE",
    ]

    /// What may stand between `CREATE` and `TABLE`/`VIEW`.
    static let createModifiers: Set<String> = [
        "OR", "REPLACE", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "RECURSIVE", "SECURE", "VOLATILE",
        "TRANSIENT", "MATERIALIZED", "LIVE", "EXTERNAL", "VIRTUAL",
    ]
}
