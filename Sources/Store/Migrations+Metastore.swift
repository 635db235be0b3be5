extension Migrations {
    /// The metastore (issue 8): tables and views of every engine with their columns, the
    /// people-written parts (description, warnings, golden, tags, owners), and each engine's
    /// ingestion state.
    ///
    /// Names are kept exactly as the engine spells them; lookups from SQL text compare without
    /// case (`COLLATE NOCASE` indexes), since PostgreSQL and SQLite fold unquoted names.
    /// Ingestion deletes a table the engine no longer has, with its columns, tags and owners.
    static let v9 = """
        CREATE TABLE metaTable (
            id INTEGER PRIMARY KEY,
            engineID INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
            schemaName TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'table' CHECK (kind IN ('table', 'view')),
            comment TEXT NOT NULL DEFAULT '',
            rowCount INTEGER,
            sizeBytes INTEGER,
            signature TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            warnings TEXT NOT NULL DEFAULT '',
            golden BOOLEAN NOT NULL DEFAULT 0,
            queryCount INTEGER NOT NULL DEFAULT 0,
            viewCount INTEGER NOT NULL DEFAULT 0,
            lastQueriedAt DATETIME,
            syncedAt DATETIME NOT NULL,
            createdAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL,
            UNIQUE (engineID, schemaName, name)
        );
        CREATE INDEX metaTable_name ON metaTable(engineID, name COLLATE NOCASE);

        CREATE TABLE metaColumn (
            id INTEGER PRIMARY KEY,
            tableID INTEGER NOT NULL REFERENCES metaTable(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            UNIQUE (tableID, name)
        );

        CREATE TABLE tableTag (
            tableID INTEGER NOT NULL REFERENCES metaTable(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (tableID, tag)
        );
        CREATE INDEX tableTag_tag ON tableTag(tag);

        CREATE TABLE columnTag (
            columnID INTEGER NOT NULL REFERENCES metaColumn(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (columnID, tag)
        );

        CREATE TABLE tableOwner (
            tableID INTEGER NOT NULL REFERENCES metaTable(id) ON DELETE CASCADE,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            PRIMARY KEY (tableID, userID)
        );

        CREATE TABLE metastoreSync (
            engineID INTEGER PRIMARY KEY REFERENCES engine(id) ON DELETE CASCADE,
            intervalHours REAL NOT NULL DEFAULT 24 CHECK (intervalHours >= 0),
            status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'queued', 'running', 'done', 'failed')),
            tablesTotal INTEGER NOT NULL DEFAULT 0,
            tablesDone INTEGER NOT NULL DEFAULT 0,
            tablesAdded INTEGER NOT NULL DEFAULT 0,
            tablesUpdated INTEGER NOT NULL DEFAULT 0,
            tablesRemoved INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            startedAt DATETIME,
            finishedAt DATETIME,
            nextRunAt DATETIME
        );
        """
}
