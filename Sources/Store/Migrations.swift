import Core
import GRDB

/// The schema, as append-only migrations: never edit one that has shipped, add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-cell-edits") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-doc-history") { db in
            try db.execute(sql: v3)
            try backfillDocVersions(db)
        }
        migrator.registerMigration("v4-doc-marks") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-engine-settings") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6-statement-logs") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7-result-lifecycle") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8-accounts") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9-metastore") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10-query-analytics") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11-search") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12-doc-variables") { db in
            try db.execute(sql: v12)
        }
        migrator.registerMigration("v13-schedules") { db in
            try db.execute(sql: v13)
        }
        migrator.registerMigration("v14-search-titles") { db in
            try v14(db)
        }
        return migrator
    }

    /// Which cap cut a result (`rows` or `bytes`), and when retention removed a run's results.
    static let v7 = """
        ALTER TABLE statementRun ADD COLUMN truncatedBy TEXT CHECK (truncatedBy IN ('rows', 'bytes'));
        UPDATE statementRun SET truncatedBy = 'rows' WHERE truncated;
        ALTER TABLE execution ADD COLUMN resultExpiredAt DATETIME;
        CREATE INDEX execution_finished_kept ON execution(finishedAt) WHERE resultExpiredAt IS NULL;
        """

    /// What engines report while a statement runs (notices, stages, query ids), kept with it.
    static let v6 = """
        ALTER TABLE statementRun ADD COLUMN log TEXT NOT NULL DEFAULT '[]';
        """

    /// Doc history: versions are windows of time; each closed one keeps a snapshot (JSON) of
    /// the doc as it stood at its end, the newest (open) one is the live doc.
    static let v3 = """
        CREATE TABLE docVersion (
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number > 0),
            startedAt DATETIME NOT NULL,
            endedAt DATETIME NOT NULL,
            changeCount INTEGER NOT NULL DEFAULT 0 CHECK (changeCount >= 0),
            authors TEXT NOT NULL DEFAULT '[]',
            restoredFrom INTEGER CHECK (restoredFrom IS NULL OR (restoredFrom > 0 AND restoredFrom < number)),
            snapshot TEXT,
            PRIMARY KEY (docID, number)
        );
        """

    /// One open version per existing doc, from its creation to its last change, by its owner
    /// and whoever edited its cells' text.
    static func backfillDocVersions(_ db: Database) throws {
        let docs = try Row.fetchAll(db, sql: "SELECT id, ownerID, createdAt, updatedAt FROM doc")
        for doc in docs {
            let docID: Int64 = doc["id"]
            let editors = try Int64.fetchAll(
                db,
                sql: """
                    SELECT e.userID FROM cellEdit e JOIN cell c ON c.id = e.cellID
                    WHERE c.docID = ? GROUP BY e.userID ORDER BY min(e.createdAt)
                    """,
                arguments: [docID])
            let owner: Int64 = doc["ownerID"]
            let authors = [owner] + editors.filter { $0 != owner }
            let edits = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM cellEdit e JOIN cell c ON c.id = e.cellID WHERE c.docID = ?",
                arguments: [docID]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO docVersion (docID, number, startedAt, endedAt, changeCount, authors)
                    VALUES (?, 1, ?, ?, ?, ?)
                    """,
                arguments: [
                    docID, doc["createdAt"] as DatabaseValue, doc["updatedAt"] as DatabaseValue, 1 + edits,
                    HubStore.authorsJSON(authors.map { UserID(rawValue: $0) }),
                ])
        }
    }

    /// Per-user marks on docs: favorites, and when each user last opened each doc (one row per
    /// user and doc, upserted), for Home's "Recent" and the list's "viewed" sort.
    static let v4 = """
        CREATE TABLE docFavorite (
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            createdAt DATETIME NOT NULL,
            PRIMARY KEY (userID, docID)
        );
        CREATE INDEX docFavorite_doc ON docFavorite(docID);
        CREATE TABLE docView (
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            viewedAt DATETIME NOT NULL,
            PRIMARY KEY (userID, docID)
        );
        CREATE INDEX docView_recent ON docView(userID, viewedAt);
        CREATE INDEX docView_doc ON docView(docID);
        """

    /// Engines configured at run time: kind-specific settings as JSON (the SQLite path moves
    /// there, read-only), the secret (password or token) in a column of its own that only the
    /// engine-building path reads, per-engine limits, and a disabled flag.
    static let v5 = """
        ALTER TABLE engine ADD COLUMN settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings));
        ALTER TABLE engine ADD COLUMN secret TEXT;
        ALTER TABLE engine ADD COLUMN timeLimit REAL CHECK (timeLimit IS NULL OR timeLimit > 0);
        ALTER TABLE engine ADD COLUMN rowCap INTEGER CHECK (rowCap IS NULL OR rowCap > 0);
        ALTER TABLE engine ADD COLUMN concurrency INTEGER CHECK (concurrency IS NULL OR concurrency > 0);
        ALTER TABLE engine ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT 0;
        ALTER TABLE engine ADD COLUMN updatedAt DATETIME;
        UPDATE engine SET settings = json_object('path', path, 'readOnly', json('true')), updatedAt = createdAt;
        ALTER TABLE engine DROP COLUMN path;
        """

    /// Cell text as a sequence of operations: each committed edit bumps the cell's version and
    /// is kept, so late edits can be transformed against what they missed and history shown.
    static let v2 = """
        ALTER TABLE cell ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE cellEdit (
            cellID INTEGER NOT NULL REFERENCES cell(id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version > 0),
            operation TEXT NOT NULL,
            userID INTEGER NOT NULL REFERENCES user(id),
            clientID TEXT NOT NULL,
            editID TEXT NOT NULL,
            createdAt DATETIME NOT NULL,
            PRIMARY KEY (cellID, version),
            UNIQUE (cellID, clientID, editID)
        );
        """

    static let v1 = """
        CREATE TABLE user (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            displayName TEXT NOT NULL,
            createdAt DATETIME NOT NULL
        );
        CREATE TABLE engine (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            path TEXT,
            createdAt DATETIME NOT NULL
        );
        CREATE TABLE doc (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            ownerID INTEGER NOT NULL REFERENCES user(id),
            archived BOOLEAN NOT NULL DEFAULT 0,
            createdAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL
        );
        CREATE INDEX doc_updated ON doc(archived, updatedAt);
        CREATE TABLE cell (
            id INTEGER PRIMARY KEY,
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('text', 'query', 'chart')),
            position TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            engineID INTEGER REFERENCES engine(id) ON DELETE SET NULL,
            rowLimit INTEGER CHECK (rowLimit IS NULL OR rowLimit > 0),
            collapsed BOOLEAN NOT NULL DEFAULT 0,
            ownerID INTEGER NOT NULL REFERENCES user(id),
            createdAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL,
            UNIQUE (docID, position)
        );
        CREATE TABLE execution (
            id INTEGER PRIMARY KEY,
            engineID INTEGER NOT NULL REFERENCES engine(id),
            cellID INTEGER REFERENCES cell(id) ON DELETE SET NULL,
            ownerID INTEGER NOT NULL REFERENCES user(id),
            query TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            error TEXT,
            createdAt DATETIME NOT NULL,
            startedAt DATETIME,
            finishedAt DATETIME
        );
        CREATE INDEX execution_cell ON execution(cellID, id);
        CREATE TABLE statementRun (
            executionID INTEGER NOT NULL REFERENCES execution(id) ON DELETE CASCADE,
            "index" INTEGER NOT NULL,
            text TEXT NOT NULL,
            startLine INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            rowCount INTEGER NOT NULL DEFAULT 0,
            columns TEXT NOT NULL DEFAULT '[]',
            error TEXT,
            truncated BOOLEAN NOT NULL DEFAULT 0,
            startedAt DATETIME,
            finishedAt DATETIME,
            PRIMARY KEY (executionID, "index")
        );
        CREATE TABLE job (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            maxAttempts INTEGER NOT NULL DEFAULT 3 CHECK (maxAttempts > 0),
            runAfter DATETIME NOT NULL,
            leaseOwner TEXT,
            leaseExpiresAt DATETIME,
            lastError TEXT,
            createdAt DATETIME NOT NULL,
            CHECK (status != 'running' OR (leaseOwner IS NOT NULL AND leaseExpiresAt IS NOT NULL))
        );
        CREATE INDEX job_ready ON job(status, runAfter);
        """
}
