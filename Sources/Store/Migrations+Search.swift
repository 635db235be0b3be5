extension Migrations {
    /// Search (issue 8): one FTS5 index over docs, cells, tables, past runs and people, kept in
    /// step by triggers (see ``SearchIndex``), filled from what the hub already holds.
    static var v11: String {
        SearchIndex.schemaSQL + "\n" + SearchIndex.rebuildSQL
    }
}
