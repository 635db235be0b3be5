extension AuthorizationMatrixTests {
    /// The analytics routes (issue 8): anyone signed in who can see the table's engine (the
    /// demo engine is in the public default environment, so every signed-in role); the lists
    /// themselves are filtered by what each caller may read (TableAnalyticsRouteTests).
    static let analyticsRows: [Row] = ["queries", "users", "related", "lineage", "docs"].map { tab in
        Row(route: "GET /api/tables/{id}/\(tab)", allowed: signedIn) { fixture, _ in
            ("/api/tables/\(fixture.table)/\(tab)", nil, nil)
        }
    }
}
