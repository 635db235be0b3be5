import Core

/// Why the execution service refused a request.
public enum ExecutionError: Error, Equatable, Sendable {
    /// No engine has that id or name.
    case unknownEngine(String)
    /// The engine (named) is disabled: it takes no new runs.
    case engineDisabled(String)
    /// The query has no statement to run.
    case emptyQuery
    /// The run already ended with this status.
    case alreadyFinished(RunStatus)
}
