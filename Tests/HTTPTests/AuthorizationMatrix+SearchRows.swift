extension AuthorizationMatrixTests {
    /// Search and the editor's completions (issue 8): anyone signed in, each seeing only what
    /// they may read (checked by SearchRouteTests); reindexing is for admins.
    static let searchRows: [Row] = [
        Row(route: "GET /api/search", allowed: signedIn, build: fixed("/api/search?q=matrix")),
        Row(route: "POST /api/admin/search/reindex", allowed: admins, build: fixed("/api/admin/search/reindex")),
        Row(route: "GET /api/engines/{id}/completions", allowed: signedIn) { fixture, _ in
            ("/api/engines/\(fixture.demoEngine)/completions?kind=table&prefix=ev", nil, nil)
        },
    ]
}
