-- A short report from the social worker to the school's care coordinator (terugkoppeling aan school): shared
-- information, so written only with consent to share with the school or on a recorded legal ground (basis).
CREATE TABLE school_reports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    body TEXT NOT NULL,
    basis TEXT NOT NULL,
    shared_on TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX school_reports_case ON school_reports (case_id, school_id);
