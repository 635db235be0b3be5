extension AuthorizationMatrixTests {
    /// Schedules, their run history and notifications (issue 9): the doc's readers read, its
    /// editors change. Rows run in order, each role in turn: the PUT row leaves the fixture's
    /// doc with a schedule for pause, resume and run; a run now that finds the last caller's
    /// run still going is a 409.
    static let scheduleRows: [Row] = [
        Row(route: "GET /api/docs/{id}/schedule", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/schedule", nil, nil) },
        Row(route: "PUT /api/docs/{id}/schedule", allowed: editors) { fixture, _ in
            (
                "/api/docs/\(fixture.doc)/schedule",
                #"{"cron": "0 6 * * *", "timezone": "Europe/Berlin", "notify": {"on": "failure", "webhookUrl": "https://hooks.example.com/matrix"}}"#,
                nil
            )
        },
        Row(route: "POST /api/docs/{id}/schedule/pause", allowed: editors) { fixture, _ in
            ("/api/docs/\(fixture.doc)/schedule/pause", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/schedule/resume", allowed: editors) { fixture, _ in
            ("/api/docs/\(fixture.doc)/schedule/resume", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/schedule/run", allowed: editors, ok: [202, 409]) { fixture, _ in
            ("/api/docs/\(fixture.doc)/schedule/run", nil, nil)
        },
        Row(route: "GET /api/docs/{id}/schedule/runs", allowed: readers) { fixture, _ in
            ("/api/docs/\(fixture.doc)/schedule/runs", nil, nil)
        },
        Row(route: "GET /api/schedules", allowed: signedIn, build: fixed("/api/schedules")),
        Row(route: "DELETE /api/docs/{id}/schedule", allowed: editors) { fixture, _ in
            let doc = try await fixture.freshDoc()
            try await fixture.client.object(
                .PUT, "/api/docs/\(doc)/schedule", as: fixture.caller(.owner), body: #"{"cron": "@daily", "timezone": "UTC"}"#)
            return ("/api/docs/\(doc)/schedule", nil, nil)
        },
    ]
}
