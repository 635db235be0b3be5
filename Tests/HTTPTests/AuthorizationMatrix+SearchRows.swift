extension AuthorizationMatrixTests {
    /// The search routes (issue 8).
    static let searchRows: [Row] = []
}
