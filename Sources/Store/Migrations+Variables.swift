extension Migrations {
    /// Doc variables (issue 9): the typed values a doc's query cells use in templates.
    static let v12 = """
        SELECT 1;
        """
}
