-- Issue 9: the access-log entry of a change staged in the change's own transaction (ADR 008).

-- Access-log entries of committed changes that are not yet in the hash chain. An identity never gives out an id
-- twice, so the ids the log remembers having appended (access_log_appended) stay unambiguous (ADR 008).
CREATE TABLE access_log_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation_id BIGINT,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT,
    route TEXT NOT NULL,
    method TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    outcome TEXT NOT NULL,
    basis TEXT NOT NULL
);
-- The ids of staged entries that are in the chain, written in the same transaction as the chain entries. On
-- SQLite this table lives in the access-log file; here log and data share one database.
CREATE TABLE access_log_appended (
    outbox_id BIGINT PRIMARY KEY
);
