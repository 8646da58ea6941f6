-- SQLite: the access log moves to its own file (attached as `log`, see ADR 003 and 006). Every read of personal
-- data appends to it; in the data file those commits reset every reader's page cache. Entries move unchanged,
-- so the hash chain stays intact.
CREATE TABLE log.access_log (
    seq INTEGER PRIMARY KEY,
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
    basis TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
INSERT INTO log.access_log SELECT * FROM main.access_log;
DROP TABLE main.access_log;
CREATE INDEX log.access_log_subject ON access_log (subject_kind, subject_id);
CREATE INDEX log.access_log_user ON access_log (user_id, at);
CREATE INDEX log.access_log_at ON access_log (at);
