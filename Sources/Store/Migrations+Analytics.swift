extension Migrations {
    /// Query analytics (issue 8): which tables each successful statement read and wrote.
    ///
    /// `tableUse` has one row per table a statement of a successful run read or wrote, named
    /// as the metastore would (`schemaName` resolved: see `HubStore+Analytics.swift`), linked to
    /// its `metaTable` row when there was one. Routes match tables by name (without case), so a
    /// table ingested after it was first queried still finds its history. `tableLineage` has
    /// one row per source → target pair of a statement that copied data (INSERT … SELECT,
    /// CREATE TABLE/VIEW … AS, MERGE). `executionAnalysis` marks a run as analysed: the job
    /// that writes the rows checks it in the same transaction, so a retried job never counts
    /// a run twice.
    static let v10 = """
        CREATE TABLE tableUse (
            executionID INTEGER NOT NULL REFERENCES execution(id) ON DELETE CASCADE,
            statementIndex INTEGER NOT NULL,
            engineID INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
            schemaName TEXT NOT NULL,
            name TEXT NOT NULL,
            tableID INTEGER REFERENCES metaTable(id) ON DELETE SET NULL,
            reads BOOLEAN NOT NULL DEFAULT 0,
            writes BOOLEAN NOT NULL DEFAULT 0,
            usedAt DATETIME NOT NULL,
            PRIMARY KEY (executionID, statementIndex, schemaName, name),
            CHECK (reads OR writes)
        );
        CREATE INDEX tableUse_table ON tableUse(engineID, name COLLATE NOCASE, schemaName COLLATE NOCASE, usedAt);
        CREATE INDEX tableUse_metaTable ON tableUse(tableID);

        CREATE TABLE tableLineage (
            executionID INTEGER NOT NULL REFERENCES execution(id) ON DELETE CASCADE,
            statementIndex INTEGER NOT NULL,
            engineID INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
            sourceSchema TEXT NOT NULL,
            sourceName TEXT NOT NULL,
            targetSchema TEXT NOT NULL,
            targetName TEXT NOT NULL,
            createdAt DATETIME NOT NULL,
            PRIMARY KEY (executionID, statementIndex, sourceSchema, sourceName, targetSchema, targetName)
        );
        CREATE INDEX tableLineage_source ON tableLineage(engineID, sourceName COLLATE NOCASE, sourceSchema COLLATE NOCASE);
        CREATE INDEX tableLineage_target ON tableLineage(engineID, targetName COLLATE NOCASE, targetSchema COLLATE NOCASE);

        CREATE TABLE executionAnalysis (
            executionID INTEGER PRIMARY KEY REFERENCES execution(id) ON DELETE CASCADE,
            statementCount INTEGER NOT NULL,
            tableCount INTEGER NOT NULL,
            analyzedAt DATETIME NOT NULL
        );
        """
}
