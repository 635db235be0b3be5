extension Migrations {
    /// Scheduled docs (issue 9): one schedule per doc, its runs with their attempt's cells,
    /// notification outcomes and exports (as JSON), and at most one open run per schedule.
    /// The fire itself is a `schedule.fire` job in `job` (payload: the schedule id).
    static let v13 = """
        CREATE TABLE schedule (
            id INTEGER PRIMARY KEY,
            docID INTEGER NOT NULL UNIQUE REFERENCES doc(id) ON DELETE CASCADE,
            ownerID INTEGER NOT NULL REFERENCES user(id),
            cron TEXT NOT NULL,
            timezone TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
            disabledReason TEXT,
            retries INTEGER NOT NULL CHECK (retries BETWEEN 0 AND 10),
            retryDelaySeconds INTEGER NOT NULL CHECK (retryDelaySeconds BETWEEN 10 AND 86400),
            disableAfterFailures INTEGER NOT NULL CHECK (disableAfterFailures BETWEEN 0 AND 100),
            consecutiveFailures INTEGER NOT NULL DEFAULT 0 CHECK (consecutiveFailures >= 0),
            notify TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(notify)),
            exports TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exports)),
            nextRunAt DATETIME,
            createdAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL,
            CHECK (status = 'active' OR nextRunAt IS NULL)
        );
        CREATE INDEX schedule_next ON schedule(nextRunAt);
        CREATE INDEX schedule_owner ON schedule(ownerID);
        CREATE TABLE scheduleRun (
            id INTEGER PRIMARY KEY,
            scheduleID INTEGER NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            "trigger" TEXT NOT NULL CHECK ("trigger" IN ('schedule', 'manual', 'catch-up')),
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'retrying', 'done', 'failed')),
            attempt INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
            scheduledFor DATETIME NOT NULL,
            startedAt DATETIME,
            finishedAt DATETIME,
            error TEXT,
            failedCellID INTEGER,
            cells TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cells)),
            notifications TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notifications)),
            exports TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exports)),
            nextAttemptAt DATETIME,
            createdAt DATETIME NOT NULL
        );
        CREATE INDEX scheduleRun_schedule ON scheduleRun(scheduleID, id);
        CREATE UNIQUE INDEX scheduleRun_open ON scheduleRun(scheduleID) WHERE status IN ('queued', 'running', 'retrying');
        CREATE INDEX job_payload ON job(kind, payload) WHERE status IN ('queued', 'running');
        """
}
