import Core
import Logging
import PostgresNIO

/// A query engine over one PostgreSQL database, through postgres-nio.
///
/// One instance per configured engine, shared by every run: it keeps a small pool of idle
/// connections (``PostgresConfig/poolSize``). Each statement runs on one connection under
/// `statement_timeout`; rows are read from the wire as the sink takes them (postgres-nio's
/// row sequence applies back-pressure), so a result is never held whole. Cancelling sends
/// `pg_cancel_backend(pid)` over a second connection, so the statement stops in the server.
public struct PostgresEngine: QueryEngine {
    /// Where the engine connects; its description never shows the password.
    public let config: PostgresConfig
    private let pool: PostgresConnectionPool
    private let catalog: PostgresTypeCatalog
    private let logger: Logger

    /// An engine for `config`; nothing connects until a statement runs.
    public init(config: PostgresConfig, logger: Logger = Logger(label: "querybook.engines.postgres")) {
        self.config = config
        self.logger = logger
        self.pool = PostgresConnectionPool(config: config, logger: logger)
        self.catalog = PostgresTypeCatalog(logger: logger)
    }

    /// Runs one statement, handing its columns and then its rows to `sink` as they arrive.
    ///
    /// Throws ``EngineError/cancelled`` once the server has stopped the statement after
    /// `cancellation` fired (or the task was cancelled), ``EngineError/timedOut(seconds:)`` when
    /// the server's `statement_timeout` (`limits.timeout`; non-positive means none) ended it,
    /// ``EngineError/failed(_:)`` with the server's message and position, and
    /// ``EngineError/unavailable(_:)`` when no connection can be had. Errors the sink throws
    /// are passed on unchanged. At `limits.maxRows` the statement is cancelled in the server
    /// and the outcome is marked truncated.
    public func execute(
        _ statement: String, limits: QueryLimits, cancellation: QueryCancellation, sink: any RowSink
    ) async throws -> StatementOutcome {
        if cancellation.isCancelled { throw EngineError.cancelled }
        let session = try await openSession(timeout: limits.timeout)
        let stop = PostgresStopSignal()
        cancellation.onCancel { stop.fire(.cancelled) }
        if stop.reason == .cancelled || Task.isCancelled {
            await giveBack(session, reusable: true)
            throw EngineError.cancelled
        }
        let result: Result<StatementOutcome, any Error> = await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watch(stop, session: session) }
                if limits.timeout > 0 {
                    // A backstop only: the server's statement_timeout normally ends it first.
                    group.addTask {
                        try? await Task.sleep(for: .seconds(limits.timeout + 2))
                        if !Task.isCancelled { stop.fire(.timedOut) }
                    }
                }
                let result: Result<StatementOutcome, any Error>
                do {
                    let outcome = try await stream(statement, on: session, limits: limits, sink: sink)
                    if outcome.truncated { stop.fire(.truncated) }
                    result = .success(outcome)
                } catch {
                    // postgres-nio's row sequence ends at task cancellation; make sure that
                    // counts as a cancel (and reaches the server) whichever handler ran first.
                    if Task.isCancelled { stop.fire(.cancelled) }
                    result = .failure(error)
                }
                stop.fire(.finished)
                group.cancelAll()
                await group.waitForAll()
                return result
            }
        } onCancel: {
            stop.fire(.cancelled)
        }
        return try await finish(result, statement: statement, session: session, stop: stop, limits: limits)
    }

    /// Opens (or reuses) a connection and runs `SELECT 1` on it within five seconds.
    ///
    /// For the admin page's "test connection": throws ``EngineError/unavailable(_:)`` with
    /// host, port, database, user and the server's reason (never the password).
    public func testConnection() async throws {
        _ = try await execute(
            "SELECT 1", limits: QueryLimits(timeout: 5, maxRows: 1), cancellation: QueryCancellation(),
            sink: DiscardingSink())
    }

    /// The server process id of the connection the next statement would run on; for tests
    /// and diagnostics.
    public func nextBackendPID() async throws -> Int32 {
        let session = try await pool.acquire()
        await pool.release(session, reusable: true)
        return session.backendPID
    }

    /// Closes the idle connections, for shutdown; running statements keep theirs.
    public func closeIdleConnections() async {
        await pool.closeIdle()
    }

    /// A pooled connection with `statement_timeout` set; an idle connection that turns out
    /// broken is closed and the next one (or a new one) tried.
    private func openSession(timeout: Double) async throws -> PostgresSession {
        let milliseconds = timeout > 0 ? Int((timeout * 1000).rounded(.up)) : 0
        var attempts = 0
        while true {
            let session = try await pool.acquire()
            do {
                try await drain(session, "SELECT set_config('statement_timeout', \(String(milliseconds)), false)")
                return session
            } catch {
                await pool.close(session)
                attempts += 1
                guard PostgresErrors.isConnectionFailure(error), attempts <= config.poolSize else {
                    throw PostgresErrors.failure(error, statement: "", endpoint: config.description)
                }
                logger.debug("replacing a broken PostgreSQL connection", metadata: ["pid": "\(session.backendPID)"])
            }
        }
    }

    /// Describes the columns, then hands rows to the sink until the end or one past the cap.
    private func stream(
        _ statement: String, on session: PostgresSession, limits: QueryLimits, sink: any RowSink
    ) async throws -> StatementOutcome {
        let rows = try await session.connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        let oids = rows.columns.map { $0.dataType.rawValue }
        let types = await catalog.describe(oids, pool: pool)
        try sink.begin(
            columns: zip(rows.columns, types).map { column, type in
                ResultColumn(name: column.name, type: type.column, engineType: type.name)
            })
        var rowCount = 0
        for try await row in rows {
            if rowCount >= limits.maxRows { return StatementOutcome(rowCount: rowCount, truncated: true) }
            var values: [Value] = []
            values.reserveCapacity(types.count)
            for (index, cell) in row.enumerated() {
                values.append(PostgresValues.value(cell.bytes, type: types[index], oid: oids[index]))
            }
            try sink.append(values)
            rowCount += 1
        }
        return StatementOutcome(rowCount: rowCount, truncated: false)
    }

    /// Waits for the statement to end or be stopped; stops it in the server unless it ended.
    ///
    /// The cancel is repeated every second until the statement ends (the task group cancels
    /// this task then), since a cancel that reaches the server just before the statement
    /// starts is ignored.
    private func watch(_ stop: PostgresStopSignal, session: PostgresSession) async {
        guard await stop.wait() != .finished else { return }
        for _ in 0..<5 {
            // This task is cancelled when the run's task is, or as soon as the statement
            // ends at the row cap, and postgres-nio's row sequences stop for task
            // cancellation; the cancel itself must still go through, so it runs in a task of
            // its own, awaited here.
            let engine = self
            guard await Task(operation: { await engine.cancelBackend(session) }).value else { return }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    /// Sends `pg_cancel_backend` for `session` over another connection; `false` when that
    /// failed and `session` was closed instead (the server then stops the statement at its
    /// next write to the closed socket).
    private func cancelBackend(_ session: PostgresSession) async -> Bool {
        do {
            let canceller = try await pool.acquire()
            do {
                try await drain(canceller, "SELECT pg_cancel_backend(\(session.backendPID))")
                await pool.release(canceller, reusable: true)
                return true
            } catch {
                await pool.close(canceller)
                throw error
            }
        } catch {
            logger.warning(
                "could not cancel a PostgreSQL statement",
                metadata: ["pid": "\(session.backendPID)", "error": "\(PostgresErrors.reason(error))"])
            await pool.close(session)
            return false
        }
    }

    /// Maps how the statement ended to the outcome or error, and returns the connection to
    /// the pool only when its state is known: after a cancel, truncation or lost connection
    /// it is closed instead (a late cancel must not hit the next statement).
    private func finish(
        _ result: Result<StatementOutcome, any Error>, statement: String, session: PostgresSession,
        stop: PostgresStopSignal, limits: QueryLimits
    ) async throws -> StatementOutcome {
        let stoppedByUs = stop.reason != .finished
        switch result {
        case .success(let outcome):
            await giveBack(session, reusable: !stoppedByUs)
            return outcome
        case .failure(let error):
            let serverError = PostgresErrors.sqlState(error) != nil
            await giveBack(session, reusable: serverError && !stoppedByUs)
            switch stop.reason {
            case .cancelled: throw EngineError.cancelled
            case .timedOut: throw EngineError.timedOut(seconds: limits.timeout)
            default: break
            }
            if PostgresErrors.sqlState(error) == PostgresErrors.queryCanceled,
                PostgresErrors.reason(error).contains("statement timeout")
            {
                throw EngineError.timedOut(seconds: limits.timeout)
            }
            if !serverError, !(error is PSQLError) { throw error }
            throw PostgresErrors.failure(error, statement: statement, endpoint: config.description)
        }
    }

    /// Resets what the engine changed in the session and pools the connection, or closes it.
    private func giveBack(_ session: PostgresSession, reusable: Bool) async {
        guard reusable else { return await pool.close(session) }
        do {
            try await drain(session, "RESET statement_timeout")
            await pool.release(session, reusable: true)
        } catch {
            await pool.close(session)
        }
    }

    /// Runs an engine-internal query and reads it to the end.
    private func drain(_ session: PostgresSession, _ query: PostgresQuery) async throws {
        for try await _ in try await session.connection.query(query, logger: logger) {}
    }
}
