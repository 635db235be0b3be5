extension AuthorizationMatrixTests {
    /// Schedules, their run history and notifications (issue 9).
    static let scheduleRows: [Row] = []
}
