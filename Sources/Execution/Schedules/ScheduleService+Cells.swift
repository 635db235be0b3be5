import Core
import Foundation
import Store

extension ScheduleService {
    /// Runs `cells` in order as the schedule's owner, recording each cell's state on the run;
    /// stops at the first failure (later cells are `skipped`). Empty cells are skipped.
    func runCells(_ cells: [Cell], schedule: Schedule, run: ScheduleRun) async -> ScheduleAttemptOutcome {
        var states = cells.map { ScheduleRunCell(cellID: $0.id) }
        func fail(_ index: Int, _ message: String, status: String = "failed") async -> ScheduleAttemptOutcome {
            states[index].status = status
            for later in states.indices where later > index { states[later].status = "skipped" }
            try? await store.updateScheduleRunCells(run.id, cells: states)
            return ScheduleAttemptOutcome(cells: states, error: message, failedCellID: cells[index].id)
        }
        let user: User?
        let engines: Set<EngineID>
        let role: DocRole?
        do {
            user = try await store.user(schedule.ownerID)
            if let user {
                engines = try await store.visibleEngineIDs(for: user)
                role = try await store.docRole(schedule.docID, for: user)
            } else {
                (engines, role) = ([], nil)
            }
        } catch {
            return ScheduleAttemptOutcome(cells: states, error: "The hub could not read the schedule's owner.", failedCellID: nil)
        }
        guard let user, role != nil else {
            return ScheduleAttemptOutcome(cells: states, error: "The schedule's owner can no longer read this doc.", failedCellID: nil)
        }
        for (index, cell) in cells.enumerated() {
            if Task.isCancelled { break }
            guard !cell.content.allSatisfy(\.isWhitespace) else {
                states[index].status = "skipped"
                continue
            }
            guard let engine = cell.engineID else { return await fail(index, "The cell has no engine to run on.") }
            guard engines.contains(engine) else {
                return await fail(index, "The schedule's owner (\(user.username)) may not run queries on this cell's engine.")
            }
            var query = cell.content
            if let renderer {
                do {
                    query = try await renderer.render(cell.content, doc: schedule.docID, engine: engine, user: user.id, at: run.scheduledFor)
                } catch {
                    return await fail(index, String(describing: error))
                }
            }
            let execution: Execution
            do {
                execution = try await executions.submit(engine: engine.description, query: query, cell: cell.id, owner: user.id).execution
            } catch let error as ExecutionError {
                return await fail(index, Self.message(error))
            } catch {
                return await fail(index, "The hub could not start the query: \(error)")
            }
            states[index].executionID = execution.id
            states[index].status = "running"
            try? await store.updateScheduleRunCells(run.id, cells: states)
            let finished: Execution
            do {
                finished = try await waitUntilFinished(execution.id)
            } catch {
                // Cancelled: shutting down, or the lease was lost; the attempt is abandoned.
                states[index].status = "cancelled"
                return ScheduleAttemptOutcome(cells: states, error: "The run was interrupted.", failedCellID: cell.id)
            }
            guard finished.status == .done else {
                let message = finished.error?.message ?? (finished.status == .cancelled ? "The query was cancelled." : "The query failed.")
                return await fail(index, message, status: finished.status.rawValue)
            }
            states[index].status = "done"
            try? await store.updateScheduleRunCells(run.id, cells: states)
        }
        return ScheduleAttemptOutcome(cells: states, error: nil, failedCellID: nil)
    }

    static func message(_ error: ExecutionError) -> String {
        switch error {
        case .unknownEngine(let name): "The cell's engine \(name) no longer exists."
        case .engineDisabled(let name): "The engine \(name) is disabled."
        case .emptyQuery: "The query has no statement to run."
        default: "\(error)"
        }
    }

    /// Waits for run `id` to end: woken by its events, and every two seconds in case the
    /// broker dropped one. Throws `CancellationError` when cancelled.
    func waitUntilFinished(_ id: ExecutionID) async throws -> Execution {
        let stream = await broker.subscribe(topics: ["execution:\(id)"], after: nil)
        let store = self.store
        @Sendable func final() async throws -> Execution? {
            let (execution, _) = try await store.executionWithStatements(id)
            return execution.status.isFinal ? execution : nil
        }
        return try await withThrowingTaskGroup(of: Execution?.self) { group in
            group.addTask {
                for await _ in stream {
                    if let done = try await final() { return done }
                }
                return nil
            }
            group.addTask {
                while true {
                    if let done = try await final() { return done }
                    try await Task.sleep(for: .seconds(2))
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let next { return next }
            }
            throw CancellationError()
        }
    }
}
