-- Monitoring (issue 12): the arrangements a school started (Kind in Kaart, SMW plus, more hours), from which
-- school year, for the effect estimate; and the organisation's norms for the team dashboard and its threshold for
-- small numbers (never below 5: the application refuses lower).
CREATE TABLE school_arrangements (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    kind TEXT NOT NULL,
    school_year TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (school_id, kind)
);

ALTER TABLE organisations ADD COLUMN figures_threshold INTEGER NOT NULL DEFAULT 5;
ALTER TABLE organisations ADD COLUMN case_norm_weeks INTEGER NOT NULL DEFAULT 26;
ALTER TABLE organisations ADD COLUMN onward_norm_weeks INTEGER NOT NULL DEFAULT 6;

CREATE INDEX referrals_received ON referrals (received_on);
