import Synchronization

/// Why a running statement is being stopped from the client side; the first reason wins.
///
/// Thread-safe: fired from cancel handlers on any thread, awaited by the engine's watcher.
final class PostgresStopSignal: Sendable {
    enum Reason: Sendable, Equatable {
        /// The run's ``QueryCancellation`` fired or its task was cancelled.
        case cancelled
        /// The server did not end the statement at its `statement_timeout`; the engine's
        /// backstop deadline passed.
        case timedOut
        /// The row cap was reached; the rest of the result is not wanted.
        case truncated
        /// The statement ended on its own; nothing to stop.
        case finished
    }

    private struct State {
        var reason: Reason?
        var waiters: [CheckedContinuation<Reason, Never>] = []
    }

    private let state = Mutex(State())

    /// The reason, once fired.
    var reason: Reason? { state.withLock { $0.reason } }

    /// Records `reason` and wakes the waiter; later calls do nothing.
    func fire(_ reason: Reason) {
        let waiters = state.withLock { state -> [CheckedContinuation<Reason, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until the signal fires. Not cancellable by design: the engine always fires
    /// `.finished` when the statement ends, which releases it.
    func wait() async -> Reason {
        await withCheckedContinuation { continuation in
            let reason = state.withLock { state -> Reason? in
                if let reason = state.reason { return reason }
                state.waiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }
}
