-- Group work (issue 13, items 1 and 2): group activities of an organisation at one or more schools, organised by
-- its workers and named outside partners, held as a series of sessions with participants counted anonymously;
-- a session's hours are booked to its school as time entries. Live polls on statements at a session: answers
-- keep a keyed hash of a random device cookie, never who answered; paper answers are counts per option.
CREATE TABLE group_activities (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    partner_organisers TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX group_activities_organisation ON group_activities (organisation_id);
CREATE TABLE group_activity_schools (
    activity_id INTEGER NOT NULL REFERENCES group_activities(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    PRIMARY KEY (activity_id, school_id)
);
CREATE INDEX group_activity_schools_school ON group_activity_schools (school_id);
CREATE TABLE group_activity_organisers (
    activity_id INTEGER NOT NULL REFERENCES group_activities(id),
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    PRIMARY KEY (activity_id, worker_id)
);
CREATE TABLE group_sessions (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES group_activities(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    materials TEXT NOT NULL DEFAULT '',
    parents INTEGER,
    children INTEGER,
    evaluation TEXT NOT NULL DEFAULT '',
    preparation_minutes INTEGER NOT NULL DEFAULT 0,
    session_minutes INTEGER NOT NULL DEFAULT 0,
    recorded_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX group_sessions_activity ON group_sessions (activity_id, held_on);
CREATE INDEX group_sessions_school ON group_sessions (school_id, held_on);
ALTER TABLE time_entries ADD COLUMN group_session_id INTEGER REFERENCES group_sessions(id);
CREATE INDEX time_entries_group_session ON time_entries (group_session_id);
CREATE TABLE polls (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES group_sessions(id),
    title TEXT NOT NULL,
    code TEXT,
    opened_at TEXT,
    closed_at TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX polls_code ON polls (code);
CREATE INDEX polls_session ON polls (session_id);
CREATE TABLE poll_statements (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX poll_statements_poll ON poll_statements (poll_id, position);
CREATE TABLE poll_answers (
    statement_id INTEGER NOT NULL REFERENCES poll_statements(id),
    device_hash TEXT NOT NULL,
    score INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, device_hash)
);
CREATE TABLE poll_paper_counts (
    statement_id INTEGER NOT NULL REFERENCES poll_statements(id),
    score INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    PRIMARY KEY (statement_id, score)
);
