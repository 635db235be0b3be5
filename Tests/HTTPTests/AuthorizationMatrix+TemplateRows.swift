extension AuthorizationMatrixTests {
    /// Doc variables and the rendered-SQL preview (issue 9).
    static let templateRows: [Row] = []
}
