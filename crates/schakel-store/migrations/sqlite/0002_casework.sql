-- Casework: children and their households, referrals, consultations, case files with contacts, goals,
-- consent, onward referrals, tasks, mandate decisions and one timeline that is also the change history.

ALTER TABLE organisations ADD COLUMN case_prefix TEXT NOT NULL DEFAULT 'SMW';
ALTER TABLE organisations ADD COLUMN review_weeks INTEGER NOT NULL DEFAULT 6;
ALTER TABLE organisations ADD COLUMN closure_needs_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN mandate_needs_approval INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN gas_min INTEGER NOT NULL DEFAULT -2;

CREATE TABLE children (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    school_id INTEGER REFERENCES schools(id),
    class_name TEXT NOT NULL DEFAULT '',
    home_language TEXT NOT NULL DEFAULT '',
    interpreter_needed INTEGER NOT NULL DEFAULT 0,
    residence_municipality_id INTEGER REFERENCES municipalities(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX children_name_folded ON children (name_folded);
CREATE INDEX children_birth ON children (date_of_birth);

CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    has_gezag INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX guardians_child ON guardians (child_id);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    child_id INTEGER NOT NULL REFERENCES children(id),
    source TEXT NOT NULL,
    referred_by_user_id INTEGER REFERENCES users(id),
    referrer_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    signals TEXT NOT NULL DEFAULT '',
    urgency TEXT NOT NULL DEFAULT 'normaal',
    parents_informed INTEGER NOT NULL DEFAULT 0,
    parents_agree INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    decided_on TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    case_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX referrals_school ON referrals (school_id, status);
CREATE INDEX referrals_child ON referrals (child_id);

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    school_id INTEGER REFERENCES schools(id),
    worker_id INTEGER REFERENCES workers(id),
    asked_by TEXT NOT NULL DEFAULT '',
    child_label TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL,
    advice TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL DEFAULT 0,
    held_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX consultations_school ON consultations (school_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    case_number TEXT NOT NULL UNIQUE,
    child_id INTEGER NOT NULL REFERENCES children(id),
    school_id INTEGER REFERENCES schools(id),
    worker_id INTEGER REFERENCES workers(id),
    team_id INTEGER REFERENCES teams(id),
    referral_id INTEGER REFERENCES referrals(id),
    previous_case_id INTEGER REFERENCES cases(id),
    status TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    first_contact_on TEXT,
    review_on TEXT,
    closed_on TEXT,
    closure_reason TEXT,
    closure_note TEXT NOT NULL DEFAULT '',
    satisfaction_parent INTEGER,
    satisfaction_child INTEGER,
    safety_concern INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_worker ON cases (worker_id, status);
CREATE INDEX cases_team ON cases (team_id, status);
CREATE INDEX cases_child ON cases (child_id);

CREATE TABLE case_goals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    description TEXT NOT NULL,
    gas_start INTEGER NOT NULL,
    gas_review INTEGER,
    gas_end INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX case_goals_case ON case_goals (case_id);

CREATE TABLE case_contacts (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts (case_id, held_on);

CREATE TABLE case_tasks (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    description TEXT NOT NULL,
    due_on TEXT,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    party TEXT NOT NULL,
    guardian_id INTEGER REFERENCES guardians(id),
    purpose TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    information TEXT NOT NULL DEFAULT '',
    given_on TEXT NOT NULL,
    valid_until TEXT,
    withdrawn_on TEXT,
    child_wish TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX consents_case ON consents (case_id);

CREATE TABLE referral_targets (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER REFERENCES municipalities(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX referral_targets_municipality ON referral_targets (municipality_id);

CREATE TABLE onward_referrals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    target_id INTEGER NOT NULL REFERENCES referral_targets(id),
    status TEXT NOT NULL,
    handover_note TEXT NOT NULL DEFAULT '',
    feedback TEXT NOT NULL DEFAULT '',
    sharing_basis TEXT,
    proposed_on TEXT NOT NULL,
    updated_on TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX onward_referrals_case ON onward_referrals (case_id);

CREATE TABLE mandate_decisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    worker_id INTEGER NOT NULL REFERENCES workers(id),
    care_kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_until TEXT NOT NULL,
    reasons TEXT NOT NULL,
    status TEXT NOT NULL,
    approved_by INTEGER REFERENCES users(id),
    approved_on TEXT,
    decided_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mandate_decisions_case ON mandate_decisions (case_id);

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, at);
