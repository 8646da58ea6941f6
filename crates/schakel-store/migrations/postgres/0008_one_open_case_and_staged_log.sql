-- Issue 9: "one child, one open case file" backed by the database, case numbers from a counter, and the
-- access-log entry of a change staged in the change's own transaction (ADR 008).

-- Open case files of a child that already had an open file when this migration ran (the triage race of issue 9)
-- stay as they are, marked, until they are closed: the rule below then holds for every other file, and the
-- migration cannot fail on such data.
ALTER TABLE cases ADD COLUMN duplicate_open_file BIGINT NOT NULL DEFAULT 0;
UPDATE cases SET duplicate_open_file = 1
WHERE status <> 'closed'
  AND EXISTS (SELECT 1 FROM cases older
              WHERE older.child_id = cases.child_id AND older.status <> 'closed' AND older.id < cases.id);
CREATE UNIQUE INDEX cases_one_open_per_child ON cases (child_id) WHERE status <> 'closed' AND duplicate_open_file = 0;

-- The last sequence number given out per organisation and year (`WW-2026-0042` is number 42 of 2026); taken in
-- the triage's own transaction, so two triages never get the same number.
CREATE TABLE case_number_counters (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    case_year BIGINT NOT NULL,
    last_sequence BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, case_year)
);

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
