-- Appointments and walk-in slots (issue 13, items 6 and 7): a worker, or the school's contact, books a slot of a
-- walk-in hour or a separate appointment at a time the worker is at the school, for a parent or a pupil (a name as
-- typed), optionally linked to the child's case. A walk-in slot is taken once: the partial unique index decides a
-- race (a cancelled booking frees it); a worker has one booking per start time.
CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    kind TEXT NOT NULL,
    slot_id INTEGER REFERENCES presence_slots(id),
    on_date TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    for_name TEXT NOT NULL,
    for_kind TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    case_id INTEGER REFERENCES cases(id),
    status TEXT NOT NULL,
    booked_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX appointments_slot_taken ON appointments (slot_id, on_date, starts_at)
    WHERE slot_id IS NOT NULL AND status <> 'geannuleerd';
CREATE UNIQUE INDEX appointments_worker_time ON appointments (worker_id, on_date, starts_at)
    WHERE status <> 'geannuleerd';
CREATE INDEX appointments_school_date ON appointments (school_id, on_date);
CREATE INDEX appointments_booked_by ON appointments (booked_by, on_date);
