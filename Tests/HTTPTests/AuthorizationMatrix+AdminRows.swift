import Foundation

/// The directory (anyone signed in) and the admin routes (admins only). Rows that change or
/// delete something make a fresh object for each caller, so the fixture's users, the default
/// environment and the rows after these stay as they were.
extension AuthorizationMatrixTests {
    static let adminRows: [Row] = directoryRows + adminUserRows + adminGroupRows + adminEnvironmentRows + adminOtherRows

    static let directoryRows: [Row] = [
        Row(route: "GET /api/users", allowed: signedIn, build: fixed("/api/users?q=o")),
        Row(route: "GET /api/groups", allowed: signedIn, build: fixed("/api/groups")),
        Row(route: "GET /api/environments", allowed: signedIn, build: fixed("/api/environments")),
    ]

    static let adminUserRows: [Row] = [
        Row(route: "GET /api/admin/users", allowed: admins, build: fixed("/api/admin/users")),
        Row(route: "POST /api/admin/users", allowed: admins) { _, role in
            ("/api/admin/users", #"{"username": "made-by-\#(role.rawValue)", "password": "\#(password)"}"#, nil)
        },
        Row(route: "PATCH /api/admin/users/{id}", allowed: admins) { fixture, role in
            let user = try await fixture.client.object(
                .POST, "/api/admin/users", as: fixture.caller(.admin), body: #"{"username": "patched-\#(role.rawValue)"}"#)
            return ("/api/admin/users/\(user["id"] as! Int64)", #"{"displayName": "Renamed", "password": "\#(password)"}"#, nil)
        },
        Row(route: "GET /api/admin/tokens", allowed: admins, build: fixed("/api/admin/tokens")),
        Row(route: "DELETE /api/admin/tokens/{id}", allowed: admins) { fixture, _ in
            // A token of the spare `login` user: no other row lists that user's tokens (and a
            // list of prefixes, `qb_…`, would trip the secret scan).
            let holder = try await fixture.client.signIn("login", password)
            let made = try await fixture.client.object(.POST, "/api/tokens", as: holder, body: #"{"name": "x"}"#)
            return ("/api/admin/tokens/\((made["token"] as! [String: Any])["id"] as! Int64)", nil, nil)
        },
    ]

    static let adminGroupRows: [Row] = [
        Row(route: "POST /api/admin/groups", allowed: admins) { fixture, role in
            ("/api/admin/groups", #"{"name": "Made by \#(role.rawValue)", "members": [\#(fixture.ids[.viewer]!)]}"#, nil)
        },
        Row(route: "PATCH /api/admin/groups/{id}", allowed: admins) { fixture, role in
            let id = try await freshGroup(fixture, "Patched by \(role.rawValue)")
            return ("/api/admin/groups/\(id)", #"{"description": "Changed", "members": []}"#, nil)
        },
        Row(route: "DELETE /api/admin/groups/{id}", allowed: admins) { fixture, role in
            ("/api/admin/groups/\(try await freshGroup(fixture, "Deleted by \(role.rawValue)"))", nil, nil)
        },
    ]

    static let adminEnvironmentRows: [Row] = [
        Row(route: "POST /api/admin/environments", allowed: admins) { fixture, role in
            ("/api/admin/environments", #"{"name": "Made by \#(role.rawValue)", "engines": [\#(fixture.demoEngine)]}"#, nil)
        },
        Row(route: "PATCH /api/admin/environments/{id}", allowed: admins) { fixture, role in
            let id = try await freshEnvironment(fixture, "Patched by \(role.rawValue)")
            return ("/api/admin/environments/\(id)", #"{"description": "Changed", "members": [\#(fixture.ids[.viewer]!)]}"#, nil)
        },
        Row(route: "DELETE /api/admin/environments/{id}", allowed: admins) { fixture, role in
            ("/api/admin/environments/\(try await freshEnvironment(fixture, "Deleted by \(role.rawValue)"))", nil, nil)
        },
    ]

    static let adminOtherRows: [Row] = [
        Row(route: "GET /api/admin/announcements", allowed: admins, build: fixed("/api/admin/announcements")),
        Row(route: "POST /api/admin/announcements", allowed: admins) { _, role in
            ("/api/admin/announcements", #"{"message": "From \#(role.rawValue)", "expiresAt": "2000-01-01T00:00:00Z"}"#, nil)
        },
        Row(route: "PATCH /api/admin/announcements/{id}", allowed: admins) { fixture, _ in
            ("/api/admin/announcements/\(try await freshAnnouncement(fixture))", #"{"level": "warning"}"#, nil)
        },
        Row(route: "DELETE /api/admin/announcements/{id}", allowed: admins) { fixture, _ in
            ("/api/admin/announcements/\(try await freshAnnouncement(fixture))", nil, nil)
        },
        Row(route: "GET /api/admin/audit", allowed: admins, build: fixed("/api/admin/audit?limit=500")),
    ]

    static func freshGroup(_ fixture: Fixture, _ name: String) async throws -> Int64 {
        try await fixture.client.object(
            .POST, "/api/admin/groups", as: fixture.caller(.admin), body: #"{"name": "\#(name)", "members": [\#(fixture.ids[.editor]!)]}"#
        )["id"] as! Int64
    }

    static func freshEnvironment(_ fixture: Fixture, _ name: String) async throws -> Int64 {
        try await fixture.client.object(.POST, "/api/admin/environments", as: fixture.caller(.admin), body: #"{"name": "\#(name)"}"#)["id"]
            as! Int64
    }

    /// An announcement that has already expired, so no other row's session shows it.
    static func freshAnnouncement(_ fixture: Fixture) async throws -> Int64 {
        try await fixture.client.object(
            .POST, "/api/admin/announcements", as: fixture.caller(.admin),
            body: #"{"message": "Old news", "expiresAt": "2000-01-01T00:00:00Z"}"#
        )["id"] as! Int64
    }
}
