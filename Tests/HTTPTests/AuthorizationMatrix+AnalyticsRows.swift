extension AuthorizationMatrixTests {
    /// The analytics routes (issue 8).
    static let analyticsRows: [Row] = []
}
