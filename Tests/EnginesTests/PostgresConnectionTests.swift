import Core
import Engines
import Foundation
import Testing

/// Connections: bad settings give clear errors without the password; the pool reuses
/// connections and replaces broken ones.
@Suite("PostgresEngine connections")
struct PostgresConnectionTests {
    typealias Server = PostgresTestServer

    /// The error `testConnection()` and `execute` give for `config`, which must be unavailable.
    func unavailableMessage(_ config: PostgresConfig) async throws -> String {
        let engine = PostgresEngine(config: config)
        let tested = await #expect(throws: EngineError.self) { try await engine.testConnection() }
        let executed = await #expect(throws: EngineError.self) { try await Server.run(engine, "SELECT 1") }
        guard case .unavailable(let message) = tested, case .unavailable(let again) = executed else {
            Issue.record("expected .unavailable, got \(String(describing: tested)) / \(String(describing: executed))")
            return ""
        }
        #expect(message == again)
        return message
    }

    @Test("test connection succeeds on good settings")
    func testConnection() async throws {
        try await Server.engine().testConnection()
    }

    @Test("a wrong port says where it tried and that nothing answered")
    func wrongPort() async throws {
        var config = try Server.config()
        // Port 1 (tcpmux) has no listener on a test machine.
        config.port = 1
        let message = try await unavailableMessage(config)
        #expect(message.contains("127.0.0.1:\(config.port)"))
        #expect(message.localizedCaseInsensitiveContains("refused"), "\(message)")
        #expect(!message.contains(try #require(config.password)))
    }

    @Test("a wrong password says so and never shows a password")
    func wrongPassword() async throws {
        var config = try Server.config()
        let real = try #require(config.password)
        config.password = "not-the-secret-\(UUID().uuidString)"
        let message = try await unavailableMessage(config)
        #expect(message.contains("password authentication failed for user \"\(config.user)\""), "\(message)")
        #expect(!message.contains(try #require(config.password)))
        #expect(!message.contains(real))
        #expect(!"\(config)".contains(real))
    }

    @Test("an unknown database is named in the error")
    func unknownDatabase() async throws {
        var config = try Server.config()
        config.database = "no_such_db"
        let message = try await unavailableMessage(config)
        #expect(message.contains("database \"no_such_db\" does not exist"), "\(message)")
        #expect(!message.contains(try #require(config.password)))
    }

    @Test("required TLS against a server without it fails clearly")
    func tlsRequired() async throws {
        var config = try Server.config()
        config.tls = .require
        let message = try await unavailableMessage(config)
        #expect(message.contains("TLS"), "\(message)")
        #expect(!message.contains(try #require(config.password)))
    }

    @Test("sequential runs reuse one connection; a broken one is replaced")
    func pooling() async throws {
        let engine = try Server.engine()
        let monitor = try Server.engine()
        let first = try await backendPID(engine)
        #expect(try await backendPID(engine) == first)
        #expect(try await backendPID(engine) == first)
        #expect(try await engine.nextBackendPID() == first)

        // Kill the idle connection's server process, as a restart or an idle timeout would.
        let (killed, _) = try await Server.run(monitor, "SELECT pg_terminate_backend(\(first))")
        #expect(killed.rows == [[.integer(1)]])
        let gone = try await Server.waitUntil(timeout: 5) {
            let (sink, _) = try await Server.run(monitor, "SELECT count(*) FROM pg_stat_activity WHERE pid = \(first)")
            return sink.rows == [[.integer(0)]]
        }
        #expect(gone != nil)
        let replaced = try await backendPID(engine)
        #expect(replaced != first)
        #expect(try await backendPID(engine) == replaced)
    }

    @Test("application_name is set on the server session")
    func applicationName() async throws {
        let (sink, _) = try await Server.run(try Server.engine(), "SELECT current_setting('application_name')")
        #expect(sink.rows == [[.text("querybook-tests")]])
    }

    private func backendPID(_ engine: PostgresEngine) async throws -> Int64 {
        let (sink, _) = try await Server.run(engine, "SELECT pg_backend_pid()")
        guard case .integer(let pid) = sink.rows.first?.first else { throw Server.Missing(description: "no pid") }
        return pid
    }
}
