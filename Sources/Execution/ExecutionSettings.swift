/// How the execution service runs queries.
public struct ExecutionSettings: Sendable {
    /// Runs executed at once.
    public var workers: Int
    /// Time limit of one statement, in seconds.
    public var queryTimeout: Double
    /// Rows kept per statement at most.
    public var maxRows: Int
    /// Compressed bytes of stored results one run may write; past it the result is cut.
    public var maxResultBytes: Int64
    /// Job lease, in seconds; renewed at a third of it while a run is going.
    public var jobLease: Double
    /// Seconds between looks at the queue when nothing woke the dispatcher.
    public var pollInterval: Double
    /// Seconds between `progress` events of one statement.
    public var progressInterval: Double

    public init(
        workers: Int, queryTimeout: Double, maxRows: Int, maxResultBytes: Int64 = 10_000_000_000, jobLease: Double = 30,
        pollInterval: Double = 1, progressInterval: Double = 0.25
    ) {
        self.workers = max(1, workers)
        self.queryTimeout = queryTimeout
        self.maxRows = maxRows
        self.maxResultBytes = maxResultBytes
        self.jobLease = jobLease
        self.pollInterval = pollInterval
        self.progressInterval = progressInterval
    }
}
