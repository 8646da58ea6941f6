-- Indirect time (work without the child or family present), per case and so per school; direct time is the
-- minutes of contacts, consultation time the minutes of consultations.
CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    case_id INTEGER REFERENCES cases(id),
    school_id INTEGER REFERENCES schools(id),
    worker_id INTEGER REFERENCES workers(id),
    spent_on TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    activity TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX time_entries_case ON time_entries (case_id);
CREATE INDEX time_entries_school ON time_entries (school_id, spent_on);
