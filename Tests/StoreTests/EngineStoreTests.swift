import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// Engines configured at run time: the v5 migration, secrets, limits, disabling.
@Suite struct EngineStoreTests {
    func withStore(_ body: (HubStore) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            try await body(try HubStore(url: dir.appending(path: "hub.sqlite"), clock: ManualClock()))
        }
    }

    static let secret = "hunter2-very-secret"

    static func postgres(_ name: String = "warehouse", secret: String? = EngineStoreTests.secret) -> EngineDraft {
        EngineDraft(
            name: name, kind: .postgres, description: "The warehouse",
            settings: EngineSettings(host: "db.internal", port: 5432, database: "sales", user: "analyst", tls: true),
            secret: secret, limits: EngineLimits(timeLimit: 30, rowCap: 5000, concurrency: 2))
    }

    @Test func migrationMovesTheSQLitePathIntoReadOnlySettings() async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let old = try DatabaseQueue(path: url.path)
            try Migrations.migrator.migrate(old, upTo: "v4-doc-marks")
            try await old.write { db in
                try db.execute(
                    sql: "INSERT INTO engine (name, kind, description, path, createdAt) VALUES ('old', 'sqlite', 'd', '/data/old.sqlite', ?)",
                    arguments: [Date(timeIntervalSince1970: 1_000)])
            }
            try old.close()
            let store = try HubStore(url: url)
            #expect(try store.appliedMigrations().contains("v5-engine-settings"))
            let engine = try #require(try await store.engine(reference: "old"))
            #expect(engine.settings == EngineSettings(path: "/data/old.sqlite", readOnly: true))
            #expect(engine.path == "/data/old.sqlite")
            #expect(engine.secretSet == false && engine.disabled == false)
            #expect(engine.limits == EngineLimits())
            #expect(engine.updatedAt == engine.createdAt)
        }
    }

    @Test func theSecretIsKeptApartAndNeverInTheEngineInfoEncoding() async throws {
        try await withStore { store in
            let engine = try await store.createEngine(Self.postgres())
            #expect(engine.secretSet)
            #expect(engine.limits == EngineLimits(timeLimit: 30, rowCap: 5000, concurrency: 2))
            #expect(try await store.engineSecret(engine.id) == Self.secret)
            let listed = try await store.engines()
            let encoded = String(decoding: try JSONEncoder().encode(listed), as: UTF8.self)
            #expect(encoded.contains("db.internal"))
            #expect(!encoded.contains(Self.secret))
            #expect(!String(describing: listed).contains(Self.secret))
        }
    }

    @Test func updateKeepsTheSecretUnlessGivenAndClearsItWhenEmpty() async throws {
        try await withStore { store in
            let engine = try await store.createEngine(Self.postgres())
            let renamed = try await store.updateEngine(engine.id, EngineChanges(name: "dwh", timeLimit: .some(nil)))
            #expect(renamed.name == "dwh" && renamed.limits.timeLimit == nil && renamed.limits.rowCap == 5000)
            #expect(try await store.engineSecret(engine.id) == Self.secret)
            _ = try await store.updateEngine(engine.id, EngineChanges(secret: "new-one"))
            #expect(try await store.engineSecret(engine.id) == "new-one")
            let cleared = try await store.updateEngine(engine.id, EngineChanges(secret: ""))
            #expect(cleared.secretSet == false)
            #expect(try await store.engineSecret(engine.id) == nil)
        }
    }

    @Test func namesAreUniqueIgnoringCase() async throws {
        try await withStore { store in
            let first = try await store.createEngine(Self.postgres("Warehouse"))
            await #expect(throws: StoreError.self) { try await store.createEngine(Self.postgres("warehouse")) }
            let other = try await store.createEngine(Self.postgres("other"))
            await #expect(throws: StoreError.self) {
                try await store.updateEngine(other.id, EngineChanges(name: "WAREHOUSE"))
            }
            // Renaming an engine to its own name (another case) is fine.
            #expect(try await store.updateEngine(first.id, EngineChanges(name: "WareHouse")).name == "WareHouse")
            #expect(try await store.engines().count == 2)
        }
    }

    @Test func disabledEnginesCanBeLeftOutOfTheList() async throws {
        try await withStore { store in
            let a = try await store.createEngine(Self.postgres("a"))
            let b = try await store.createEngine(Self.postgres("b"))
            #expect(try await store.setEngineDisabled(a.id, true).disabled)
            #expect(try await store.engines(includeDisabled: false).map(\.id) == [b.id])
            #expect(try await store.engines().map(\.id) == [a.id, b.id])
            #expect(try await store.setEngineDisabled(a.id, false).disabled == false)
            await #expect(throws: StoreError.notFound(entity: "engine", id: 99)) {
                try await store.setEngineDisabled(EngineID(99), true)
            }
        }
    }

    @Test func startupUpsertKeepsTheAdminsSettings() async throws {
        try await withStore { store in
            let engine = try await store.upsertSQLiteEngine(name: "files", path: "/a.sqlite", description: "")
            var settings = engine.settings
            settings.readOnly = false
            _ = try await store.updateEngine(engine.id, EngineChanges(settings: settings, rowCap: .some(10)))
            let again = try await store.upsertSQLiteEngine(name: "files", path: "/b.sqlite", description: "moved")
            #expect(again.id == engine.id)
            #expect(again.settings == EngineSettings(path: "/b.sqlite", readOnly: false))
            #expect(again.limits.rowCap == 10)
            _ = try await store.createEngine(Self.postgres("pg"))
            await #expect(throws: StoreError.self) {
                try await store.upsertSQLiteEngine(name: "pg", path: "/c.sqlite", description: "")
            }
        }
    }
}
