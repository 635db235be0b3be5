import Foundation

/// What search can find.
public enum SearchType: String, Codable, Sendable, CaseIterable {
    /// A DataDoc, matched by its title or any of its cells.
    case doc
    /// A query cell, matched by its title, SQL or doc title.
    case query
    /// A table or view of the metastore: name, description, columns, schema, tags.
    case table
    /// A past run, matched by its SQL or error.
    case execution
    /// A person, by display name or username.
    case user
}

/// One search, as a person asked for it. Filters a type does not have leave that type out:
/// asking for a schema finds only tables.
public struct SearchRequest: Sendable, Hashable {
    public var text: String
    /// Empty means every type.
    public var types: Set<SearchType>
    /// Docs owned by, queries written by, runs started by, tables owned by.
    public var owner: UserID?
    /// Queries, tables and runs of this engine.
    public var engine: EngineID?
    public var schema: String?
    public var tag: String?
    /// Last change (runs: start) at or after `from` and before `to`.
    public var from: Date?
    public var to: Date?
    public var limit: Int
    public var offset: Int

    public init(
        text: String, types: Set<SearchType> = [], owner: UserID? = nil, engine: EngineID? = nil, schema: String? = nil,
        tag: String? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 20, offset: Int = 0
    ) {
        self.text = text
        self.types = types
        self.owner = owner
        self.engine = engine
        self.schema = schema
        self.tag = tag
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }

    /// The types this request can find, given its filters.
    public var searchedTypes: [SearchType] {
        SearchType.allCases.filter { type in
            if !types.isEmpty, !types.contains(type) { return false }
            switch type {
            case .doc: return engine == nil && schema == nil && tag == nil
            case .query, .execution: return schema == nil && tag == nil
            case .table: return true
            case .user: return owner == nil && engine == nil && schema == nil && tag == nil
            }
        }
    }
}

/// A piece of a snippet: matched words have `hit` set, for highlighting.
public struct SnippetSegment: Codable, Sendable, Hashable {
    public var text: String
    public var hit: Bool

    public init(text: String, hit: Bool) {
        self.text = text
        self.hit = hit
    }
}

/// One thing search found, with what a result line shows.
public struct SearchHit: Sendable, Hashable {
    public var type: SearchType
    /// The doc's, cell's, table's, run's or person's id.
    public var id: Int64
    public var title: String
    public var snippet: [SnippetSegment]
    /// Higher is better: bm25 relevance weighted by usage and an exact-name boost.
    public var score: Double
    public var updatedAt: Date
    /// The doc (docs and queries), the doc a run's cell is in.
    public var docID: DocID?
    public var docTitle: String?
    public var cellID: CellID?
    public var engineID: EngineID?
    /// The doc's owner, the query's author, the run's user, the person themself.
    public var userID: UserID?
    public var schemaName: String?
    public var tableName: String?
    public var tableKind: TableKind?
    public var golden: Bool
    public var status: RunStatus?

    public init(type: SearchType, id: Int64, title: String, score: Double, updatedAt: Date) {
        self.type = type
        self.id = id
        self.title = title
        self.snippet = []
        self.score = score
        self.updatedAt = updatedAt
        self.golden = false
    }
}

/// One page of search results. `total` counts every match when `complete`, else the matches
/// among the best-ranked entries looked at (a lower bound).
public struct SearchPage: Sendable {
    public var hits: [SearchHit]
    public var total: Int
    public var complete: Bool

    public init(hits: [SearchHit], total: Int, complete: Bool) {
        self.hits = hits
        self.total = total
        self.complete = complete
    }
}
