-- Care meetings at school (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13, item 3, ADR 020).
-- A meeting is planned while it has no minutes (recorded_at NULL) and held once they are recorded. Participants
-- are the organisation's users; outside people (school staff, partners) are named in text and get no access.
-- A pupil discussed is named (linked to a case, only with consent to share with the school) or anonymous (a
-- description only). Agreed actions have an owner (a user of the organisation) and a due date.
CREATE TABLE care_meetings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    kind TEXT NOT NULL,
    group_name TEXT NOT NULL DEFAULT '',
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    outside_participants TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    children_discussed INTEGER NOT NULL DEFAULT 0,
    follow_up TEXT NOT NULL DEFAULT '',
    recorded_at TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX care_meetings_school ON care_meetings (school_id, held_on);
CREATE INDEX care_meetings_organisation ON care_meetings (organisation_id, held_on);
CREATE TABLE care_meeting_participants (
    meeting_id INTEGER NOT NULL REFERENCES care_meetings(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE TABLE care_meeting_pupils (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES care_meetings(id),
    case_id INTEGER REFERENCES cases(id),
    description TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX care_meeting_pupils_meeting ON care_meeting_pupils (meeting_id);
CREATE INDEX care_meeting_pupils_case ON care_meeting_pupils (case_id);
CREATE TABLE care_meeting_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES care_meetings(id),
    description TEXT NOT NULL,
    owner_user_id INTEGER NOT NULL REFERENCES users(id),
    due_on TEXT NOT NULL,
    done_on TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX care_meeting_actions_meeting ON care_meeting_actions (meeting_id);
CREATE INDEX care_meeting_actions_owner ON care_meeting_actions (owner_user_id, done_on);
