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
    let match: String
    /// The query text as names are compared for the exact-name boost.
    let exactText: String

    init(db: Database, request: SearchRequest, user: User, phrases: [String]) {
        self.db = db
        self.request = request
        self.user = user
        self.phrases = phrases
        match = phrases.joined(separator: " ")
        exactText = FTSQuery.normalized(request.text)
    }

    static let maxScanned = 5_000
    static let selectiveLimit = 2_000
    /// The fewest title matches per kind the broad path looks at; at least twice the page.
    static let broadWindow = 40
    static let usageWeight = 0.3
    static let exactBoost = 4.0

    var types: Set<SearchType> { Set(request.searchedTypes) }

    /// The connection's prepared statement for `sql`: the search's statements are the same
    /// on every query but for their arguments.
    func cached(_ sql: String) throws -> Statement { try db.cachedStatement(sql: sql) }

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
                cached("SELECT count(*) FROM (SELECT 1 FROM searchIndex WHERE searchIndex MATCH ? LIMIT ?)"),
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
                cached("""
                    SELECT rowid, \(SearchIndex.bm25) AS score FROM searchIndex
                    WHERE searchIndex MATCH ? AND \(kindCondition) ORDER BY score LIMIT ? OFFSET ?
                    """),
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

    /// A query with a very common word: the entries named exactly as the query and, for each
    /// kind, the newest ``broadWindow`` (or twice the page) entries matching in a title (from
    /// `searchTitle`, whose lists hold titles only), scored 10; then, only when
    /// those give less than the page, the newest half as many matching anywhere, scored 1 —
    /// before usage and the exact-name boost (bm25 would weigh such a word next to nothing
    /// anyway). Usage cannot lift a 1 above a 10, so the second pass never changes a full page.
    private func rankBroad(into found: inout [String: Found]) throws -> Bool {
        var seen = Set<Int64>()
        func window(_ table: String, _ kind: SearchIndex.Kind, _ size: Int) throws -> [Int64] {
            try Int64.fetchAll(
                cached("""
                    SELECT rowid FROM \(table) WHERE \(table) MATCH ? AND \(SearchIndex.range(kind, kind))
                    ORDER BY rowid DESC LIMIT ?
                    """),
                arguments: [match, size])
        }
        func candidates(_ rowids: [Int64], relevance: Double) -> [Candidate] {
            rowids.filter { seen.insert($0).inserted }.map { Candidate(rowid: $0, bm25: -relevance) }
        }
        let kinds = Set(types.flatMap(Self.kinds))
        let size = max(Self.broadWindow, 2 * (request.offset + request.limit))
        var titled = try exactlyNamed()
        for kind in kinds { titled += try window("searchTitle", kind, size) }
        try resolve(candidates(titled, relevance: 10), into: &found)
        if found.count >= request.offset + request.limit { return false }
        var anywhere: [Int64] = []
        for kind in kinds { anywhere += try window("searchIndex", kind, size / 2) }
        try resolve(candidates(anywhere, relevance: 1), into: &found)
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
                cached("""
                    SELECT \(SearchIndex.base(.table)) + id FROM metaTable WHERE name = ? COLLATE NOCASE
                    UNION SELECT \(SearchIndex.base(.table)) + id FROM metaTable WHERE ? AND name = ? COLLATE NOCASE AND schemaName = ? COLLATE NOCASE
                    LIMIT 20
                    """),
                arguments: [text, parts.count == 2, parts.last ?? "", parts.first ?? ""])
        }
        if types.contains(.doc) {
            rowids += try Int64.fetchAll(
                cached("SELECT \(SearchIndex.base(.doc)) + id FROM doc WHERE title = ? COLLATE NOCASE LIMIT 20"), arguments: [text])
        }
        if types.contains(.user) {
            rowids += try Int64.fetchAll(
                cached("SELECT \(SearchIndex.base(.user)) + id FROM user WHERE username = ? COLLATE NOCASE OR displayName = ? COLLATE NOCASE LIMIT 20"),
                arguments: [text, text])
        }
        return rowids
    }

    static func kinds(_ type: SearchType) -> [SearchIndex.Kind] {
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

    // MARK: Snippets

    /// The snippets of `rowids`, in one statement. The rowids are written into the SQL (they
    /// are our own integers): FTS5 refuses `snippet()` when the rowids come from a subquery.
    private func snippets(_ rowids: Set<Int64>) throws -> [Int64: [SnippetSegment]] {
        guard !rowids.isEmpty else { return [:] }
        // Not cached: the rowids make each statement different.
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
