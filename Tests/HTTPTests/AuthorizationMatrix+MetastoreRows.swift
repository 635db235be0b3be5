extension AuthorizationMatrixTests {
    /// The metastore routes (issue 8).
    static let metastoreRows: [Row] = []
}
