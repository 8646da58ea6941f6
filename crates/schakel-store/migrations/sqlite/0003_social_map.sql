-- Kind in Kaart and the neighbourhood network: the social map (activities and funds), children's
-- talent-and-interest profiles, activity plans with barrier actions and participation checks.

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER REFERENCES municipalities(id),
    provider_name TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    street_address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    sessions TEXT NOT NULL DEFAULT '',
    cost_per_season_cents INTEGER NOT NULL DEFAULT 0,
    accessible INTEGER NOT NULL DEFAULT 0,
    languages TEXT NOT NULL DEFAULT '',
    capacity_left INTEGER,
    contact TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX activities_municipality ON activities (municipality_id);

CREATE TABLE funds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    municipalities TEXT NOT NULL DEFAULT '',
    income_criterion_percent INTEGER,
    max_cents_per_year INTEGER NOT NULL,
    categories TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE kik_profiles (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    case_id INTEGER REFERENCES cases(id),
    good_at TEXT NOT NULL DEFAULT '',
    likes TEXT NOT NULL DEFAULT '',
    wants_to_learn TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    free_times TEXT NOT NULL DEFAULT '',
    who_brings TEXT NOT NULL DEFAULT '',
    can_travel_alone INTEGER NOT NULL DEFAULT 0,
    transport TEXT NOT NULL DEFAULT 'cycling',
    needs_accessible INTEGER NOT NULL DEFAULT 0,
    languages TEXT NOT NULL DEFAULT '',
    income_percent INTEGER,
    home_latitude REAL,
    home_longitude REAL,
    recorded_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX kik_profiles_child ON kik_profiles (child_id);
CREATE INDEX kik_profiles_case ON kik_profiles (case_id);

CREATE TABLE activity_plans (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES kik_profiles(id),
    case_id INTEGER REFERENCES cases(id),
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    fund_id INTEGER REFERENCES funds(id),
    fund_cents INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    barriers TEXT NOT NULL DEFAULT '',
    trial_on TEXT,
    started_on TEXT,
    check_1m_due TEXT,
    check_1m_result TEXT,
    check_3m_due TEXT,
    check_3m_result TEXT,
    stop_reason TEXT NOT NULL DEFAULT '',
    chosen_on TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX activity_plans_case ON activity_plans (case_id);
CREATE INDEX activity_plans_activity ON activity_plans (activity_id);
