import Core
import Execution
import Results

/// Finds the stored result of one statement of a run, with the API's errors; every route
/// that reads a result (rows, statistics, export) goes through it.
struct StoredResults: Sendable {
    let executions: ExecutionService
    let results: ResultStore

    /// The finished result of statement `index` of run `id`.
    ///
    /// - Throws: `404` when the run or the statement does not exist, `410` when retention
    ///   removed the run's results, `409` while the statement has not finished (or ended
    ///   without a result).
    func reader(_ id: ExecutionID, statement index: Int) async throws -> ResultReader {
        let snapshot = try await executions.snapshot(id)
        if let expired = snapshot.resultExpiredAt {
            throw APIError.gone(
                "The result of run \(id) expired on \(expired.formatted(.iso8601)) and was removed; run the query again to see it.")
        }
        guard let statement = snapshot.statements.first(where: { $0.index == index }) else {
            throw APIError.notFound("Run \(id) has no statement \(index).")
        }
        guard statement.status == .done else {
            throw APIError.conflict(
                "Statement \(index + 1) is \(statement.status.rawValue); it has no result to read yet.")
        }
        return try results.reader(execution: id, statement: index)
    }
}
