/// One pass over one statement's tokens, collecting the tables in table positions.
///
/// Parentheses open frames; each frame knows whether a `FROM` there is a clause (a `SELECT`
/// or `UPDATE` came first in it, so the `FROM` of `EXTRACT(YEAR FROM d)` is not) and whether
/// it is inside a `FROM` list (so a comma there starts another table). Statement-specific
/// parts live in `TableScanner+Statements.swift`.
struct TableScanner {
    let tokens: [SQLToken]
    let dialect: SQLDialect
    var index = 0
    var frames: [Frame] = [Frame()]
    /// Names of the statement's common table expressions, upper-cased.
    var cteNames: Set<String> = []
    var reads: [TableReference] = []
    var writes: [TableReference] = []
    var kind: StatementKind?
    /// Where the statement proper starts (after any `EXPLAIN …`).
    var start = 0
    var explain = false
    var explainAnalyze = false
    /// Inside `ALTER TABLE …`, where ClickHouse's `UPDATE`/`DELETE` mutations name no table.
    var inAlter = false
    /// Set when the rest of the statement holds no more tables (or is not SQL at all).
    var done = false

    struct Frame {
        /// A `SELECT` or `UPDATE` came first in this frame, so `FROM` here lists tables.
        var allowsFrom = false
        /// Inside a `FROM` list: a comma at this level starts another table.
        var inFromList = false
        /// A `USING` here lists tables (after `DELETE FROM t` or `MERGE INTO t`).
        var usingIsFrom = false
    }

    init(tokens: [SQLToken], dialect: SQLDialect) {
        self.tokens = tokens
        self.dialect = dialect
    }

    mutating func run() -> StatementTables {
        cteNames = collectCTENames()
        beginStatement()
        while index < tokens.count, !done { step() }
        var kind = kind ?? (reads.isEmpty && writes.isEmpty ? .other : .query)
        var writes = writes
        if explain, !explainAnalyze {
            kind = .explain
            writes = []
        }
        return StatementTables(kind: kind, reads: reads, writes: writes)
    }

    // MARK: - The main loop

    private mutating func step() {
        let token = tokens[index]
        switch token.kind {
        case .leftParen:
            frames.append(Frame())
            index += 1
        case .rightParen:
            if frames.count > 1 { frames.removeLast() }
            index += 1
        case .comma:
            index += 1
            if frames[frames.count - 1].inFromList { tableFactor() }
        case .word where !isQualifierPart(index):
            keyword(token.keyword)
        default:
            index += 1
        }
    }

    private mutating func keyword(_ word: String) {
        switch word {
        case "SELECT":
            frame.allowsFrom = true
            frame.inFromList = false
            noteKind(.query)
            index += 1
        case "FROM":
            index += 1
            if frame.allowsFrom, !isDistinctFrom(index - 1) {
                frame.inFromList = true
                tableFactor()
            }
        case "JOIN", "STRAIGHT_JOIN":
            index += 1
            if index >= 2, tokens[index - 2].isWord("ARRAY") {
                // ClickHouse's `ARRAY JOIN a AS x, b AS y` lists array columns, not tables.
                frame.inFromList = false
            } else {
                frame.inFromList = true
                tableFactor()
            }
        case "USING":
            index += 1
            if frame.usingIsFrom {
                frame.usingIsFrom = false
                frame.inFromList = true
                tableFactor()
            }
        case "INSERT": insert()
        case "REPLACE" where next(isWord: "INTO"): insert()
        case "UPDATE": update()
        case "DELETE": delete()
        case "MERGE": merge()
        case "INTO": selectInto()
        case "TABLE": tableQuery()
        case "CREATE" where index == start: create()
        case "ALTER" where index == start: alter()
        case "TRUNCATE" where index == start: truncate()
        case "COPY" where index == start && dialect == .postgres: copy()
        case "REFRESH" where index == start: refresh()
        case "FORMAT" where frames.count == 1 && kind == .insert:
            // ClickHouse: `INSERT INTO t FORMAT CSV` is followed by data, not SQL.
            done = true
        default:
            if Keywords.clauseEnders.contains(word) {
                frame.inFromList = false
                // `DELETE FROM t WHERE …`: a later `USING` is a join's.
                frame.usingIsFrom = false
                if word == "VALUES" { noteKind(.query) }
            }
            index += 1
        }
    }

    // MARK: - Table positions

    /// Reads one table factor at `index`: a table name (recorded), a table function (skipped),
    /// or a parenthesized subquery or join (entered, as a `FROM` list of its own).
    mutating func tableFactor() {
        while index < tokens.count, tokens[index].isWord("LATERAL") || tokens[index].isWord("ONLY") { index += 1 }
        guard index < tokens.count else { return }
        let token = tokens[index]
        if token.kind == .leftParen {
            // `(SELECT …)` clears the list mode at its `SELECT`; `(a JOIN b)` keeps it.
            frames.append(Frame(allowsFrom: false, inFromList: true))
            index += 1
            tableFactor()
            return
        }
        if token.isWord("ROWS"), next(isWord: "FROM") {
            // PostgreSQL `ROWS FROM (f(), g())`: functions.
            index += 2
            return
        }
        guard token.isName, !(token.kind == .word && Keywords.notTables.contains(token.keyword)) else { return }
        let (parts, end) = qualifiedName(at: index)
        index = end
        if index < tokens.count, tokens[index].kind == .leftParen { return }  // a table function
        guard let table = TableReference(parts: parts), !isCTE(parts) else { return }
        if !reads.contains(table) { reads.append(table) }
    }

    /// Reads the table a statement writes at `index` (after `ONLY`, `TABLE`, `IF [NOT] EXISTS`).
    mutating func writeTarget() {
        while index < tokens.count, tokens[index].kind == .word {
            let word = tokens[index].keyword
            if word == "ONLY" || word == "TABLE" {
                index += 1
            } else if word == "IF", next(isWord: "EXISTS") {
                index += 2
            } else if word == "IF", next(isWord: "NOT") {
                index += 3
            } else {
                break
            }
        }
        guard index < tokens.count, tokens[index].isName else { return }
        let (parts, end) = qualifiedName(at: index)
        index = end
        guard let table = TableReference(parts: parts), !isCTE(parts) else { return }
        if !writes.contains(table) { writes.append(table) }
    }

    /// The dotted name starting at `position` (`a`, `a.b`, `"a"."b".c`) and the index after it.
    func qualifiedName(at position: Int) -> (parts: [String], end: Int) {
        var parts = [tokens[position].value]
        var probe = position + 1
        while probe + 1 < tokens.count, tokens[probe].kind == .dot, tokens[probe + 1].isName {
            parts.append(tokens[probe + 1].value)
            probe += 2
        }
        return (parts, probe)
    }

    // MARK: - Helpers

    var frame: Frame {
        get { frames[frames.count - 1] }
        set { frames[frames.count - 1] = newValue }
    }

    /// Records what the statement does: the first data-changing part wins over a query.
    mutating func noteKind(_ noted: StatementKind) {
        if kind == nil || (kind == .query && noted != .query) { kind = noted }
    }

    func next(isWord word: String, _ distance: Int = 1) -> Bool {
        index + distance < tokens.count && tokens[index + distance].isWord(word)
    }

    func previous(isWord word: String) -> Bool {
        index > 0 && tokens[index - 1].isWord(word)
    }

    /// A word right after or before a `.` is a qualified name's part (`x.from_date`, `t.from`),
    /// never a keyword.
    private func isQualifierPart(_ position: Int) -> Bool {
        (position > 0 && tokens[position - 1].kind == .dot)
            || (position + 1 < tokens.count && tokens[position + 1].kind == .dot)
    }

    /// `a IS [NOT] DISTINCT FROM b`: an operator.
    private func isDistinctFrom(_ position: Int) -> Bool {
        position >= 2 && tokens[position - 1].isWord("DISTINCT")
            && (tokens[position - 2].isWord("IS") || tokens[position - 2].isWord("NOT"))
    }

    func isCTE(_ parts: [String]) -> Bool {
        parts.count == 1 && cteNames.contains(parts[0].uppercased())
    }

    /// The index of the `)` matching the `(` at `position`, or the last index.
    func matchingParen(_ position: Int) -> Int {
        var depth = 0
        var probe = position
        while probe < tokens.count {
            switch tokens[probe].kind {
            case .leftParen: depth += 1
            case .rightParen:
                depth -= 1
                if depth == 0 { return probe }
            default: break
            }
            probe += 1
        }
        return tokens.count - 1
    }
}
