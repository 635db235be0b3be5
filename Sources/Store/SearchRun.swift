import Core
import Foundation
import GRDB

/// One search inside one read transaction.
///
/// 1. Candidates: index entries matching the query, best bm25 first, a window at a time
///    (200 entries or more, then twice as many…), of the kinds the request's types need. A
///    query with a word in more than ``selectiveLimit`` entries is ranked without bm25 instead:
///    see ``rankBroad(into:)``.
/// 2. Each window is resolved kind by kind in SQL: entries the caller may not read, archived
///    docs, and entries outside the filters drop out; a cell counts for its doc and, when it is
///    a query cell, for itself.
/// 3. Scores: relevance (−bm25) × (1 + 0.3 ln(1 + usage)) × 4 for an exact name. Usage is a
///    table's queries and views, a doc's viewers and favorites (×2), a query cell's runs.
/// 4. Windows stop once enough results are found (or after ``maxScanned`` entries), and
///    snippets are made for the page only.
struct SearchRun {
    let db: Database
    let request: SearchRequest
    let user: User
    let phrases: [String]
    private var match: String { phrases.joined(separator: " ") }

    static let maxScanned = 5_000
    static let selectiveLimit = 2_000
    static let broadWindow = 60
    static let usageWeight = 0.3
    static let exactBoost = 4.0

    private var types: Set<SearchType> { Set(request.searchedTypes) }

    func run() throws -> SearchPage {
        var found: [String: Found] = [:]
        let complete = try isSelective() ? try rankByBM25(into: &found) : try rankBroad(into: &found)
        let ranked = found.values.sorted { ($0.hit.score, $0.hit.id) > ($1.hit.score, $1.hit.id) }
        var page = Array(ranked.dropFirst(request.offset).prefix(request.limit))
        let snippets = try snippets(Set(page.map(\.source)))
        for index in page.indices { page[index].hit.snippet = snippets[page[index].source] ?? [] }
        return SearchPage(hits: page.map(\.hit), total: found.count, complete: complete)
    }

    /// The kinds of entry the request's types need, as a condition on rowids: a range when
    /// they are contiguous (all types, docs, one type), which FTS5 seeks to.
    private var kindCondition: String {
        let kinds = Set(types.flatMap(Self.kinds)).sorted { $0.rawValue < $1.rawValue }
        guard let first = kinds.first, let last = kinds.last else { return "0" }
        if last.rawValue - first.rawValue + 1 == Int64(kinds.count) { return SearchIndex.range(first, last) }
        return "(rowid >> \(SearchIndex.shift)) IN (\(kinds.map { String($0.rawValue) }.joined(separator: ",")))"
    }

    /// Whether every word is in at most ``selectiveLimit`` entries. bm25 reads the whole entry
    /// list of each word (for its weight) whatever the LIMIT, so only then is it cheap.
    private func isSelective() throws -> Bool {
        for phrase in phrases {
            let count = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (SELECT 1 FROM searchIndex WHERE searchIndex MATCH ? LIMIT ?)",
                arguments: [phrase, Self.selectiveLimit + 1]) ?? 0
            if count > Self.selectiveLimit { return false }
        }
        return true
    }

    /// Ranks by bm25, resolving windows of the best entries until enough results are found;
    /// whether every match was looked at.
    private func rankByBM25(into found: inout [String: Found]) throws -> Bool {
        let needed = request.offset + request.limit
        var scanned = 0
        var window = max(100, needed * 4)
        while scanned < Self.maxScanned {
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, \(SearchIndex.bm25) AS score FROM searchIndex
                    WHERE searchIndex MATCH ? AND \(kindCondition) ORDER BY score LIMIT ? OFFSET ?
                    """,
                arguments: [match, window, scanned]
            ).map { Candidate(rowid: $0["rowid"], bm25: $0["score"]) }
            scanned += candidates.count
            try resolve(candidates, into: &found)
            if candidates.count < window { return true }
            if found.count >= needed { return false }
            window *= 2
        }
        return false
    }

    /// A query with a very common word: for each kind, the newest ``broadWindow`` entries
    /// matching in a title and the newest half as many matching anywhere, scored 10 and 1, and
    /// the entries named exactly as the query (scored 10), before usage and the exact-name boost
    /// (bm25 would weigh such a word next to nothing anyway).
    private func rankBroad(into found: inout [String: Found]) throws -> Bool {
        var seen = Set<Int64>()
        var candidates: [Candidate] = []
        func take(_ rowids: [Int64], relevance: Double) {
            for rowid in rowids where seen.insert(rowid).inserted {
                candidates.append(Candidate(rowid: rowid, bm25: -relevance))
            }
        }
        take(try exactlyNamed(), relevance: 10)
        for kind in Set(types.flatMap(Self.kinds)) {
            for (expression, relevance, window) in [
                ("title : (\(match))", 10.0, Self.broadWindow), (match, 1.0, Self.broadWindow / 2),
            ] {
                take(
                    try Int64.fetchAll(
                        db,
                        sql: """
                            SELECT rowid FROM searchIndex WHERE searchIndex MATCH ? AND \(SearchIndex.range(kind, kind))
                            ORDER BY rowid DESC LIMIT ?
                            """,
                        arguments: [expression, window]),
                    relevance: relevance)
            }
        }
        try resolve(candidates, into: &found)
        return false
    }

    /// Index entries of the tables, docs and people whose name is exactly the query text.
    private func exactlyNamed() throws -> [Int64] {
        let text = exactText
        guard !text.isEmpty, text.count <= 200 else { return [] }
        var rowids: [Int64] = []
        if types.contains(.table) {
            let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            rowids += try Int64.fetchAll(
                db,
                sql: """
                    SELECT \(SearchIndex.base(.table)) + id FROM metaTable WHERE name = ? COLLATE NOCASE
                    UNION SELECT \(SearchIndex.base(.table)) + id FROM metaTable WHERE ? AND name = ? COLLATE NOCASE AND schemaName = ? COLLATE NOCASE
                    LIMIT 20
                    """,
                arguments: [text, parts.count == 2, parts.last ?? "", parts.first ?? ""])
        }
        if types.contains(.doc) {
            rowids += try Int64.fetchAll(
                db, sql: "SELECT \(SearchIndex.base(.doc)) + id FROM doc WHERE title = ? COLLATE NOCASE LIMIT 20", arguments: [text])
        }
        if types.contains(.user) {
            rowids += try Int64.fetchAll(
                db, sql: "SELECT \(SearchIndex.base(.user)) + id FROM user WHERE username = ? COLLATE NOCASE OR displayName = ? COLLATE NOCASE LIMIT 20",
                arguments: [text, text])
        }
        return rowids
    }

    private static func kinds(_ type: SearchType) -> [SearchIndex.Kind] {
        switch type {
        case .doc: [.doc, .cell]
        case .query: [.cell]
        case .table: [.table]
        case .execution: [.execution]
        case .user: [.user]
        }
    }

    struct Candidate {
        let rowid: Int64
        let bm25: Double
        var id: Int64 { rowid & ((1 << SearchIndex.shift) - 1) }
        var kind: Int64 { rowid >> SearchIndex.shift }
        var relevance: Double { max(-bm25, 1e-9) }
    }

    /// A result with the index entry that ranked it (for its snippet).
    struct Found {
        var hit: SearchHit
        var source: Int64
    }

    // MARK: Resolving candidates

    private func resolve(_ candidates: [Candidate], into found: inout [String: Found]) throws {
        let byKind = Dictionary(grouping: candidates, by: \.kind)
        var docSources: [Int64: Candidate] = [:]
        for candidate in byKind[SearchIndex.Kind.doc.rawValue] ?? [] { keepBest(candidate, for: candidate.id, in: &docSources) }
        if let cells = byKind[SearchIndex.Kind.cell.rawValue] {
            try resolveCells(cells, docSources: &docSources, into: &found)
        }
        if types.contains(.doc), !docSources.isEmpty { try resolveDocs(docSources, into: &found) }
        if let tables = byKind[SearchIndex.Kind.table.rawValue] { try resolveTables(tables, into: &found) }
        if let runs = byKind[SearchIndex.Kind.execution.rawValue] { try resolveExecutions(runs, into: &found) }
        if let people = byKind[SearchIndex.Kind.user.rawValue] { try resolveUsers(people, into: &found) }
    }

    private func keepBest(_ candidate: Candidate, for key: Int64, in best: inout [Int64: Candidate]) {
        if let current = best[key], current.bm25 <= candidate.bm25 { return }
        best[key] = candidate
    }

    private func ids(_ candidates: some Sequence<Candidate>) -> String {
        "[" + candidates.map { String($0.id) }.joined(separator: ",") + "]"
    }

    private func add(_ hit: SearchHit, source: Int64, into found: inout [String: Found]) {
        let key = "\(hit.type.rawValue):\(hit.id)"
        if let current = found[key], current.hit.score >= hit.score { return }
        found[key] = Found(hit: hit, source: source)
    }

    private func score(_ candidate: Candidate, usage: Int, exact: Bool) -> Double {
        candidate.relevance * (1 + Self.usageWeight * log1p(Double(max(usage, 0)))) * (exact ? Self.exactBoost : 1)
    }

    private var exactText: String { FTSQuery.normalized(request.text) }

    private func isExact(_ names: String?...) -> Bool {
        let text = exactText
        return names.contains { $0.map(FTSQuery.normalized) == text }
    }

    /// Conditions on a date column for the request's range.
    private func dateConditions(_ column: String, _ conditions: inout [String], _ arguments: inout StatementArguments) {
        if let from = request.from {
            conditions.append("\(column) >= ?")
            arguments += [from]
        }
        if let to = request.to {
            conditions.append("\(column) < ?")
            arguments += [to]
        }
    }

    private func resolveCells(
        _ candidates: [Candidate], docSources: inout [Int64: Candidate], into found: inout [String: Found]
    ) throws {
        let readable = HubStore.readableDocCondition(user)
        var arguments: StatementArguments = [ids(candidates)]
        arguments += readable.arguments
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.docID, c.kind, c.title, substr(c.content, 1, 400) AS content, c.engineID, c.ownerID,
                    c.updatedAt, d.title AS docTitle,
                    (SELECT count(*) FROM execution e WHERE e.cellID = c.id) AS usage
                FROM cell c JOIN doc d ON d.id = c.docID
                WHERE c.id IN (SELECT value FROM json_each(?)) AND NOT d.archived AND \(readable.sql)
                """,
            arguments: arguments)
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let id: Int64 = row["id"]
            guard let candidate = byID[id] else { continue }
            let docID: Int64 = row["docID"]
            keepBest(candidate, for: docID, in: &docSources)
            guard types.contains(.query), row["kind"] == CellKind.query.rawValue else { continue }
            let updatedAt: Date = row["updatedAt"]
            let engine: EngineID? = row["engineID"]
            let owner: UserID = row["ownerID"]
            if let wanted = request.owner, wanted != owner { continue }
            if let wanted = request.engine, wanted != engine { continue }
            if let from = request.from, updatedAt < from { continue }
            if let to = request.to, updatedAt >= to { continue }
            let title: String = row["title"]
            var hit = SearchHit(
                type: .query, id: id, title: title.isEmpty ? Self.firstLine(row["content"]) : title,
                score: score(candidate, usage: row["usage"], exact: isExact(title)), updatedAt: updatedAt)
            hit.docID = DocID(docID)
            hit.docTitle = row["docTitle"]
            hit.cellID = CellID(id)
            hit.engineID = engine
            hit.userID = owner
            add(hit, source: candidate.rowid, into: &found)
        }
    }

    private func resolveDocs(_ sources: [Int64: Candidate], into found: inout [String: Found]) throws {
        let readable = HubStore.readableDocCondition(user)
        var conditions = ["d.id IN (SELECT value FROM json_each(?))", "NOT d.archived", readable.sql]
        var arguments: StatementArguments = ["[" + sources.keys.map(String.init).joined(separator: ",") + "]"]
        arguments += readable.arguments
        if let owner = request.owner {
            conditions.append("d.ownerID = ?")
            arguments += [owner]
        }
        dateConditions("d.updatedAt", &conditions, &arguments)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.id, d.title, d.ownerID, d.updatedAt,
                    (SELECT count(*) FROM docView v WHERE v.docID = d.id)
                        + 2 * (SELECT count(*) FROM docFavorite f WHERE f.docID = d.id) AS usage
                FROM doc d WHERE \(conditions.joined(separator: " AND "))
                """,
            arguments: arguments)
        for row in rows {
            let id: Int64 = row["id"]
            guard let source = sources[id] else { continue }
            let title: String = row["title"]
            var hit = SearchHit(
                type: .doc, id: id, title: title, score: score(source, usage: row["usage"], exact: isExact(title)),
                updatedAt: row["updatedAt"])
            hit.docID = DocID(id)
            hit.userID = row["ownerID"]
            add(hit, source: source.rowid, into: &found)
        }
    }

    private func resolveTables(_ candidates: [Candidate], into found: inout [String: Found]) throws {
        let visible = HubStore.visibleEngineCondition(user, column: "t.engineID")
        var conditions = ["t.id IN (SELECT value FROM json_each(?))", visible.sql]
        var arguments: StatementArguments = [ids(candidates)]
        arguments += visible.arguments
        if let engine = request.engine {
            conditions.append("t.engineID = ?")
            arguments += [engine]
        }
        if let schema = request.schema {
            conditions.append("t.schemaName = ?")
            arguments += [schema]
        }
        if let tag = request.tag {
            conditions.append("EXISTS (SELECT 1 FROM tableTag g WHERE g.tableID = t.id AND g.tag = ?)")
            arguments += [tag]
        }
        if let owner = request.owner {
            conditions.append("EXISTS (SELECT 1 FROM tableOwner o WHERE o.tableID = t.id AND o.userID = ?)")
            arguments += [owner]
        }
        dateConditions("t.updatedAt", &conditions, &arguments)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT t.id, t.engineID, t.schemaName, t.name, t.kind, t.golden, t.updatedAt,
                    t.queryCount + t.viewCount AS usage
                FROM metaTable t WHERE \(conditions.joined(separator: " AND "))
                """,
            arguments: arguments)
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let id: Int64 = row["id"]
            guard let candidate = byID[id] else { continue }
            let schema: String = row["schemaName"]
            let name: String = row["name"]
            var hit = SearchHit(
                type: .table, id: id, title: "\(schema).\(name)",
                score: score(candidate, usage: row["usage"], exact: isExact(name, "\(schema).\(name)")),
                updatedAt: row["updatedAt"])
            hit.engineID = row["engineID"]
            hit.schemaName = schema
            hit.tableName = name
            hit.tableKind = row["kind"]
            hit.golden = row["golden"]
            add(hit, source: candidate.rowid, into: &found)
        }
    }

    private func resolveExecutions(_ candidates: [Candidate], into found: inout [String: Found]) throws {
        let readable = HubStore.readableDocCondition(user)
        var conditions = [
            "e.id IN (SELECT value FROM json_each(?))",
            "(? OR e.ownerID = ? OR (d.id IS NOT NULL AND \(readable.sql)))",
        ]
        var arguments: StatementArguments = [ids(candidates), user.isAdmin, user.id]
        arguments += readable.arguments
        if let owner = request.owner {
            conditions.append("e.ownerID = ?")
            arguments += [owner]
        }
        if let engine = request.engine {
            conditions.append("e.engineID = ?")
            arguments += [engine]
        }
        dateConditions("e.createdAt", &conditions, &arguments)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.engineID, e.ownerID, e.status, e.createdAt, substr(e.query, 1, 400) AS query,
                    e.cellID, c.docID, d.title AS docTitle
                FROM execution e LEFT JOIN cell c ON c.id = e.cellID LEFT JOIN doc d ON d.id = c.docID
                WHERE \(conditions.joined(separator: " AND "))
                """,
            arguments: arguments)
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let id: Int64 = row["id"]
            guard let candidate = byID[id] else { continue }
            var hit = SearchHit(
                type: .execution, id: id, title: Self.firstLine(row["query"]), score: score(candidate, usage: 0, exact: false),
                updatedAt: row["createdAt"])
            hit.engineID = row["engineID"]
            hit.userID = row["ownerID"]
            hit.status = row["status"]
            hit.cellID = row["cellID"]
            hit.docID = row["docID"]
            hit.docTitle = row["docTitle"]
            add(hit, source: candidate.rowid, into: &found)
        }
    }

    private func resolveUsers(_ candidates: [Candidate], into found: inout [String: Found]) throws {
        var conditions = ["u.id IN (SELECT value FROM json_each(?))", "u.active"]
        var arguments: StatementArguments = [ids(candidates)]
        dateConditions("u.createdAt", &conditions, &arguments)
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT u.id, u.username, u.displayName, u.createdAt FROM user u WHERE \(conditions.joined(separator: " AND "))",
            arguments: arguments)
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let id: Int64 = row["id"]
            guard let candidate = byID[id] else { continue }
            let name: String = row["displayName"]
            var hit = SearchHit(
                type: .user, id: id, title: name, score: score(candidate, usage: 0, exact: isExact(name, row["username"])),
                updatedAt: row["createdAt"])
            hit.userID = UserID(id)
            add(hit, source: candidate.rowid, into: &found)
        }
    }

    // MARK: Snippets

    /// The snippets of `rowids`, in one statement. The rowids are written into the SQL (they
    /// are our own integers): FTS5 refuses `snippet()` when the rowids come from a subquery.
    private func snippets(_ rowids: Set<Int64>) throws -> [Int64: [SnippetSegment]] {
        guard !rowids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT rowid, snippet(searchIndex, -1, char(1), char(2), '…', 16) AS marked FROM searchIndex
                WHERE searchIndex MATCH ? AND rowid IN (\(rowids.map(String.init).joined(separator: ",")))
                """,
            arguments: [match])
        var snippets: [Int64: [SnippetSegment]] = [:]
        for row in rows {
            let marked: String = row["marked"] ?? ""
            snippets[row["rowid"]] = FTSQuery.segments(marked).map { SnippetSegment(text: $0.text, hit: $0.hit) }
        }
        return snippets
    }

    /// The first line of SQL with text, shortened: a title for a query without one.
    static func firstLine(_ text: String?) -> String {
        let line = (text ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("--") } ?? ""
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}
