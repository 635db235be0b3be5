import Core
import Foundation
import GRDB

extension HubStore {
    /// Marks or unmarks `doc` as one of `user`'s favorites; setting it twice is harmless.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc.
    public func setFavorite(_ doc: DocID, _ favorite: Bool, user: UserID) async throws {
        let now = clock.now()
        try await write { db in
            _ = try Self.requireDoc(db, doc)
            if favorite {
                try db.execute(
                    sql: "INSERT INTO docFavorite (userID, docID, createdAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    arguments: [user, doc, now])
            } else {
                try db.execute(sql: "DELETE FROM docFavorite WHERE userID = ? AND docID = ?", arguments: [user, doc])
            }
        }
    }

    /// Whether `doc` is one of `user`'s favorites.
    public func isFavorite(_ doc: DocID, user: UserID) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM docFavorite WHERE userID = ? AND docID = ?)",
                arguments: [user, doc]) ?? false
        }
    }

    /// Records that `user` opened `doc` now: one row per user and doc, its time moved forward.
    /// Each view of a user is at least a millisecond (the stored precision) after their
    /// previous one, so "most recent first" keeps the order of opening even for quick clicks.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc.
    public func recordView(_ doc: DocID, user: UserID) async throws {
        let clockNow = clock.now()
        try await write { db in
            _ = try Self.requireDoc(db, doc)
            var now = clockNow
            if let last = try Date.fetchOne(db, sql: "SELECT max(viewedAt) FROM docView WHERE userID = ?", arguments: [user]),
                last.addingTimeInterval(0.0015) > now
            {
                now = last.addingTimeInterval(0.0015)
            }
            try db.execute(
                sql: """
                    INSERT INTO docView (userID, docID, viewedAt) VALUES (?, ?, ?)
                    ON CONFLICT (userID, docID) DO UPDATE SET viewedAt = excluded.viewedAt
                    """,
                arguments: [user, doc, now])
        }
    }
}
