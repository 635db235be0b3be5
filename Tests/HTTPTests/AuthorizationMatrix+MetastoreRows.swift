import Foundation

extension AuthorizationMatrixTests {
    /// The metastore routes (issue 8). Every signed-in role sees the demo engine (it is in the
    /// public default environment), so its `events` table (`fixture.table`) is everyone's to
    /// read and describe; `golden` and `owners` are the admin's (no role owns the table).
    static let metastoreRows: [Row] = [
        Row(route: "GET /api/tables", allowed: signedIn, build: fixed("/api/tables?q=ev")),
        Row(route: "GET /api/engines/{id}/schemas", allowed: signedIn) { fixture, _ in
            ("/api/engines/\(fixture.demoEngine)/schemas", nil, nil)
        },
        Row(route: "GET /api/tables/{id}", allowed: signedIn) { fixture, _ in ("/api/tables/\(fixture.table)", nil, nil) },
        Row(route: "POST /api/tables/{id}/views", allowed: signedIn) { fixture, _ in
            ("/api/tables/\(fixture.table)/views", nil, nil)
        },
        Row(route: "PATCH /api/tables/{id}", allowed: signedIn) { fixture, role in
            ("/api/tables/\(fixture.table)", #"{"description": "Described by the \#(role.rawValue)", "tags": ["matrix"]}"#, nil)
        },
        Row(route: "PATCH /api/tables/{id}", label: " (golden)", allowed: admins) { fixture, _ in
            ("/api/tables/\(fixture.table)", #"{"golden": true}"#, nil)
        },
        Row(route: "PATCH /api/tables/{id}/columns/{columnId}", allowed: signedIn) { fixture, role in
            let page = try await fixture.client.object(.GET, "/api/tables/\(fixture.table)", as: fixture.caller(.admin))
            let column = (page["columns"] as! [[String: Any]])[0]["id"] as! Int64
            return ("/api/tables/\(fixture.table)/columns/\(column)", #"{"description": "By the \#(role.rawValue)"}"#, nil)
        },
        Row(route: "POST /api/tables/{id}/sample", allowed: signedIn) { fixture, _ in
            ("/api/tables/\(fixture.table)/sample", #"{"limit": 3}"#, nil)
        },
        Row(route: "GET /api/admin/metastore", allowed: admins, build: fixed("/api/admin/metastore")),
        Row(route: "POST /api/admin/engines/{id}/sync", allowed: admins) { fixture, role in
            // Only the admin's call queues a sync; it waits for the last one to end, or it is a 409.
            if role == .admin { try await fixture.waitForSyncs() }
            return ("/api/admin/engines/\(fixture.demoEngine)/sync", nil, nil)
        },
        Row(route: "PATCH /api/admin/engines/{id}/sync", allowed: admins) { fixture, _ in
            ("/api/admin/engines/\(fixture.demoEngine)/sync", #"{"intervalHours": 24}"#, nil)
        },
    ]
}

extension AuthorizationMatrixTests.Fixture {
    /// Waits (at most 30 s) until no engine's metastore sync is queued or running.
    func waitForSyncs() async throws {
        for _ in 0..<600 {
            let engines = try await client.object(.GET, "/api/admin/metastore", as: caller(.admin))["engines"] as! [[String: Any]]
            if !engines.contains(where: { ["queued", "running"].contains($0["status"] as? String ?? "") }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw AccountClient.ClientError.status(0, "metastore syncs did not end")
    }

    /// The demo engine's `events` table, once the first sync has ingested it (at most 30 s).
    static func eventsTable(_ client: AccountClient, as caller: Caller, engine: Int64) async throws -> Int64 {
        for _ in 0..<600 {
            let found = try await client.object(.GET, "/api/tables?engineId=\(engine)&q=events", as: caller)
            if let id = (found["tables"] as! [[String: Any]]).first(where: { $0["name"] as? String == "events" })?["id"] as? Int64 {
                return id
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw AccountClient.ClientError.status(0, "the demo engine's tables did not appear")
    }
}
