import Core
import Foundation
import GRDB

extension HubStore {
    /// The default of `history-window`: a version keeps growing while changes come less than
    /// this many seconds apart.
    public static let defaultHistoryWindow: TimeInterval = 60
    /// A version stops growing once it is this many seconds old; the next change starts another.
    public static let historyMaxSpan: TimeInterval = 600

    /// The doc's versions, newest first.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc.
    public func docVersions(_ id: DocID) async throws -> [DocVersion] {
        try await read { db in
            try Self.requireDoc(db, id)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM docVersion WHERE docID = ? ORDER BY number DESC", arguments: [id]
            ).map(Self.version(from:))
        }
    }

    /// Version `number` of the doc with what it shows: its snapshot, or the live doc for the
    /// newest (open) version; `isCurrent` tells which.
    /// - Throws: ``StoreError/notFound(entity:id:)`` for the doc or the version.
    public func docVersion(_ id: DocID, number: Int) async throws -> (version: DocVersion, content: DocSnapshot, isCurrent: Bool) {
        try await read { db in
            let doc = try Self.requireDoc(db, id)
            let version = try Self.requireVersion(db, id, number: number)
            if let snapshot = version.snapshot { return (version, snapshot, false) }
            return (version, DocSnapshot(doc, cells: try Self.cells(db, doc: id)), true)
        }
    }

    /// Counts one committed change of `doc` by `user` in its history, inside the caller's write
    /// transaction. The newest version grows when it is not a restore, its last change was less
    /// than ``historyWindow`` ago and it began less than ``historyMaxSpan`` ago; otherwise it
    /// is closed with a snapshot of the doc as it is now (before this change) and a new
    /// version is opened. So each version's snapshot is written once, when it closes.
    func recordChange(_ db: Database, doc: DocID, user: UserID, now: Date) throws {
        guard let latest = try Self.latestVersion(db, doc) else {
            try Self.openVersion(db, doc: doc, number: 1, user: user, now: now, restoredFrom: nil)
            return
        }
        if latest.restoredFrom == nil, now.timeIntervalSince(latest.endedAt) < historyWindow,
            now.timeIntervalSince(latest.startedAt) < Self.historyMaxSpan
        {
            var authors = latest.authors
            if !authors.contains(user) { authors.append(user) }
            try db.execute(
                sql: """
                    UPDATE docVersion SET endedAt = ?, changeCount = changeCount + 1, authors = ?
                    WHERE docID = ? AND number = ?
                    """,
                arguments: [max(now, latest.endedAt), Self.authorsJSON(authors), doc, latest.number])
            return
        }
        try Self.closeVersion(db, latest)
        try Self.openVersion(db, doc: doc, number: latest.number + 1, user: user, now: now, restoredFrom: nil)
    }

    /// Writes the doc as it is now into `version` as its snapshot, closing it.
    static func closeVersion(_ db: Database, _ version: DocVersion) throws {
        let doc = try requireDoc(db, version.docID)
        let snapshot = DocSnapshot(doc, cells: try cells(db, doc: version.docID))
        try db.execute(
            sql: "UPDATE docVersion SET snapshot = ? WHERE docID = ? AND number = ?",
            arguments: [try JSONCoding.string(snapshot), version.docID, version.number])
    }

    /// Inserts a new open version holding one change by `user`.
    @discardableResult
    static func openVersion(
        _ db: Database, doc: DocID, number: Int, user: UserID, now: Date, restoredFrom: Int?
    ) throws -> DocVersion {
        try db.execute(
            sql: """
                INSERT INTO docVersion (docID, number, startedAt, endedAt, changeCount, authors, restoredFrom)
                VALUES (?, ?, ?, ?, 1, ?, ?)
                """,
            arguments: [doc, number, now, now, authorsJSON([user]), restoredFrom])
        return DocVersion(
            docID: doc, number: number, startedAt: now, endedAt: now, changeCount: 1, authors: [user],
            restoredFrom: restoredFrom)
    }

    static func latestVersion(_ db: Database, _ doc: DocID) throws -> DocVersion? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM docVersion WHERE docID = ? ORDER BY number DESC LIMIT 1", arguments: [doc]
        ).map(version(from:))
    }

    static func requireVersion(_ db: Database, _ doc: DocID, number: Int) throws -> DocVersion {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM docVersion WHERE docID = ? AND number = ?", arguments: [doc, number])
        else {
            throw StoreError.notFound(entity: "version", id: Int64(number))
        }
        return try version(from: row)
    }

    @discardableResult
    static func requireDoc(_ db: Database, _ id: DocID) throws -> Doc {
        guard let doc = try Doc.fetchOne(db, key: id.rawValue) else {
            throw StoreError.notFound(entity: "doc", id: id.rawValue)
        }
        return doc
    }

    /// The `authors` column: a JSON array of user ids.
    static func authorsJSON(_ authors: [UserID]) -> String {
        "[" + authors.map(\.description).joined(separator: ",") + "]"
    }

    private static func version(from row: Row) throws -> DocVersion {
        let authors = try JSONCoding.decoder().decode([UserID].self, from: Data((row["authors"] as String).utf8))
        let snapshot = try (row["snapshot"] as String?).map {
            try JSONCoding.decoder().decode(DocSnapshot.self, from: Data($0.utf8))
        }
        return DocVersion(
            docID: row["docID"], number: row["number"], startedAt: row["startedAt"], endedAt: row["endedAt"],
            changeCount: row["changeCount"], authors: authors, restoredFrom: row["restoredFrom"], snapshot: snapshot)
    }
}
