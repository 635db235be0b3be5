extension AuthorizationMatrixTests {
    /// Doc variables and the rendered-SQL preview (issue 9).
    static let templateRows: [Row] = [
        Row(route: "GET /api/docs/{id}/variables", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/variables", nil, nil) },
        Row(route: "PUT /api/docs/{id}/variables", allowed: editors) { fixture, role in
            ("/api/docs/\(fixture.doc)/variables", #"{"variables": [{"name": "who", "type": "string", "value": "\#(role.rawValue)"}]}"#, nil)
        },
        Row(route: "POST /api/docs/{id}/render", allowed: readers) { fixture, _ in
            ("/api/docs/\(fixture.doc)/render", #"{"query": "SELECT '{{ ds }}'", "engineId": \#(fixture.demoEngine)}"#, nil)
        },
    ]
}
