extension Migrations {
    /// Query analytics (issue 8): which tables each successful statement read and wrote.
    static let v10 = """
        SELECT 1;
        """
}
