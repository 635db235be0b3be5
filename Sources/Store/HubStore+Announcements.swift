import Core
import Foundation
import GRDB

/// What an admin changes about an announcement; `nil` leaves it, `.some(nil)` expiry clears it.
public struct AnnouncementChanges: Sendable {
    public var message: String?
    public var level: Announcement.Level?
    public var expiresAt: Date??

    public init(message: String? = nil, level: Announcement.Level? = nil, expiresAt: Date?? = nil) {
        self.message = message
        self.level = level
        self.expiresAt = expiresAt
    }
}

/// Announcements (the banner) and reading the audit log back.
extension HubStore {
    /// Every announcement, expired ones too, newest first: the admin list.
    public func announcements() async throws -> [Announcement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM announcement ORDER BY createdAt DESC, id DESC").map(Self.announcement)
        }
    }

    /// The announcements that have not expired, newest first: what the banner shows.
    public func activeAnnouncements() async throws -> [Announcement] {
        let now = clock.now()
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM announcement WHERE expiresAt IS NULL OR expiresAt > ? ORDER BY createdAt DESC, id DESC",
                arguments: [now]
            ).map(Self.announcement)
        }
    }

    /// Adds an announcement. The message is plain text, stored as given.
    public func createAnnouncement(message: String, level: Announcement.Level, expiresAt: Date?) async throws -> Announcement {
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO announcement (message, level, createdAt, expiresAt) VALUES (?, ?, ?, ?)",
                arguments: [message, level.rawValue, now, expiresAt])
            return try Self.requireAnnouncement(db, AnnouncementID(db.lastInsertedRowID))
        }
    }

    /// Changes an announcement.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func updateAnnouncement(_ id: AnnouncementID, _ changes: AnnouncementChanges) async throws -> Announcement {
        try await write { db in
            var announcement = try Self.requireAnnouncement(db, id)
            if let message = changes.message { announcement.message = message }
            if let level = changes.level { announcement.level = level }
            if let expiresAt = changes.expiresAt { announcement.expiresAt = expiresAt }
            try db.execute(
                sql: "UPDATE announcement SET message = ?, level = ?, expiresAt = ? WHERE id = ?",
                arguments: [announcement.message, announcement.level.rawValue, announcement.expiresAt, id])
            return try Self.requireAnnouncement(db, id)
        }
    }

    /// Deletes an announcement.
    /// - Throws: ``StoreError/notFound(entity:id:)``.
    public func deleteAnnouncement(_ id: AnnouncementID) async throws {
        try await write { db in
            _ = try Self.requireAnnouncement(db, id)
            try db.execute(sql: "DELETE FROM announcement WHERE id = ?", arguments: [id])
        }
    }

    static func requireAnnouncement(_ db: Database, _ id: AnnouncementID) throws -> Announcement {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM announcement WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "announcement", id: id.rawValue)
        }
        return try announcement(row)
    }

    private static func announcement(_ row: Row) throws -> Announcement {
        let level: String = row["level"]
        return Announcement(
            id: row["id"], message: row["message"], level: Announcement.Level(rawValue: level) ?? .info,
            createdAt: row["createdAt"], expiresAt: row["expiresAt"])
    }

    // MARK: Audit log

    /// Audit entries newest first: at most `limit`, with ids below `before` when given (the
    /// next page starts before the last id of this one).
    public func auditEntries(limit: Int, before: Int64? = nil) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM auditLog WHERE ? IS NULL OR id < ? ORDER BY id DESC LIMIT ?",
                arguments: [before, before, limit]
            ).map { row in
                AuditEntry(
                    id: row["id"], actorID: row["actorID"], action: row["action"], target: row["target"],
                    detail: row["detail"], createdAt: row["createdAt"])
            }
        }
    }
}
