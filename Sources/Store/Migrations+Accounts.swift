extension Migrations {
    /// People and permissions (issue 7): passwords, sessions, API tokens, groups, environments,
    /// doc sharing, access requests, announcements and the audit log.
    ///
    /// The existing local user becomes an admin. One public `default` environment holds every
    /// engine and every existing doc, and docs are public, so a hub that had no accounts keeps
    /// working as before. Secrets are stored only as hashes: bcrypt for passwords, SHA-256 (hex)
    /// for session and API tokens, which are long random values.
    ///
    /// `doc.environmentID` has no REFERENCES clause: SQLite refuses one on an added column with
    /// a non-NULL default while foreign keys are on; the store keeps it valid instead.
    static let v8 = """
        ALTER TABLE user ADD COLUMN passwordHash TEXT;
        ALTER TABLE user ADD COLUMN isAdmin BOOLEAN NOT NULL DEFAULT 0;
        ALTER TABLE user ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;
        ALTER TABLE user ADD COLUMN avatarColor TEXT NOT NULL DEFAULT '#4c6ef5';
        UPDATE user SET isAdmin = 1 WHERE username = 'local';

        CREATE TABLE session (
            tokenHash TEXT PRIMARY KEY,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            csrfToken TEXT NOT NULL,
            createdAt DATETIME NOT NULL,
            expiresAt DATETIME NOT NULL
        );
        CREATE INDEX session_user ON session(userID);

        CREATE TABLE apiToken (
            id INTEGER PRIMARY KEY,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            tokenHash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            createdAt DATETIME NOT NULL,
            lastUsedAt DATETIME,
            revokedAt DATETIME
        );
        CREATE INDEX apiToken_user ON apiToken(userID);

        CREATE TABLE userGroup (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            createdAt DATETIME NOT NULL
        );
        CREATE TABLE groupMember (
            groupID INTEGER NOT NULL REFERENCES userGroup(id) ON DELETE CASCADE,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            PRIMARY KEY (groupID, userID)
        );
        CREATE INDEX groupMember_user ON groupMember(userID);

        CREATE TABLE environment (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            public BOOLEAN NOT NULL DEFAULT 0,
            createdAt DATETIME NOT NULL
        );
        CREATE TABLE environmentEngine (
            environmentID INTEGER NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
            engineID INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
            PRIMARY KEY (environmentID, engineID)
        );
        CREATE TABLE environmentMember (
            environmentID INTEGER NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            PRIMARY KEY (environmentID, userID)
        );
        CREATE INDEX environmentMember_user ON environmentMember(userID);
        INSERT INTO environment (id, name, description, public, createdAt)
            VALUES (1, 'default', 'Every engine, for everyone.', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'));
        INSERT INTO environmentEngine (environmentID, engineID) SELECT 1, id FROM engine;

        ALTER TABLE doc ADD COLUMN environmentID INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE doc ADD COLUMN public BOOLEAN NOT NULL DEFAULT 1;
        CREATE INDEX doc_environment ON doc(environmentID);
        CREATE INDEX doc_owner ON doc(ownerID);

        CREATE TABLE docGrant (
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            userID INTEGER REFERENCES user(id) ON DELETE CASCADE,
            groupID INTEGER REFERENCES userGroup(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
            CHECK ((userID IS NULL) <> (groupID IS NULL))
        );
        CREATE UNIQUE INDEX docGrant_docUser ON docGrant(docID, userID) WHERE userID IS NOT NULL;
        CREATE UNIQUE INDEX docGrant_docGroup ON docGrant(docID, groupID) WHERE groupID IS NOT NULL;
        CREATE INDEX docGrant_user ON docGrant(userID);
        CREATE INDEX docGrant_group ON docGrant(groupID);

        CREATE TABLE accessRequest (
            id INTEGER PRIMARY KEY,
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            createdAt DATETIME NOT NULL,
            UNIQUE (docID, userID)
        );

        CREATE TABLE announcement (
            id INTEGER PRIMARY KEY,
            message TEXT NOT NULL,
            level TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('info', 'warning')),
            createdAt DATETIME NOT NULL,
            expiresAt DATETIME
        );

        CREATE TABLE auditLog (
            id INTEGER PRIMARY KEY,
            actorID INTEGER REFERENCES user(id) ON DELETE SET NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            createdAt DATETIME NOT NULL
        );
        CREATE INDEX auditLog_time ON auditLog(createdAt);
        """
}
