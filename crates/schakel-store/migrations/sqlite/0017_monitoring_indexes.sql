-- Monitoring at scale (issue 12, item 7). The facts of a municipality are found from its schools and from the
-- children living in it; hours per school count an organisation's cases per school (one correlated count per
-- school, which without an index scanned every case).
CREATE INDEX children_residence ON children (residence_municipality_id);
CREATE INDEX cases_school ON cases (school_id, organisation_id);
