/// The statement forms that write: their targets, and where their reads start.
extension TableScanner {
    /// Classifies the statement at `index`: skips `EXPLAIN` and its options, and ends the scan
    /// for statements that name no tables to read or write (`SHOW`, `SET`, `DROP`…).
    mutating func beginStatement() {
        start = index
        guard index < tokens.count, tokens[index].kind == .word else { return }
        let word = tokens[index].keyword
        if word == "EXPLAIN" {
            explain = true
            index += 1
            skipExplainOptions()
            beginStatement()
        } else if Keywords.tablelessStatements.contains(word) {
            kind = .other
            done = true
        } else if word == "FROM" {
            // ClickHouse's `FROM t SELECT …`.
            frame.allowsFrom = true
        }
    }

    /// Past `ANALYZE`, `VERBOSE`, `QUERY PLAN`, `(FORMAT JSON, ANALYZE)`, `PIPELINE header = 1`…
    /// up to the statement explained.
    private mutating func skipExplainOptions() {
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .word, Keywords.explainable.contains(token.keyword) { return }
            if token.kind == .leftParen {
                if index + 1 < tokens.count, tokens[index + 1].isWord("SELECT") || tokens[index + 1].isWord("WITH") {
                    return
                }
                let close = matchingParen(index)
                if tokens[index...close].contains(where: { $0.isWord("ANALYZE") }) { explainAnalyze = true }
                index = close + 1
                continue
            }
            if token.isWord("ANALYZE") { explainAnalyze = true }
            index += 1
        }
    }

    /// `INSERT [OR …] INTO [TABLE] t`, `INSERT OVERWRITE [TABLE] t`, `REPLACE INTO t`. An
    /// `INSERT (…) VALUES` of `MERGE` and ClickHouse's `INSERT INTO FUNCTION` name no table.
    mutating func insert() {
        index += 1
        if index < tokens.count, tokens[index].isWord("OR") { index += 2 }
        if index < tokens.count, tokens[index].isWord("INTO") {
            index += 1
            if index < tokens.count, tokens[index].isWord("TABLE") { index += 1 }
            if index < tokens.count, tokens[index].isWord("FUNCTION") {
                noteKind(.insert)
                return
            }
        } else if index < tokens.count, tokens[index].isWord("OVERWRITE") {
            index += 1
            if index < tokens.count, tokens[index].isWord("LOCAL") || tokens[index].isWord("DIRECTORY") {
                noteKind(.insert)
                return
            }
        } else {
            return
        }
        noteKind(.insert)
        writeTarget()
        skipColumnList()
    }

    /// `UPDATE [OR …] [ONLY] t … SET … [FROM …]`. Not `DO UPDATE SET`, `WHEN MATCHED THEN
    /// UPDATE SET`, `FOR [NO KEY] UPDATE`, `ON UPDATE`, nor ClickHouse's `ALTER TABLE t UPDATE`.
    mutating func update() {
        let notDML = next(isWord: "SET") || previous(isWord: "FOR") || previous(isWord: "KEY")
            || previous(isWord: "ON") || previous(isWord: "DO") || (inAlter && frames.count == 1)
        index += 1
        guard !notDML else { return }
        if index < tokens.count, tokens[index].isWord("OR") { index += 2 }
        noteKind(.update)
        writeTarget()
        frame.allowsFrom = true
    }

    /// `DELETE FROM [ONLY] t [USING …]`; `ON DELETE`, `THEN DELETE` and ClickHouse's
    /// `ALTER TABLE t DELETE WHERE` name no table.
    mutating func delete() {
        index += 1
        guard index < tokens.count, tokens[index].isWord("FROM"), !(inAlter && frames.count == 1) else { return }
        index += 1
        noteKind(.delete)
        writeTarget()
        frame.usingIsFrom = true
    }

    /// `MERGE INTO t USING source ON …`.
    mutating func merge() {
        index += 1
        if index < tokens.count, tokens[index].isWord("INTO") { index += 1 }
        noteKind(.merge)
        writeTarget()
        frame.usingIsFrom = true
    }

    /// `CREATE [OR REPLACE] [TEMP…] [MATERIALIZED] TABLE|VIEW [IF NOT EXISTS] t [ON CLUSTER c]
    /// [TO target] [(columns)] … [AS query]`. Column definitions are skipped (a `REFERENCES`
    /// there reads nothing); other objects (indexes, functions, schemas) name no tables.
    mutating func create() {
        index += 1
        while index < tokens.count, tokens[index].kind == .word, Keywords.createModifiers.contains(tokens[index].keyword) {
            index += 1
        }
        guard index < tokens.count, tokens[index].isWord("TABLE") || tokens[index].isWord("VIEW") else {
            kind = .other
            done = true
            return
        }
        index += 1
        noteKind(.create)
        writeTarget()
        if index < tokens.count, tokens[index].isWord("ON"), next(isWord: "CLUSTER") { index += 3 }
        if index < tokens.count, tokens[index].isWord("TO") {
            index += 1
            writeTarget()
        }
        skipColumnList()
    }

    /// `SELECT … INTO [TEMP] [TABLE] t FROM …` (PostgreSQL) creates `t`.
    mutating func selectInto() {
        index += 1
        guard dialect == .postgres, frame.allowsFrom else { return }
        while index < tokens.count, tokens[index].kind == .word,
            ["TEMP", "TEMPORARY", "UNLOGGED", "TABLE"].contains(tokens[index].keyword)
        {
            index += 1
        }
        guard index < tokens.count, !tokens[index].isWord("STRICT") else { return }
        if kind == .query { kind = nil }
        noteKind(.create)
        writeTarget()
    }

    /// PostgreSQL's `TABLE t` (a query for `SELECT * FROM t`), at the start of a query.
    mutating func tableQuery() {
        let startsQuery =
            index == start || tokens[index - 1].kind == .leftParen
            || ["AS", "UNION", "INTERSECT", "EXCEPT", "ALL", "DISTINCT"].contains(tokens[index - 1].keyword)
        index += 1
        guard startsQuery, index < tokens.count, tokens[index].isName else { return }
        let end = qualifiedName(at: index).end
        guard end >= tokens.count || tokens[end].kind != .leftParen else { return }
        noteKind(.query)
        tableFactor()
    }

    /// `ALTER TABLE [IF EXISTS] [ONLY] t …` changes `t`; other `ALTER`s name no table.
    mutating func alter() {
        index += 1
        guard index < tokens.count, tokens[index].isWord("TABLE") else {
            kind = .other
            done = true
            return
        }
        index += 1
        noteKind(.alter)
        writeTarget()
        inAlter = true
    }

    /// `TRUNCATE [TABLE] [ONLY] a [, b …]`.
    mutating func truncate() {
        index += 1
        noteKind(.alter)
        writeTarget()
        while index < tokens.count, tokens[index].kind == .comma {
            index += 1
            writeTarget()
        }
        done = true
    }

    /// PostgreSQL `COPY t [(cols)] FROM …` writes `t`; `COPY t TO …` reads it; `COPY (query)
    /// TO …` reads what the query reads.
    mutating func copy() {
        index += 1
        guard index < tokens.count, tokens[index].isName else { return }
        let (parts, end) = qualifiedName(at: index)
        var after = end
        if after < tokens.count, tokens[after].kind == .leftParen { after = matchingParen(after) + 1 }
        done = true
        guard let table = TableReference(parts: parts) else { return }
        if after < tokens.count, tokens[after].isWord("FROM") {
            noteKind(.insert)
            writes.append(table)
        } else {
            noteKind(.query)
            reads.append(table)
        }
    }

    /// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] v` rewrites `v` (PostgreSQL, Trino).
    mutating func refresh() {
        index += 1
        guard next(isWord: "VIEW", 0) || (next(isWord: "MATERIALIZED", 0) && next(isWord: "VIEW")) else {
            kind = .other
            done = true
            return
        }
        index += tokens[index].isWord("MATERIALIZED") ? 2 : 1
        if index < tokens.count, tokens[index].isWord("CONCURRENTLY") { index += 1 }
        noteKind(.alter)
        writeTarget()
        done = true
    }

    /// Past a `(column, …)` list or column definitions after a target, but not into a
    /// parenthesized query (`INSERT INTO t (SELECT …)`).
    mutating func skipColumnList() {
        guard index < tokens.count, tokens[index].kind == .leftParen else { return }
        if index + 1 < tokens.count {
            let first = tokens[index + 1]
            if first.kind == .leftParen || first.isWord("SELECT") || first.isWord("WITH") || first.isWord("VALUES") {
                return
            }
        }
        index = matchingParen(index) + 1
    }
}
