-- Presence at schools and holiday cover (issue 13, items 4 and 5): per assignment a weekly pattern of presence
-- times and walk-in hours with exceptions (a date cancelled or moved), school holidays per region and school
-- year, a duty roster of who covers which school when, and a secret calendar-feed URL per user (only its keyed
-- hash is stored).
CREATE TABLE presence_slots (
    id INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    kind TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX presence_slots_assignment ON presence_slots (assignment_id);
CREATE TABLE presence_exceptions (
    id INTEGER PRIMARY KEY,
    slot_id INTEGER NOT NULL REFERENCES presence_slots(id),
    on_date TEXT NOT NULL,
    moved_to_date TEXT,
    moved_starts_at TEXT,
    moved_ends_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX presence_exceptions_slot_date ON presence_exceptions (slot_id, on_date);
CREATE TABLE school_holidays (
    id INTEGER PRIMARY KEY,
    school_year TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX school_holidays_year_region_name ON school_holidays (school_year, region, name);
CREATE TABLE covers (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    absent_worker_id INTEGER REFERENCES workers(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX covers_school ON covers (school_id, starts_on);
CREATE INDEX covers_worker ON covers (worker_id, starts_on);
CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_hash);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);
