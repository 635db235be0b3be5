import GRDB

extension Migrations {
    /// Search (issue 8): one FTS5 index over docs, cells, tables, past runs and people, kept in
    /// step by triggers (see ``SearchIndex``), filled from what the hub already holds.
    static var v11: String {
        SearchIndex.exactNameIndexesSQL + "\n" + SearchIndex.triggersSQL(titles: false) + "\n"
            + SearchIndex.rebuildSQL(titles: false)
    }

    /// Titles indexed apart (`searchTitle`, see ``SearchIndex``), so that a search for a word
    /// common in bodies finds its few title matches without reading every entry: v11's
    /// triggers are replaced by ones that keep both tables.
    static func v14(_ db: Database) throws {
        for trigger in try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'searchIndex\\_%' ESCAPE '\\'")
        {
            try db.execute(sql: "DROP TRIGGER \(trigger)")
        }
        try db.execute(sql: SearchIndex.createTitlesSQL + "\n" + SearchIndex.fillTitlesSQL + "\n" + SearchIndex.triggersSQL(titles: true))
    }
}
