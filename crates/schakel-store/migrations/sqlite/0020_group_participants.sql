-- Named participants of a group activity (issue 13, item 1; ADR 026): a child with a case, named only while
-- consent to share with the school holds (checked when added and at every read), and their presence per session.
-- Anonymous attendance stays the counts on group_sessions.
CREATE TABLE group_participants (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES group_activities(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    basis TEXT NOT NULL,
    added_by INTEGER REFERENCES users(id),
    added_at TEXT NOT NULL
);
CREATE UNIQUE INDEX group_participants_activity_case ON group_participants (activity_id, case_id);
CREATE INDEX group_participants_case ON group_participants (case_id);
CREATE TABLE group_session_presence (
    session_id INTEGER NOT NULL REFERENCES group_sessions(id),
    participant_id INTEGER NOT NULL REFERENCES group_participants(id),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX group_session_presence_participant ON group_session_presence (participant_id);
