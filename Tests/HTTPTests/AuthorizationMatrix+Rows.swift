import Foundation

/// The matrix itself: one row per route (and per event topic), with who may call it.
extension AuthorizationMatrixTests {
    typealias Built = (path: String, body: String?, caller: Caller?)

    static func fixed(_ path: String, _ body: String? = nil) -> @Sendable (Fixture, Role) async throws -> Built {
        { _, _ in (path, body, nil) }
    }

    static var rows: [Row] {
        pages + adminRows + accountRows + engineRows + docRows + cellRows + runRows + eventRows + historyRows + sharingRows
            + metastoreRows + analyticsRows + searchRows + templateRows + scheduleRows
    }

    /// The web UI's pages and files: the shell is public, its data comes through the API.
    static let pages: [Row] =
        ["/", "/docs", "/docs/{id}", "/executions/{id}", "/admin", "/admin/engines", "/admin/{tab}", "/sign-in", "/settings",
         "/settings/{tab}", "/tables", "/tables/{id}", "/tables/{id}/{tab}", "/search", "/schedules"].map { page in
            let path = page.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{tab}", with: "users")
            return Row(route: "GET \(page)", allowed: everyone, build: fixed(path))
        } + [Row(route: "GET /assets/**", allowed: everyone, build: fixed("/assets/js/app.js"))]

    static let accountRows: [Row] = [
        Row(route: "GET /api/health", allowed: everyone, build: fixed("/api/health")),
        Row(route: "GET /api/session", allowed: everyone, build: fixed("/api/session")),
        Row(
            route: "POST /api/auth/login", allowed: everyone,
            build: fixed("/api/auth/login", #"{"username": "login", "password": "\#(password)"}"#)),
        Row(route: "POST /api/auth/logout", allowed: everyone) { fixture, role in
            // A session of its own: signing out must not end the one the other rows use.
            let own = role == .anonymous ? nil : try await fixture.client.signIn(role.rawValue, password)
            return ("/api/auth/logout", nil, own)
        },
        Row(route: "PATCH /api/me", allowed: signedIn) { _, role in
            ("/api/me", #"{"displayName": "The \#(role.rawValue)"}"#, nil)
        },
        Row(
            route: "POST /api/me/password", allowed: signedIn,
            build: fixed("/api/me/password", #"{"current": "\#(password)", "new": "\#(password)"}"#)),
        Row(route: "GET /api/tokens", allowed: signedIn, build: fixed("/api/tokens")),
        Row(route: "POST /api/tokens", allowed: signedIn, showsSecret: true, build: fixed("/api/tokens", #"{"name": "matrix"}"#)),
        Row(route: "DELETE /api/tokens/{id}", allowed: signedIn) { fixture, role in
            // Each revokes a token of its own; anonymous tries the owner's.
            let holder = role == .anonymous ? Role.owner : role
            let made = try await fixture.client.object(.POST, "/api/tokens", as: fixture.caller(holder), body: #"{"name": "x"}"#)
            return ("/api/tokens/\((made["token"] as! [String: Any])["id"] as! Int64)", nil, nil)
        },
    ]

    static let engineRows: [Row] = [
        Row(route: "GET /api/engines", allowed: signedIn, build: fixed("/api/engines")),
        Row(route: "POST /api/engines", allowed: admins) { _, role in
            let settings = #"{"host": "127.0.0.1", "port": 1, "database": "x", "user": "u", "tls": false}"#
            return ("/api/engines", #"{"name": "matrix-\#(role.rawValue)", "kind": "postgres", "settings": \#(settings)}"#, nil)
        },
        Row(route: "PATCH /api/engines/{id}", allowed: admins) { fixture, _ in
            ("/api/engines/\(fixture.pgEngine)", #"{"description": "Changed"}"#, nil)
        },
        Row(route: "POST /api/engines/{id}/test", allowed: admins) { fixture, _ in
            ("/api/engines/\(fixture.demoEngine)/test", nil, nil)
        },
        Row(
            route: "POST /api/engines/test", allowed: admins,
            build: fixed("/api/engines/test", #"{"name": "probe", "kind": "sqlite", "settings": {"path": "/nonexistent.db"}}"#)),
    ]

    static let docRows: [Row] = [
        Row(route: "GET /api/docs", allowed: signedIn, build: fixed("/api/docs")),
        Row(route: "POST /api/docs", allowed: signedIn, build: fixed("/api/docs", #"{"title": "Mine"}"#)),
        Row(route: "GET /api/docs/{id}", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)", nil, nil) },
        Row(route: "PATCH /api/docs/{id}", allowed: editors) { fixture, _ in
            ("/api/docs/\(fixture.doc)", #"{"title": "Matrix"}"#, nil)
        },
        Row(route: "DELETE /api/docs/{id}", allowed: owners) { fixture, _ in
            ("/api/docs/\(try await fixture.freshDoc())", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/clone", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/clone", nil, nil) },
        Row(route: "PUT /api/docs/{id}/favorite", allowed: readers) { fixture, _ in
            ("/api/docs/\(fixture.doc)/favorite", nil, nil)
        },
        Row(route: "DELETE /api/docs/{id}/favorite", allowed: readers) { fixture, _ in
            ("/api/docs/\(fixture.doc)/favorite", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/view", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/view", nil, nil) },
        Row(route: "POST /api/docs/{id}/presence", allowed: readers) { fixture, role in
            ("/api/docs/\(fixture.doc)/presence", #"{"clientId": "matrix-\#(role.rawValue)"}"#, nil)
        },
    ]

    static let cellRows: [Row] = [
        Row(route: "POST /api/docs/{id}/cells", allowed: editors) { fixture, _ in
            ("/api/docs/\(fixture.doc)/cells", #"{"kind": "text", "content": "More"}"#, nil)
        },
        Row(route: "PATCH /api/cells/{id}", allowed: editors) { fixture, _ in
            ("/api/cells/\(fixture.textCell)", #"{"title": "Notes"}"#, nil)
        },
        Row(route: "DELETE /api/cells/{id}", allowed: editors) { fixture, _ in
            ("/api/cells/\(try await fixture.freshCell())", nil, nil)
        },
        Row(route: "POST /api/cells/{id}/duplicate", allowed: editors) { fixture, _ in
            ("/api/cells/\(fixture.textCell)/duplicate", nil, nil)
        },
        Row(route: "POST /api/cells/{id}/edits", allowed: editors) { fixture, role in
            let cell = try await fixture.freshCell()
            return ("/api/cells/\(cell)/edits", #"{"baseVersion": 0, "operation": ["x"], "clientId": "m", "editId": "\#(role)"}"#, nil)
        },
        Row(route: "GET /api/cells/{id}/edits", allowed: readers) { fixture, _ in ("/api/cells/\(fixture.textCell)/edits", nil, nil) },
    ]

    static let runRows: [Row] = [
        Row(route: "POST /api/executions", allowed: editors) { fixture, _ in
            ("/api/executions", #"{"engine": \#(fixture.demoEngine), "query": "SELECT 1", "cellId": \#(fixture.queryCell)}"#, nil)
        },
        Row(route: "GET /api/executions/{id}", allowed: readers) { fixture, _ in ("/api/executions/\(fixture.run)", nil, nil) },
        Row(route: "GET /api/executions/{id}/rows", allowed: readers) { fixture, _ in
            ("/api/executions/\(fixture.run)/rows", nil, nil)
        },
        Row(route: "GET /api/executions/{id}/stats", allowed: readers) { fixture, _ in
            ("/api/executions/\(fixture.run)/stats?column=0", nil, nil)
        },
        Row(route: "GET /api/executions/{id}/chart-data", allowed: readers) { fixture, _ in
            ("/api/executions/\(fixture.run)/chart-data?x=0&value=1:sum", nil, nil)
        },
        Row(route: "GET /api/executions/{id}/export", allowed: readers) { fixture, _ in
            ("/api/executions/\(fixture.run)/export?format=csv", nil, nil)
        },
        Row(route: "GET /api/cells/{id}/executions", allowed: readers) { fixture, _ in
            ("/api/cells/\(fixture.queryCell)/executions", nil, nil)
        },
        // The run has ended: the allowed learn that (409); the others may not even ask.
        Row(route: "POST /api/executions/{id}/cancel", allowed: editors, ok: [202, 409]) { fixture, _ in
            ("/api/executions/\(fixture.run)/cancel", nil, nil)
        },
    ]

    static let eventRows: [Row] = [
        Row(route: "GET /api/events", label: " (doc topic)", allowed: readers) { fixture, _ in
            ("/api/events?topics=doc:\(fixture.doc)", nil, nil)
        },
        Row(route: "GET /api/events", label: " (run topic)", allowed: readers) { fixture, _ in
            ("/api/events?topics=execution:\(fixture.run)", nil, nil)
        },
    ]

    static let historyRows: [Row] = [
        Row(route: "GET /api/docs/{id}/versions", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/versions", nil, nil) },
        Row(route: "GET /api/docs/{id}/versions/{number}", allowed: readers) { fixture, _ in
            ("/api/docs/\(fixture.doc)/versions/1", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/versions/{number}/restore", allowed: editors) { fixture, _ in
            // A doc with a second version (the history window is short here) to go back from.
            let doc = try await fixture.freshDoc()
            try await Task.sleep(for: .milliseconds(30))
            try await fixture.client.object(.PATCH, "/api/docs/\(doc)", as: fixture.caller(.owner), body: #"{"title": "Later"}"#)
            return ("/api/docs/\(doc)/versions/1/restore", nil, nil)
        },
    ]

    static let sharingRows: [Row] = [
        Row(route: "GET /api/docs/{id}/access", allowed: readers) { fixture, _ in ("/api/docs/\(fixture.doc)/access", nil, nil) },
        Row(route: "PUT /api/docs/{id}/access", allowed: owners) { fixture, _ in
            let body =
                #"{"public": false, "grants": [{"userId": \#(fixture.ids[.editor]!), "role": "editor"}, {"userId": \#(fixture.ids[.viewer]!), "role": "viewer"}]}"#
            return ("/api/docs/\(fixture.doc)/access", body, nil)
        },
        // Only someone without access asks for it; the others already have it (409).
        Row(route: "POST /api/docs/{id}/access-requests", allowed: [.outsider], refusal: 409) { fixture, _ in
            ("/api/docs/\(try await fixture.freshDoc())/access-requests", nil, nil)
        },
        Row(route: "POST /api/docs/{id}/access-requests/{request}", allowed: owners) { fixture, _ in
            let doc = try await fixture.freshDoc()
            let request = try await fixture.client.object(.POST, "/api/docs/\(doc)/access-requests", as: fixture.caller(.outsider))
            return ("/api/docs/\(doc)/access-requests/\(request["id"] as! Int64)", #"{"role": null}"#, nil)
        },
    ]
}
