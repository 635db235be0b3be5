/// Memory bounds of building views: how big a sorted run may get before it is written out,
/// and how many runs one merge reads at once.
///
/// Building a view holds at most one run in memory (`runRows` rows or about `runBytes`
/// bytes, whichever comes first) while sorting, and `mergeFanIn` decoded batches of
/// `runBatchRows` rows while merging.
public struct ResultViewSettings: Sendable, Hashable {
    /// Rows in one in-memory sorted run, at most.
    public var runRows: Int
    /// Estimated bytes of one in-memory run, at most (values, strings and array overhead).
    public var runBytes: Int
    /// Runs merged at once; more runs are merged in rounds.
    public var mergeFanIn: Int
    /// Rows per batch of the temporary run files, which is also what a merge reads at a time.
    public var runBatchRows: Int

    /// The defaults hold ~50 MB per sort; values below the minimum (1, or 2 for the fan-in)
    /// are raised to it.
    public init(runRows: Int = 100_000, runBytes: Int = 48 << 20, mergeFanIn: Int = 64, runBatchRows: Int = 1024) {
        self.runRows = max(1, runRows)
        self.runBytes = max(1, runBytes)
        self.mergeFanIn = max(2, mergeFanIn)
        self.runBatchRows = max(1, runBatchRows)
    }
}
