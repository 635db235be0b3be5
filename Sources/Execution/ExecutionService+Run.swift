import Core
import Engines
import Foundation
import Results
import Store

extension ExecutionService {
    /// Runs the execution a claimed job names, renewing the job's lease while it goes.
    func runJob(_ job: Job) async {
        guard let id = ExecutionID(job.payload) else {
            try? await store.failJob(job.id, error: "Bad payload \(job.payload)")
            return
        }
        let cancellation = QueryCancellation()
        running.withLock { $0[id] = cancellation }
        defer { _ = running.withLock { $0.removeValue(forKey: id) } }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepLease(job) }
            await self.execute(id, job: job, cancellation: cancellation)
            group.cancelAll()
        }
        do {
            try await store.completeJob(job.id, owner: workerID)
        } catch {
            logger.error("Could not complete job \(job.id)", metadata: ["error": "\(error)"])
        }
    }

    private func keepLease(_ job: Job) async {
        let interval = settings.jobLease / 3
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(interval))
            if Task.isCancelled { return }
            _ = try? await store.renewLease(job.id, owner: workerID, lease: settings.jobLease)
        }
    }

    private func execute(_ id: ExecutionID, job: Job, cancellation: QueryCancellation) async {
        do {
            if job.attempts > 1 {
                // A worker that died held this run: start it over from a clean slate.
                try await store.requeueExecution(id)
                try results.remove(execution: id)
            }
            guard try await store.startExecution(id) else { return }
            await publishSnapshot(id)
            let (execution, statements) = try await store.executionWithStatements(id)
            let (engine, info) = try await engine(for: execution)
            let limits = try await limits(for: execution, engine: info)
            var budget = UInt64(max(0, settings.maxResultBytes))
            for statement in statements {
                if cancellation.isCancelled {
                    try await end(id, status: .cancelled, error: nil)
                    return
                }
                let (ended, bytes) = try await runStatement(
                    statement, engine: engine, limits: limits, cancellation: cancellation, byteBudget: budget)
                budget -= min(budget, bytes)
                if ended != .done {
                    try await end(id, status: ended, error: ended == .failed ? try await statementError(id) : nil)
                    return
                }
            }
            try await end(id, status: .done, error: nil)
        } catch let error as EngineError {
            try? await end(id, status: .failed, error: RunError(message: Self.message(for: error)))
        } catch {
            logger.error("Execution \(id) failed in the hub", metadata: ["error": "\(error)"])
            try? await end(id, status: .failed, error: RunError(message: "The hub could not run this query."))
        }
    }

    /// Runs one statement into its result file; returns how it ended and the bytes it stored.
    ///
    /// Never leaves the statement `running`: a result that cannot be stored (no space left,
    /// an unwritable results folder) fails the statement with a message saying so.
    private func runStatement(
        _ statement: StatementRun, engine: any QueryEngine, limits: QueryLimits, cancellation: QueryCancellation,
        byteBudget: UInt64
    ) async throws -> (status: RunStatus, bytes: UInt64) {
        let id = statement.executionID
        try await store.startStatement(id, index: statement.index)
        await publishSnapshot(id)
        let writer: ResultWriter
        do {
            writer = try results.writer(execution: id, statement: statement.index)
        } catch {
            return (try await failStoring(statement, error: error, columns: []), 0)
        }
        // Bounded at the source: progress at most every interval, log lines up to the limit.
        let (events, reporter) = AsyncStream<SinkEvent>.makeStream()
        let sink = ProgressSink(writer: writer, byteLimit: byteBudget, interval: settings.progressInterval) {
            reporter.yield($0)
        }
        let outcome: Result<(rowCount: Int, truncatedBy: Truncation?), any Error>
        outcome = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    switch event {
                    case .progress(let rows, let engine):
                        await self.publishProgress(id, statement: statement.index, rowCount: rows, engine: engine)
                    case .log(let message):
                        await self.keepLog(id, statement: statement.index, message: message)
                    }
                }
            }
            defer { reporter.finish() }
            do {
                let done = try await engine.execute(statement.text, limits: limits, cancellation: cancellation, sink: sink)
                return .success((done.rowCount, done.truncated ? .rows : nil))
            } catch is ResultSizeCapReached {
                return .success((writer.rowCount, .bytes))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let done):
            do {
                try writer.finish()
            } catch {
                return (try await failStoring(statement, error: error, columns: sink.columns), 0)
            }
            try await store.finishStatement(
                id, index: statement.index, status: .done, rowCount: done.rowCount, columns: sink.columns,
                truncatedBy: done.truncatedBy, error: nil)
            await publishSnapshot(id)
            return (.done, writer.bytesWritten)
        case .failure(let error as EngineError):
            writer.discard()
            let status: RunStatus = error == .cancelled ? .cancelled : .failed
            let runError = status == .failed ? placed(error, in: statement) : nil
            try await store.finishStatement(
                id, index: statement.index, status: status, rowCount: 0, columns: sink.columns, truncatedBy: nil,
                error: runError)
            return (status, 0)
        case .failure(let error):
            writer.discard()
            return (try await failStoring(statement, error: error, columns: sink.columns), 0)
        }
    }

    /// Fails `statement` because its result could not be stored; the full error (with the
    /// server's paths) goes to the log, the reason to the run.
    private func failStoring(_ statement: StatementRun, error: any Error, columns: [ResultColumn]) async throws
        -> RunStatus
    {
        let id = statement.executionID
        logger.error(
            "Could not store the result of run \(id) statement \(statement.index + 1)", metadata: ["error": "\(error)"])
        let reason = (error as? ResultError)?.userMessage ?? "\(error)"
        try await store.finishStatement(
            id, index: statement.index, status: .failed, rowCount: 0, columns: columns, truncatedBy: nil,
            error: RunError(message: "The hub could not store the result: \(reason). Ask the admin to free space or fix the results folder."))
        return .failed
    }

    private func end(_ id: ExecutionID, status: RunStatus, error: RunError?) async throws {
        if try await store.finishExecution(id, status: status, error: error) {
            await publishSnapshot(id)
        }
    }

    private func statementError(_ id: ExecutionID) async throws -> RunError? {
        try await store.executionWithStatements(id).1.first { $0.status == .failed }?.error
    }

    /// The run's engine, built with its secret. A run queued before its engine was disabled
    /// does not start.
    private func engine(for execution: Execution) async throws -> (any QueryEngine, EngineInfo) {
        guard let info = try await store.engine(execution.engineID) else {
            throw EngineError.unavailable("The engine of this run no longer exists.")
        }
        guard !info.disabled else {
            throw EngineError.unavailable("The engine \(info.name) was disabled before this run started.")
        }
        return (try engineCache.engine(for: info, secret: try await store.engineSecret(info.id)), info)
    }

    /// The server's limits, tightened by the engine's time limit and row cap and the cell's
    /// row limit (never loosened).
    private func limits(for execution: Execution, engine: EngineInfo) async throws -> QueryLimits {
        var maxRows = settings.maxRows
        if let rowCap = engine.limits.rowCap { maxRows = min(maxRows, rowCap) }
        if let cellID = execution.cellID, let rowLimit = try await store.cell(cellID)?.rowLimit {
            maxRows = min(maxRows, rowLimit)
        }
        var timeout = settings.queryTimeout
        if let timeLimit = engine.limits.timeLimit, timeLimit > 0 {
            timeout = timeout > 0 ? min(timeout, timeLimit) : timeLimit
        }
        return QueryLimits(timeout: timeout, maxRows: maxRows)
    }

    private func publishProgress(_ id: ExecutionID, statement: Int, rowCount: Int, engine: EngineProgress?) async {
        let progress = ProgressSnapshot(executionId: id.rawValue, statement: statement, rowCount: rowCount, engine: engine)
        guard let data = try? JSONCoding.string(progress) else { return }
        await broker.publish(topic: "execution:\(id)", name: "progress", data: data)
    }

    /// Keeps an engine's log line with its statement, then publishes it as a `log` event.
    private func keepLog(_ id: ExecutionID, statement: Int, message: String) async {
        do {
            guard let entry = try await store.appendStatementLog(id, index: statement, message: message) else { return }
            let log = LogSnapshot(executionId: id.rawValue, statement: statement, at: entry.at, message: entry.message)
            await broker.publish(topic: "execution:\(id)", name: "log", data: try JSONCoding.string(log))
        } catch {
            logger.warning("Could not keep a log line of execution \(id)", metadata: ["error": "\(error)"])
        }
    }

    /// The engine's error with its line counted in the whole query rather than the statement;
    /// the statement's first line when the engine does not say where.
    private func placed(_ error: EngineError, in statement: StatementRun) -> RunError {
        if case .failed(var runError) = error {
            runError.line = runError.line.map { $0 + statement.startLine - 1 } ?? statement.startLine
            return runError
        }
        return RunError(message: Self.message(for: error), line: statement.startLine)
    }

    static func message(for error: EngineError) -> String {
        switch error {
        case .cancelled: "The query was cancelled."
        case .timedOut(let seconds): "The query ran past its time limit of \(Self.format(seconds)) and was stopped."
        case .failed(let runError): runError.message
        case .unavailable(let reason): reason
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0
            ? "\(Int(seconds / 60)) min" : "\(seconds.formatted()) s"
    }
}
