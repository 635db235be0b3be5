import Core
import Foundation
import GRDB

extension HubStore {
    /// The best matches of `request` that `user` may see, best first.
    ///
    /// Matches come from the FTS5 index ranked by bm25, in windows; each window's entries are
    /// checked against the filters and the caller's permissions in SQL, then re-ranked by usage
    /// and an exact-name boost (see ``SearchRun``). Any text is accepted: one without a word
    /// finds nothing.
    public func search(_ request: SearchRequest, for user: User) async throws -> SearchPage {
        guard !FTSQuery.words(request.text).isEmpty, !request.searchedTypes.isEmpty, request.limit > 0 else {
            return SearchPage(hits: [], total: 0, complete: true)
        }
        return try await read { db in
            let phrases = try FTSQuery.phrases(request.text) { phrase in
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM searchIndex WHERE searchIndex MATCH ?)", arguments: [phrase]) ?? false
            }
            return try SearchRun(db: db, request: request, user: user, phrases: phrases).run()
        }
    }

    /// Does one step of merging the search index's segments (at most `pages` pages of each
    /// table, in one short write transaction); whether there was any work to do.
    ///
    /// Triggers add entries a transaction at a time, and each transaction's entries land in a
    /// new small segment; FTS5 reads every segment of every word on every query, and its own
    /// merging on writes leaves a dozen or more. A few steps now and then keep them to two or
    /// three: on 350,000 entries, a common word's title window went from 0.33 ms to 0.1 ms
    /// and a page's snippets from 2.8 ms to 0.45 ms (Docs/performance.md).
    @discardableResult
    public func mergeSearchIndex(pages: Int = 100) async throws -> Bool {
        try await write { db in
            var merged = false
            for table in ["searchIndex", "searchTitle"] {
                let before = db.totalChangesCount
                try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('merge', ?)", arguments: [pages])
                // FTS5's documented test: fewer than two changes means no merge was done.
                if db.totalChangesCount - before >= 2 { merged = true }
            }
            return merged
        }
    }

    /// Empties the search index and fills it again from every doc, cell, table, run and
    /// person. Returns the number of entries.
    @discardableResult
    public func rebuildSearchIndex() async throws -> Int {
        try await write { db in
            try db.execute(sql: SearchIndex.rebuildSQL(titles: true))
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM searchIndex") ?? 0
        }
    }
}
