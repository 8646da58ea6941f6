-- Issue 9: the access-log entry of a change staged in the change's own transaction (ADR 008).

-- Access-log entries of committed changes that are not yet in the hash chain. AUTOINCREMENT: an id is never
-- given out twice, because the log remembers the ids it has appended (access_log_appended, ADR 008).
CREATE TABLE access_log_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation_id INTEGER,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT,
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    outcome TEXT NOT NULL,
    basis TEXT NOT NULL
);
-- access_log_appended lives in the access-log file (attached as `log`) and is created at start-up, next to
-- log.access_log (Store::migrate).
