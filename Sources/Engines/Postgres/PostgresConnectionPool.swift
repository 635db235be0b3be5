import Core
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One open connection and the server process (backend) serving it.
struct PostgresSession: Sendable {
    /// The wire connection; one statement at a time.
    let connection: PostgresConnection
    /// `pg_backend_pid()`, read when the connection opened; the target of `pg_cancel_backend`.
    let backendPID: Int32
}

/// The idle connections of one ``PostgresEngine``, reused across runs.
///
/// An actor: acquire and release may come from any task. ``acquire()`` hands out an idle open
/// connection or opens a new one (never waits for a busy one; the engine's concurrency limit
/// bounds how many are open); ``release(_:reusable:)`` keeps at most `poolSize` idle and
/// closes the rest, and closes any connection that is broken or whose state is unknown.
actor PostgresConnectionPool {
    private let config: PostgresConfig
    private let logger: Logger
    private var idle: [PostgresSession] = []
    private var nextID = 1
    private var tlsContext: NIOSSLContext?

    init(config: PostgresConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    deinit {
        // An engine dropped (its settings changed, the hub stopping) closes its idle
        // connections; each close callback keeps its connection alive until the channel is
        // shut, as postgres-nio requires of a connection being released.
        for session in idle {
            let connection = session.connection
            connection.close().whenComplete { _ in _ = connection }
        }
    }

    /// An open connection: the most recently used idle one, or a new one.
    ///
    /// Opening does not stop for task cancellation, so a cancelled run can still borrow a
    /// connection to cancel its statement. Throws ``EngineError/unavailable(_:)`` when the
    /// server cannot be reached or refuses the login.
    func acquire() async throws -> PostgresSession {
        while let session = idle.popLast() {
            if !session.connection.isClosed { return session }
        }
        return try await open()
    }

    /// Gives `session` back: kept for reuse when `reusable`, still open and the pool has
    /// room; closed otherwise.
    func release(_ session: PostgresSession, reusable: Bool) async {
        if reusable, !session.connection.isClosed, idle.count < config.poolSize {
            idle.append(session)
            return
        }
        await close(session)
    }

    /// Closes `session` without returning it to the pool.
    func close(_ session: PostgresSession) async {
        do {
            try await session.connection.close()
        } catch {
            logger.debug("closing a PostgreSQL connection failed", metadata: ["error": "\(error)"])
        }
    }

    /// Closes every idle connection; later acquires open new ones.
    func closeIdle() async {
        let sessions = idle
        idle = []
        for session in sessions { await close(session) }
    }

    /// How many idle connections are kept right now (for tests and the admin page).
    var idleCount: Int { idle.count }

    private func open() async throws -> PostgresSession {
        let id = nextID
        nextID += 1
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(
                host: config.host, port: config.port, username: config.user, password: config.password,
                database: config.database, tls: try tls())
            configuration.options.connectTimeout = .milliseconds(Int64(config.connectTimeout * 1000))
            configuration.options.additionalStartupParameters = [("application_name", config.applicationName)]
            connection = try await PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: id,
                logger: logger
            ).get()
        } catch {
            throw EngineError.unavailable(
                "Cannot connect to PostgreSQL at \(config.host):\(config.port) "
                    + "(database \(config.database), user \(config.user)): \(PostgresErrors.reason(error)).")
        }
        do {
            var pid: Int32 = 0
            for try await row in try await connection.query("SELECT pg_backend_pid()", logger: logger) {
                pid = try row.decode(Int32.self)
            }
            return PostgresSession(connection: connection, backendPID: pid)
        } catch {
            try? await connection.close()
            throw EngineError.unavailable(
                "Connected to PostgreSQL at \(config.host):\(config.port) but could not start a session: "
                    + "\(PostgresErrors.reason(error)).")
        }
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        switch config.tls {
        case .disable:
            return .disable
        case .require:
            if let tlsContext { return .require(tlsContext) }
            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
            tlsContext = context
            return .require(context)
        }
    }
}
