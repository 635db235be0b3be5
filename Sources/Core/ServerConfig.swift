import Foundation

/// Everything `querybook serve` can be told, with its defaults. Read once at start.
///
/// Every key is documented in Docs/configuration.md; a test checks that list.
public struct ServerConfig: Sendable {
    /// Address to listen on (`--host`, `QUERYBOOK_HOST`).
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (`--port`, `QUERYBOOK_PORT`).
    public var port: Int = 10001
    /// Where the hub keeps its database, the demo engine and results (`--data-dir`, `QUERYBOOK_DATA_DIR`).
    public var dataDirectory: URL
    /// Existing SQLite files registered as read-only engines (`--sqlite`, repeatable).
    public var sqliteFiles: [String] = []
    /// Runs executed at once (`--workers`, `QUERYBOOK_WORKERS`).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Time limit of one statement, in seconds (`--query-timeout`, `QUERYBOOK_QUERY_TIMEOUT`).
    public var queryTimeout: Double = 600
    /// Rows kept per statement before the result is marked truncated (`--max-rows`,
    /// `QUERYBOOK_MAX_ROWS`); no row cap by default (`0` means none).
    public var maxRowsPerStatement: Int = .max
    /// Compressed bytes of stored results one run may write before its result is cut and
    /// marked truncated (`max-result-bytes`); 10 GB by default.
    public var maxResultBytes: Int64 = 10_000_000_000
    /// Days a finished run's results are kept before retention removes them
    /// (`result-retention-days`); `0` keeps them for ever.
    public var resultRetentionDays: Double = 30
    /// Seconds between retention sweeps (`retention-interval`).
    public var retentionInterval: Double = 3600
    /// Whether to create the demo engine on first start (`--no-demo` turns it off, `QUERYBOOK_DEMO`).
    public var demo: Bool = true
    /// Rows in the demo `events` table.
    public var demoEventRows: Int = 1_000_000
    /// How long a claimed job stays leased without renewal, in seconds.
    public var jobLease: Double = 30
    /// Events kept for `Last-Event-ID` replay.
    public var eventReplayLimit: Int = 10_000
    /// Seconds between SSE heartbeats on an idle stream.
    public var heartbeatInterval: Double = 15
    /// Seconds between changes within which they join the same doc version (`history-window`).
    public var historyWindow: Double = 60
    /// Largest accepted request body, in bytes.
    public var maxBodyBytes: Int = 1_048_576
    /// A trusted reverse proxy's header naming the signed-in user (`auth-header`); `nil` for none.
    public var authHeader: String?
    /// bcrypt cost of new password hashes (`password-cost`).
    public var passwordCost: Int = 12
    /// Where scheduled runs write their exports (`schedule-export-directory`); `nil`:
    /// `<data-dir>/exports`.
    public var scheduleExportDirectory: URL?

    /// Whether `host` is a loopback address: only then may the hub run in local mode.
    public var bindsLoopbackOnly: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// The default data dir: `~/.querybook`.
    public static var defaultDataDirectory: URL {
        FileManager.default.homeDirectoryForCurrentUser.appending(path: ".querybook")
    }
}
