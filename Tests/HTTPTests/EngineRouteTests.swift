import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// The engine admin routes through the real router: add, edit, disable, test; validation;
/// and no answer that ever carries a secret.
@Suite struct EngineRouteTests {
    static let secret = "s3cr3t-Pa55word-never-shown"

    func withClient(_ body: @escaping @Sendable (any TestClientProtocol, URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let app = try await buildApplication(try await TestHub.config(dir), logger: TestHub.logger)
            try await app.test(.router) { client in try await body(client, dir) }
        }
    }

    /// A real SQLite file with one table.
    static func sqliteFile(in dir: URL, name: String = "sales.sqlite") async throws -> String {
        let url = dir.appending(path: name)
        try await TestHub.copyDemo(to: url)
        return url.path
    }

    static func postgresBody(name: String = "warehouse", port: Int = 5432) -> String {
        """
        {"name": "\(name)", "kind": "postgres", "settings": {"host": "127.0.0.1", "port": \(port), "database": "sales",
         "user": "analyst", "tls": false}, "secret": "\(secret)", "timeLimit": 30, "rowCap": 1000, "concurrency": 2}
        """
    }

    @Test func addEditDisableAndListEngines() async throws {
        try await withClient { client, dir in
            let path = try await Self.sqliteFile(in: dir)
            let created = try await client.json(.post, "/api/engines", #"{"name": "sales", "kind": "sqlite", "settings": {"path": "\#(path)"}}"#)
            #expect(created.status == .created)
            let engine = try #require(created.object)
            let id = try #require(engine["id"] as? Int)
            #expect(engine["kind"] as? String == "sqlite")
            #expect((engine["settings"] as? [String: Any])?["readOnly"] as? Bool == true)
            #expect(engine["secret"] is NSNull)
            #expect(engine["disabled"] as? Bool == false)

            let pg = try await client.json(.post, "/api/engines", Self.postgresBody())
            #expect(pg.status == .created)
            #expect(pg.object?["secret"] as? String == "set")
            #expect(pg.object?["rowCap"] as? Int == 1000)
            let pgID = try #require(pg.object?["id"] as? Int)

            let edited = try await client.json(.patch, "/api/engines/\(pgID)", #"{"rowCap": null, "description": "DWH"}"#)
            #expect(edited.status == .ok)
            #expect(edited.object?["rowCap"] is NSNull)
            #expect(edited.object?["secret"] as? String == "set", "an absent secret is kept")
            let cleared = try await client.json(.patch, "/api/engines/\(pgID)", #"{"secret": ""}"#)
            #expect(cleared.object?["secret"] is NSNull)

            let disabled = try await client.json(.patch, "/api/engines/\(id)", #"{"disabled": true}"#)
            #expect(disabled.object?["disabled"] as? Bool == true)
            let names = { (result: JSONResult) in (result.object?["engines"] as? [[String: Any]])?.map { $0["name"] as? String } }
            #expect(names(try await client.json(.get, "/api/engines")) == ["demo", "warehouse"])
            #expect(names(try await client.json(.get, "/api/engines?all=true")) == ["demo", "sales", "warehouse"])

            let refused = try await client.json(.post, "/api/executions", #"{"engine": "sales", "query": "SELECT 1"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(((refused.object?["error"] as? [String: Any])?["message"] as? String)?.contains("disabled") == true)
            _ = try await client.json(.patch, "/api/engines/\(id)", #"{"disabled": false}"#)
            let run = try await client.json(.post, "/api/executions", #"{"engine": "sales", "query": "SELECT count(*) FROM users"}"#)
            #expect(run.status == .created)
        }
    }

    @Test func testConnectionOfASavedAndAnUnsavedSQLiteEngine() async throws {
        try await withClient { client, dir in
            let path = try await Self.sqliteFile(in: dir)
            let created = try await client.json(.post, "/api/engines", #"{"name": "sales", "kind": "sqlite", "settings": {"path": "\#(path)"}}"#)
            let id = try #require(created.object?["id"] as? Int)
            let ok = try await client.json(.post, "/api/engines/\(id)/test")
            #expect(ok.status == .ok)
            #expect(ok.object?["ok"] as? Bool == true)
            #expect((ok.object?["elapsedMs"] as? Int).map { $0 >= 0 } == true)

            let missing = try await client.json(.post, "/api/engines/test", #"{"kind": "sqlite", "settings": {"path": "/nowhere/x.sqlite"}}"#)
            #expect(missing.status == .ok)
            #expect(missing.object?["ok"] as? Bool == false)
            #expect((missing.object?["message"] as? String)?.contains("/nowhere/x.sqlite does not exist") == true)

            let junk = dir.appending(path: "notes.txt")
            try Data(repeating: 0x41, count: 4096).write(to: junk)
            let notSQLite = try await client.json(.post, "/api/engines/test", #"{"kind": "sqlite", "settings": {"path": "\#(junk.path)"}}"#)
            #expect(notSQLite.object?["ok"] as? Bool == false)
            let message = try #require(notSQLite.object?["message"] as? String)
            #expect(message.contains("not a database"), "\(message)")

            let pg = try await client.json(.post, "/api/engines/test", Self.postgresBody())
            #expect(pg.object?["ok"] as? Bool == false)
            #expect((pg.object?["message"] as? String)?.contains("PostgreSQL") == true)
        }
    }

    @Test func duplicateNameIsAConflict() async throws {
        try await withClient { client, _ in
            #expect(try await client.json(.post, "/api/engines", Self.postgresBody()).status == .created)
            let again = try await client.json(.post, "/api/engines", Self.postgresBody(name: "Warehouse"))
            #expect(again.status == .conflict)
            #expect((again.object?["error"] as? [String: Any])?["code"] as? String == "conflict")
            let demo = try await client.json(.patch, "/api/engines/2", #"{"name": "demo"}"#)
            #expect(demo.status == .conflict)
        }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let body: String
        let field: String
        var testDescription: String { field }
    }

    static let invalid: [Invalid] = [
        .init(body: #"{"name": "", "kind": "sqlite", "settings": {"path": "/tmp/a.sqlite"}}"#, field: "name"),
        .init(body: #"{"name": "123", "kind": "sqlite", "settings": {"path": "/tmp/a.sqlite"}}"#, field: "name"),
        .init(body: #"{"name": "x", "kind": "oracle"}"#, field: "kind"),
        .init(body: #"{"name": "x", "kind": "sqlite", "settings": {}}"#, field: "settings.path"),
        .init(body: #"{"name": "x", "kind": "sqlite", "settings": {"path": "relative.sqlite"}}"#, field: "settings.path"),
        .init(body: #"{"name": "x", "kind": "sqlite", "settings": {"path": "/no/such/file.sqlite"}}"#, field: "settings.path"),
        .init(body: #"{"name": "x", "kind": "sqlite", "settings": {"path": "/etc/hostname"}}"#, field: "settings.path"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"user": "u"}}"#, field: "settings.host"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"host": "h", "port": 70000, "user": "u"}}"#, field: "settings.port"),
        .init(body: #"{"name": "x", "kind": "clickhouse", "settings": {"host": "h", "port": 0, "user": "u"}}"#, field: "settings.port"),
        .init(body: #"{"name": "x", "kind": "trino", "settings": {"host": "h"}}"#, field: "settings.user"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"host": "a b", "user": "u"}}"#, field: "settings.host"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"host": "h", "user": "u"}, "rowCap": 0}"#, field: "rowCap"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"host": "h", "user": "u"}, "timeLimit": -1}"#, field: "timeLimit"),
        .init(body: #"{"name": "x", "kind": "postgres", "settings": {"host": "h", "user": "u"}, "concurrency": 0}"#, field: "concurrency"),
    ]

    @Test(arguments: invalid)
    func invalidEngineIsRefusedNamingTheField(_ bad: Invalid) async throws {
        try await withClient { client, _ in
            let response = try await client.json(.post, "/api/engines", bad.body)
            #expect(response.status == .unprocessableContent)
            let error = try #require(response.object?["error"] as? [String: Any])
            #expect(error["code"] as? String == "unprocessable")
            #expect((error["message"] as? String)?.contains("`\(bad.field)`") == true, "\(error)")
            #expect((try await client.json(.get, "/api/engines?all=true").object?["engines"] as? [Any])?.count == 1)
        }
    }

    @Test func badEditsChangeNothing() async throws {
        try await withClient { client, _ in
            let before = try await client.raw(.get, "/api/engines?all=true")
            #expect(try await client.json(.patch, "/api/engines/1", #"{"settings": {"path": "/no/file.sqlite"}}"#).status == .unprocessableContent)
            #expect(try await client.json(.patch, "/api/engines/1", #"{"kind": "postgres"}"#).status == .unprocessableContent)
            #expect(try await client.json(.patch, "/api/engines/1", #"{"concurrency": -2}"#).status == .unprocessableContent)
            #expect(try await client.json(.patch, "/api/engines/1", #"{"disabled": "yes"}"#).status == .badRequest)
            #expect(try await client.json(.patch, "/api/engines/99", #"{"name": "x"}"#).status == .notFound)
            #expect(try await client.json(.post, "/api/engines/99/test").status == .notFound)
            #expect(try await client.json(.get, "/api/engines?all=maybe").status == .badRequest)
            #expect(try await client.raw(.get, "/api/engines?all=true") == before)
        }
    }

    @Test func noEngineRouteEverAnswersWithTheSecret() async throws {
        try await withClient { client, dir in
            let path = try await Self.sqliteFile(in: dir)
            var bodies: [String] = []
            func record(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws {
                let response = try await client.execute(
                    uri: uri, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
                bodies.append(String(buffer: response.body))
            }
            try await record(.post, "/api/engines", Self.postgresBody())
            try await record(.post, "/api/engines", Self.postgresBody())  // the 409
            try await record(.post, "/api/engines", #"{"name": "lite", "kind": "sqlite", "secret": "\#(Self.secret)", "settings": {"path": "\#(path)"}}"#)
            try await record(.get, "/api/engines")
            try await record(.get, "/api/engines?all=true")
            try await record(.patch, "/api/engines/2", #"{"secret": "\#(Self.secret)", "description": "again"}"#)
            try await record(.patch, "/api/engines/2", #"{"secret": "\#(Self.secret)", "settings": {"host": "bad host", "user": "u"}}"#)
            try await record(.patch, "/api/engines/2", #"{"disabled": true}"#)
            try await record(.post, "/api/engines/2/test")
            try await record(.post, "/api/engines/3/test")
            try await record(.post, "/api/engines/test", Self.postgresBody())
            try await record(.post, "/api/engines/test", #"{"id": 2, "kind": "postgres", "settings": {"host": "h", "user": "u"}}"#)
            try await record(.post, "/api/engines/test", #"{"kind": "sqlite", "secret": "\#(Self.secret)", "settings": {"path": "/x/none.sqlite"}}"#)
            #expect(bodies.count == 13)
            for (index, body) in bodies.enumerated() {
                #expect(!body.contains(Self.secret), "answer \(index) carries the secret: \(body)")
                #expect(!body.contains("s3cr3t"), "answer \(index) carries part of the secret")
            }
            #expect(bodies[3].contains("\"secret\":\"set\""))
            let lite = try #require(try await client.json(.get, "/api/engines").object?["engines"] as? [[String: Any]])
                .first { $0["name"] as? String == "lite" }
            #expect(lite?["secret"] is NSNull, "a SQLite engine keeps no password")
        }
    }
}
