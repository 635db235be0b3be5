import Core
import Foundation
import GRDB

/// Resolving a window of candidates: each kind in one SQL statement over the window's ids,
/// joined with the caller's permissions and the request's filters, then scored.
extension SearchRun {
    func resolve(_ candidates: [Candidate], into found: inout [String: Found]) throws {
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

    /// SQL conditions and their arguments, built filter by filter.
    struct Conditions {
        var sql: [String] = []
        var arguments: StatementArguments = []

        mutating func add(_ condition: String, _ arguments: StatementArguments = []) {
            sql.append(condition)
            self.arguments += arguments
        }

        /// Adds `condition` (one `?`) only when the filter is set.
        mutating func add(_ condition: String, ifSet value: (any DatabaseValueConvertible)?) {
            if let value { add(condition, [value]) }
        }

        /// The request's date range on `column`.
        mutating func dates(_ column: String, _ request: SearchRequest) {
            add("\(column) >= ?", ifSet: request.from)
            add("\(column) < ?", ifSet: request.to)
        }
    }

    /// The rows `select` finds among `candidates` (keyed by the id in `idColumn`) that meet
    /// `conditions`, each with its candidate.
    private func rows(
        _ select: String, id idColumn: String, _ candidates: [Int64: Candidate], _ conditions: Conditions
    ) throws -> [(row: Row, candidate: Candidate)] {
        var arguments: StatementArguments = ["[" + candidates.keys.map(String.init).joined(separator: ",") + "]"]
        arguments += conditions.arguments
        let sql = ([select + " WHERE \(idColumn) IN (SELECT value FROM json_each(?))"] + conditions.sql)
            .joined(separator: " AND ")
        return try Row.fetchAll(
                cached(sql), arguments: arguments).compactMap { row in
            candidates[row["id"]].map { (row, $0) }
        }
    }

    private func byID(_ candidates: [Candidate]) -> [Int64: Candidate] {
        Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func keepBest(_ candidate: Candidate, for key: Int64, in best: inout [Int64: Candidate]) {
        if let current = best[key], current.bm25 <= candidate.bm25 { return }
        best[key] = candidate
    }

    private func add(_ hit: SearchHit, source: Int64, into found: inout [String: Found]) {
        let key = "\(hit.type.rawValue):\(hit.id)"
        if let current = found[key], current.hit.score >= hit.score { return }
        found[key] = Found(hit: hit, source: source)
    }

    private func score(_ candidate: Candidate, usage: Int, exact: Bool) -> Double {
        candidate.relevance * (1 + Self.usageWeight * log1p(Double(max(usage, 0)))) * (exact ? Self.exactBoost : 1)
    }

    private func isExact(_ names: String?...) -> Bool {
        names.contains { name in
            guard let name else { return false }
            // Normalizing never lengthens ASCII text, so an ASCII name shorter than the query
            // cannot match: skip building its normalized copy.
            if name.utf8.count < exactText.utf8.count, name.utf8.allSatisfy({ $0 < 0x80 }) { return false }
            return FTSQuery.normalized(name) == exactText
        }
    }

    private var readable: Conditions {
        let rule = HubStore.readableDocCondition(user)
        var conditions = Conditions()
        conditions.add(rule.sql, rule.arguments)
        return conditions
    }

    /// Cells count for their doc (kept in `docSources`) and, query cells, for themselves.
    private func resolveCells(
        _ candidates: [Candidate], docSources: inout [Int64: Candidate], into found: inout [String: Found]
    ) throws {
        var conditions = readable
        conditions.add("NOT d.archived")
        let rows = try rows(
            """
            SELECT c.id, c.docID, c.kind, c.title, substr(c.content, 1, 400) AS content, c.engineID, c.ownerID,
                c.updatedAt, d.title AS docTitle, (SELECT count(*) FROM execution e WHERE e.cellID = c.id) AS usage
            FROM cell c JOIN doc d ON d.id = c.docID
            """, id: "c.id", byID(candidates), conditions)
        for (row, candidate) in rows {
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
                type: .query, id: candidate.id, title: title.isEmpty ? Self.firstLine(row["content"]) : title,
                score: score(candidate, usage: row["usage"], exact: isExact(title)), updatedAt: updatedAt)
            hit.docID = DocID(docID)
            hit.docTitle = row["docTitle"]
            hit.cellID = CellID(candidate.id)
            hit.engineID = engine
            hit.userID = owner
            add(hit, source: candidate.rowid, into: &found)
        }
    }

    private func resolveDocs(_ sources: [Int64: Candidate], into found: inout [String: Found]) throws {
        var conditions = readable
        conditions.add("NOT d.archived")
        conditions.add("d.ownerID = ?", ifSet: request.owner)
        conditions.dates("d.updatedAt", request)
        let rows = try rows(
            """
            SELECT d.id, d.title, d.ownerID, d.updatedAt,
                (SELECT count(*) FROM docView v WHERE v.docID = d.id)
                    + 2 * (SELECT count(*) FROM docFavorite f WHERE f.docID = d.id) AS usage
            FROM doc d
            """, id: "d.id", sources, conditions)
        for (row, source) in rows {
            let id: Int64 = row["id"]
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
        var conditions = Conditions()
        conditions.add(visible.sql, visible.arguments)
        conditions.add("t.engineID = ?", ifSet: request.engine)
        conditions.add("t.schemaName = ?", ifSet: request.schema)
        conditions.add("EXISTS (SELECT 1 FROM tableTag g WHERE g.tableID = t.id AND g.tag = ?)", ifSet: request.tag)
        conditions.add("EXISTS (SELECT 1 FROM tableOwner o WHERE o.tableID = t.id AND o.userID = ?)", ifSet: request.owner)
        conditions.dates("t.updatedAt", request)
        let rows = try rows(
            """
            SELECT t.id, t.engineID, t.schemaName, t.name, t.kind, t.golden, t.updatedAt,
                t.queryCount + t.viewCount AS usage
            FROM metaTable t
            """, id: "t.id", byID(candidates), conditions)
        for (row, candidate) in rows {
            let schema: String = row["schemaName"]
            let name: String = row["name"]
            var hit = SearchHit(
                type: .table, id: candidate.id, title: "\(schema).\(name)",
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

    /// A run is its starter's, and readable with its cell's doc.
    private func resolveExecutions(_ candidates: [Candidate], into found: inout [String: Found]) throws {
        let rule = HubStore.readableDocCondition(user)
        var conditions = Conditions()
        var arguments: StatementArguments = [user.isAdmin, user.id]
        arguments += rule.arguments
        conditions.add("(? OR e.ownerID = ? OR (d.id IS NOT NULL AND \(rule.sql)))", arguments)
        conditions.add("e.ownerID = ?", ifSet: request.owner)
        conditions.add("e.engineID = ?", ifSet: request.engine)
        conditions.dates("e.createdAt", request)
        let rows = try rows(
            """
            SELECT e.id, e.engineID, e.ownerID, e.status, e.createdAt, substr(e.query, 1, 400) AS query,
                e.cellID, c.docID, d.title AS docTitle
            FROM execution e LEFT JOIN cell c ON c.id = e.cellID LEFT JOIN doc d ON d.id = c.docID
            """, id: "e.id", byID(candidates), conditions)
        for (row, candidate) in rows {
            var hit = SearchHit(
                type: .execution, id: candidate.id, title: Self.firstLine(row["query"]),
                score: score(candidate, usage: 0, exact: false), updatedAt: row["createdAt"])
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
        var conditions = Conditions()
        conditions.add("u.active")
        conditions.dates("u.createdAt", request)
        let rows = try rows(
            "SELECT u.id, u.username, u.displayName, u.createdAt FROM user u", id: "u.id", byID(candidates), conditions)
        for (row, candidate) in rows {
            let name: String = row["displayName"]
            var hit = SearchHit(
                type: .user, id: candidate.id, title: name,
                score: score(candidate, usage: 0, exact: isExact(name, row["username"])), updatedAt: row["createdAt"])
            hit.userID = UserID(candidate.id)
            add(hit, source: candidate.rowid, into: &found)
        }
    }
}
