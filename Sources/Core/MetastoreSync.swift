import Foundation

/// Where an engine's metastore sync stands.
public enum MetastoreSyncStatus: String, Codable, Sendable, CaseIterable {
    /// Never synced and none queued.
    case idle
    /// Waiting for a worker (asked for, or due).
    case queued
    /// A worker is reading the engine's catalog.
    case running
    /// The last sync finished.
    case done
    /// The last sync failed; `error` says why.
    case failed
}

/// One engine's metastore ingestion: its schedule, the state of the latest sync and its
/// progress (updated as the sync goes, so the admin page can show it).
public struct MetastoreSyncState: Codable, Sendable, Hashable {
    public var engineID: EngineID
    /// Hours between scheduled syncs; `0` syncs only when asked.
    public var intervalHours: Double
    public var status: MetastoreSyncStatus
    /// Tables and views the engine reported in the latest sync.
    public var tablesTotal: Int
    /// Of those, how many ingestion has compared (and written when changed) so far.
    public var tablesDone: Int
    public var tablesAdded: Int
    public var tablesUpdated: Int
    public var tablesRemoved: Int
    public var error: String?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// When the next sync is due; `nil` when none is scheduled.
    public var nextRunAt: Date?

    /// The schedule every engine starts with: daily.
    public static let defaultIntervalHours = 24.0

    public init(
        engineID: EngineID, intervalHours: Double = Self.defaultIntervalHours, status: MetastoreSyncStatus = .idle,
        tablesTotal: Int = 0, tablesDone: Int = 0, tablesAdded: Int = 0, tablesUpdated: Int = 0, tablesRemoved: Int = 0,
        error: String? = nil, startedAt: Date? = nil, finishedAt: Date? = nil, nextRunAt: Date? = nil
    ) {
        self.engineID = engineID
        self.intervalHours = intervalHours
        self.status = status
        self.tablesTotal = tablesTotal
        self.tablesDone = tablesDone
        self.tablesAdded = tablesAdded
        self.tablesUpdated = tablesUpdated
        self.tablesRemoved = tablesRemoved
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.nextRunAt = nextRunAt
    }

    /// Whether a sync is waiting or going (a second one is refused meanwhile).
    public var isPending: Bool { status == .queued || status == .running }
}

/// What one ingestion changed.
public struct IngestionCounts: Sendable, Hashable, Codable {
    public var added = 0
    public var updated = 0
    public var removed = 0
    /// Tables whose signature matched: left without any write.
    public var unchanged = 0

    public init(added: Int = 0, updated: Int = 0, removed: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.removed = removed
        self.unchanged = unchanged
    }
}
