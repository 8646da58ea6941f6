-- The hours a week a worker's contract gives (issue 11): the team lead sees when fixed assignments exceed it.
-- Empty means not recorded; the application keeps it within 0–40.
ALTER TABLE workers ADD COLUMN contract_hours REAL;
