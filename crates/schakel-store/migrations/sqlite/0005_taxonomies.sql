-- The lists an organisation configures: signals of a referral, themes of a goal. A term keeps its code when its
-- label changes; a term taken off the list is kept inactive, so earlier records keep their label.
CREATE TABLE taxonomy_terms (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    taxonomy TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, taxonomy, code)
);
ALTER TABLE case_goals ADD COLUMN theme TEXT NOT NULL DEFAULT '';
