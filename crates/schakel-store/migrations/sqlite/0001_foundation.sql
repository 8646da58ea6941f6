-- Foundation: organisation model, accounts, sessions, the access log.
-- Timestamps are UTC RFC 3339 text with microseconds; dates are ISO text (YYYY-MM-DD).
-- Booleans are integers 0/1. Every editable row carries a version for optimistic locking.

CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY,
    cbs_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    municipality_id INTEGER REFERENCES municipalities(id),
    smw_plus INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    school_type TEXT NOT NULL,
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    street_address TEXT NOT NULL DEFAULT '',
    postcode TEXT,
    city TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    holiday_region TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX schools_municipality ON schools (municipality_id);
CREATE INDEX schools_name_folded ON schools (name_folded);

CREATE TABLE school_pupils (
    school_id INTEGER NOT NULL REFERENCES schools(id),
    school_year TEXT NOT NULL,
    pupils INTEGER NOT NULL,
    PRIMARY KEY (school_id, school_year)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id),
    team_id INTEGER REFERENCES teams(id),
    school_id INTEGER REFERENCES schools(id),
    municipality_id INTEGER REFERENCES municipalities(id),
    totp_secret TEXT,
    totp_enabled INTEGER NOT NULL DEFAULT 0,
    totp_last_step INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE workers (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    team_id INTEGER REFERENCES teams(id),
    user_id INTEGER REFERENCES users(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    registration_number TEXT,
    may_authorise_youth_care INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX workers_organisation ON workers (organisation_id);
CREATE INDEX workers_user ON workers (user_id);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    hours_per_week REAL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX assignments_worker ON assignments (worker_id);
CREATE INDEX assignments_school ON assignments (school_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    second_factor_done INTEGER NOT NULL DEFAULT 0,
    client_addr TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE access_log (
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
CREATE INDEX access_log_subject ON access_log (subject_kind, subject_id);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE INDEX access_log_at ON access_log (at);
