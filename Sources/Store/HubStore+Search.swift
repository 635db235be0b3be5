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
